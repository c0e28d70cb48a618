"""Decision letters: the PDF an applicant downloads once their application is decided.

The only import of WeasyPrint. The letter is drawn from templates/permits/letters/decision.html
as a tagged PDF (PDF/UA-1: real text, a structure tree, /Lang, /MarkInfo and a title), so a
screen reader reads it as it reads a page. Nothing is fetched while drawing: no stylesheet,
image or font from anywhere (the fetcher refuses every URL), and no script runs (WeasyPrint
runs none).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from casework.models import Case
from casework.states import CaseStatus
from permits.models import Application

# How to challenge a refusal, by type: the law differs (a force adds its own here).
APPEALS = {
    "firearms": "You can appeal against this decision to the Crown Court within 21 days of "
    "the date of this letter (Firearms Act 1968, section 44). Write to the Crown Court that "
    "covers where you live and send us a copy; you may want to take legal advice first.",
}
REVIEW_ROUTE = (
    "If you think this decision is wrong, write to us at the address below within 21 days, "
    "saying why, and a senior officer who did not make it will look at it again."
)


def refuse_to_fetch(url: str) -> Any:
    """What a letter's URL fetcher does with every URL: refuse it, so a letter is drawn from
    its own HTML alone (no file, no network, whatever the answers contain)."""
    raise ValueError(f"Letters fetch nothing ({url[:40]}).")


def decision_words(application: Application, status: str) -> str:
    """The decision in plain words, for the letter's heading and title."""
    if status == CaseStatus.REFUSED:
        return "refused"
    return "acknowledged" if application.type.is_notification else "granted"


def letter_context(case: Case) -> dict[str, Any]:
    application = Application.objects.select_related("type", "decided_by").get(case=case)
    kind = application.type
    decision = decision_words(application, case.status)
    if kind.is_notification and decision != "refused":
        title = f"Acknowledgement of your notice {case.reference}"
    else:
        title = f"Your application {case.reference} has been {decision}"
    return {
        "case": case,
        "application": application,
        "type": kind,
        "unit": case.unit,
        "decision": decision,
        "title": title,
        "refused": case.status == CaseStatus.REFUSED,
        "appeal": APPEALS.get(kind.slug, REVIEW_ROUTE),
        "dated": timezone.localtime(application.decided_at or timezone.now()),
    }


def decision_letter(case: Case) -> bytes:
    """The decision letter for a granted or refused application, as PDF bytes."""
    return draw_pdf(render_to_string("permits/letters/decision.html", letter_context(case)))


def draw_pdf(html: str) -> bytes:
    """A tagged PDF/UA-1 document (real text, structure, /Lang) drawn from `html` alone."""
    # Imported here: WeasyPrint loads Pango and fonts, which no other page needs at start-up.
    from weasyprint import HTML  # type: ignore[import-untyped]
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class FetchNothing(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            return refuse_to_fetch(url)

    document = HTML(string=html, base_url=None, url_fetcher=FetchNothing())
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))
