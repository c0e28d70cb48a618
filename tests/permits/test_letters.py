"""Decision letters (permits.letters, permits.letter_views): a tagged, accessible PDF with real
text (a structure tree, /MarkInfo, /Lang, a title), the decision in plain words (an
acknowledgement for a notice, the reasons in a refusal, the appeal route), nothing fetched
while drawing it, and who may download it."""

from __future__ import annotations

import http.server
import io
import threading

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from casework.models import AccessAction, Case, CaseAccess
from casework.states import CaseStatus
from permits import letters
from permits.services import review
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

S = CaseStatus
PROCESSION = {
    "title": "Walk for the river",
    "starts": "2030-06-01T11:00",
    "ends": "2030-06-01T14:00",
    "route": "Camden High Street, then Parkway",
}


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


@pytest.fixture
def granted(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    review.grant(
        case,
        officer=licensing_officer,
        version=case.version,
        reason="You showed a good reason for each gun.",
        conditions="Keep the cabinet bolted to a wall.",
    )
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def refused(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    review.refuse(
        case,
        officer=licensing_officer,
        version=case.version,
        reason="The storage you described is not secure.",
    )
    return Case.objects.get(pk=case.pk)


def test_the_letter_is_a_tagged_pdf_with_language_title_and_real_text(granted):
    reader, text = read(letters.decision_letter(granted))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert str(root["/Lang"]).startswith("en")
    assert granted.reference in str(reader.metadata.title)
    assert granted.reference in text and "granted" in text
    assert "Keep the cabinet bolted to a wall." in text
    assert "Valid until" in text  # a certificate's end
    assert "If anyone is in danger, call 999" in text
    assert "Firearms Licensing Unit" in text and "firearms.licensing@engage.example" in text


def test_a_refusal_letter_gives_the_reasons_and_the_appeal(refused):
    _, text = read(letters.decision_letter(refused))
    assert "refused" in text
    assert "The storage you described is not secure." in text
    assert "Crown Court within 21 days" in text


def test_a_procession_gets_an_acknowledgement(application_by, other_licensing_officer):
    case = application_by(type_slug="procession", answers=PROCESSION)
    review.grant(case, officer=other_licensing_officer, version=case.version)
    reader, text = read(letters.decision_letter(Case.objects.get(pk=case.pk)))
    assert "Acknowledgement of your notice" in text and "We acknowledge your notice" in text
    assert "granted" not in text
    assert "Acknowledgement" in str(reader.metadata.title)


def test_drawing_a_letter_fetches_nothing():
    """Even HTML that names an image, a stylesheet and a local file makes no request."""
    asked: list[str] = []

    class Listener(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        pdf = letters.draw_pdf(
            f'<html lang="en-GB"><head><link rel="stylesheet" href="{base}/s.css"></head>'
            f'<body><p>Text</p><img src="{base}/logo.png" alt=""><img src="file:///etc/passwd">'
            "</body></html>"
        )
    finally:
        server.shutdown()
    assert asked == [] and pdf.startswith(b"%PDF")


def test_the_letter_escapes_what_the_officer_wrote(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    review.refuse(
        case,
        officer=licensing_officer,
        version=case.version,
        reason='<img src="https://example.com/x.png"> <b>no</b>',
    )
    _, text = read(letters.decision_letter(Case.objects.get(pk=case.pk)))
    assert '<img src="https://example.com/x.png">' in text


# Who may download it.

NOBODY = [
    "anonymous",
    "other_resident",
    "officer",
    "call_handler",
    "moderator",
    "staff_admin",
    "other_licensing_officer",
]


def client_for(request, persona: str, two_factor: bool = True) -> Client:
    if persona == "anonymous":
        return Client()
    user = request.getfixturevalue(persona)
    has_device = user.totpdevice_set.filter(confirmed=True).exists()
    return signed_in(user, two_factor=two_factor and has_device)


def letter_url(case: Case) -> str:
    return reverse("permits:letter", args=[case.reference])


@pytest.mark.parametrize("persona", NOBODY)
def test_nobody_else_may_download_it(request, persona, granted):
    assert client_for(request, persona).get(letter_url(granted)).status_code == 404
    assert not CaseAccess.objects.exists()


def test_the_applicant_downloads_it_as_an_attachment_unlogged(request, granted):
    response = client_for(request, "resident").get(letter_url(granted))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.content.startswith(b"%PDF")
    assert not CaseAccess.objects.exists()  # their own data


def test_the_units_officer_downloads_it_logged(request, refused, licensing_officer):
    response = client_for(request, "licensing_officer").get(letter_url(refused))
    assert response.status_code == 200
    access = CaseAccess.objects.get()
    assert (access.user, access.action) == (licensing_officer, AccessAction.DOWNLOAD)


def test_the_units_officer_without_two_factor_is_sent_to_it(request, granted):
    response = client_for(request, "licensing_officer", two_factor=False).get(letter_url(granted))
    assert response.status_code == 302 and "two-factor" in response["Location"]
    assert not CaseAccess.objects.exists()


@pytest.mark.parametrize("status", [S.RECEIVED, S.UNDER_REVIEW, S.MORE_INFO, S.WITHDRAWN])
def test_there_is_no_letter_before_a_decision(request, application_by, status):
    case = application_by(status=status)
    assert client_for(request, "resident").get(letter_url(case)).status_code == 404
    assert client_for(request, "licensing_officer").get(letter_url(case)).status_code == 404


def test_an_unknown_reference_is_404(request):
    url = reverse("permits:letter", args=["P-00000-00000"])
    assert client_for(request, "resident").get(url).status_code == 404
