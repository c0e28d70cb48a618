"""Sending a report: screened, graded, filed as a private case, once."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from casework import notices
from casework.models import Case, Counter
from casework.services import open_case
from engage.models import Neighbourhood
from engage.refusals import EmergencyNotAcknowledged, NotAllowed
from moderation.screening import screen
from reports import evidence, grading
from reports.models import ReportDraft
from reports.types import report_type, steps_of

if TYPE_CHECKING:
    from engage.models import User
    from moderation.screening import Screening

REPEAT_WINDOW = timedelta(days=365)


def free_text(answers: dict[str, Any]) -> str:
    """Everything the reporter wrote in their own words, for screening."""
    parts = [
        answers.get("what", {}).get("text", ""),
        answers.get("where", {}).get("place", ""),
        answers.get("people", {}).get("descriptions", ""),
        answers.get("witnesses", {}).get("details", ""),
        *(item.get("description", "") for item in answers.get("items", {}).get("entries", [])),
        *(
            answers.get("contact", {}).get(field, "")
            for field in ("best_times", "avoid_times", "needs")
        ),
    ]
    return "\n\n".join(part for part in parts if part)


def summary_of(answers: dict[str, Any]) -> str:
    """The case's summary: what happened, or for lost and found property, the items."""
    what = answers.get("what", {}).get("text", "")
    if what:
        return str(what)
    items = answers.get("items", {}).get("entries", [])
    return "; ".join(item.get("description", "") for item in items) or "(no description)"


def _as_record(screening: Screening) -> list[dict[str, object]]:
    return [
        {"detector": f.detector, "lane": f.lane, "reason": f.reason} for f in screening.findings
    ]


def _missing(draft: ReportDraft) -> list[str]:
    asked = [step for step in steps_of(draft.kind) if step not in ("check", "evidence")]
    optional = {"items", "vehicles"}  # a list may be empty ("None")
    return [step for step in asked if step not in draft.answers and step not in optional]


@transaction.atomic
def submit_report(
    *, draft: ReportDraft, reporter: User | None, acknowledged_emergency: bool = False
) -> Case:
    """File the draft as a case, exactly once: the draft row is locked and the case is keyed
    by the draft's id, so a double click or a retry returns the first case. Text that reads as
    an emergency is refused until its writer has seen the 999 page (EmergencyNotAcknowledged).
    The grade comes from reports.grading; the receipt email goes through the outbox."""
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    if draft.case_id is not None:
        return Case.objects.get(pk=draft.case_id)
    found = report_type(draft.kind)
    if found is None or found.routed_elsewhere:
        raise NotAllowed("Choose what you are reporting first.")
    if reporter is None and not found.anonymous_allowed:
        raise NotAllowed("Sign in, or create an account, to send this kind of report.")
    if _missing(draft):
        raise NotAllowed("Some questions have not been answered yet: answer them, then send.")
    answers = {step: draft.answers[step] for step in steps_of(draft.kind) if step in draft.answers}
    # All of it, not the in-request prefix concerns use: a report has no background re-screen
    # and no moderator before a call handler, and the danger is often written last. Once per
    # report, so the cost (a few ms per thousand characters) is paid once.
    screening = screen(free_text(answers), at_risk=draft.at_risk)
    if screening.is_emergency and not acknowledged_emergency:
        raise EmergencyNotAcknowledged()
    previous = 0
    if reporter is not None:
        since = timezone.now() - REPEAT_WINDOW
        # At most ten looked at: enough to say "repeat", never a count over a growing table.
        recent = Case.objects.by_reporter(reporter).filter(
            counter=Counter.REPORT, created_at__gte=since
        )
        previous = len(recent.values("pk")[:10])
    assessment = grading.assess(
        draft.kind, answers, screening, draft.at_risk, previous_reports=previous
    )
    place_id = answers.get("where", {}).get("neighbourhood")
    contact = answers.get("contact", {})
    # Signed out and leaving no way to reach them is anonymous too; a phone number left by
    # someone signed out is a wish to be called back.
    reachable = bool(contact.get("phone") or contact.get("email"))
    anonymous = bool(contact.get("anonymous")) or (reporter is None and not reachable)
    case = open_case(
        counter=Counter.REPORT,
        kind=draft.kind,
        reporter=reporter,
        summary=summary_of(answers),
        answers=answers,
        neighbourhood=Neighbourhood.objects.filter(pk=place_id).first() if place_id else None,
        grade=assessment.grade,
        thrive=assessment.thrive,
        grade_reason="; ".join(assessment.reasons),
        screening=_as_record(screening),
        anonymous=anonymous,
        submission_key=str(draft.pk),
        source_concern_ref=draft.source_concern_ref,
    )
    evidence.move_to_case(draft, case)
    notices.tell_reporter(case, "receipt", key=f"case-receipt-{case.pk}")
    draft.case = case
    draft.answers = {}  # the case holds them now, under its access log and retention
    draft.save(update_fields=["case", "answers"])
    return case
