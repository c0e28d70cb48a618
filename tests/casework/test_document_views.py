"""A case's documents reach only its reporter and the staff on it, after two-factor; every
staff download is in the access log; anyone else gets 404, as for a case that does not exist."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from casework.documents import check_upload
from casework.models import AccessAction, CaseAccess, CaseDocument, private_storage
from casework.services.documents import add_document
from tests.conftest import signed_in


def jpeg(colour=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 12), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def document(report_by, resident):
    """A photo on a report by `resident`, passed to the `officer`'s team."""
    case = report_by(with_team=True)
    upload = SimpleUploadedFile("bike lock.jpg", jpeg(), content_type="image/jpeg")
    return add_document(case, uploaded_by=resident, clean=check_upload(upload))


def url(document: CaseDocument) -> str:
    return reverse("casework:document", args=[document.case.reference, document.pk])


PERSONAS = {
    "anonymous": (None, False, 404, False),
    "resident": (None, False, 200, False),  # the reporter
    "other_resident": (None, False, 404, False),
    "officer": (None, True, 200, True),  # of the case's team
    "other_officer": (None, True, 404, False),
    "call_handler": (None, True, 200, True),
    "call_handler_unverified": ("call_handler", False, 404, False),
    "moderator": (None, True, 404, False),
    "staff_admin": (None, True, 404, False),  # an admin is no case worker as such
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_may_download_a_case_document(persona, document, request):
    fixture, two_factor, expected, logged = PERSONAS[persona]
    if persona == "anonymous":
        client = Client()
    else:
        user = request.getfixturevalue(fixture or persona)
        client = signed_in(user, two_factor=two_factor)

    response = client.get(url(document))

    assert response.status_code == expected
    accesses = CaseAccess.objects.filter(case=document.case, action=AccessAction.DOWNLOAD)
    assert accesses.count() == (1 if logged else 0)
    if logged:
        assert accesses.get().detail == "bike lock.jpg"


def test_a_download_is_an_attachment_that_no_browser_renders_or_caches(document, resident):
    response = signed_in(resident).get(url(document))

    body = b"".join(response.streaming_content)
    with private_storage.open(document.file.name) as stored:
        assert body == stored.read()
    assert response["Content-Disposition"] == 'attachment; filename="bike lock.jpg"'
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_document_of_another_case_is_not_found_under_this_ones_reference(
    document, report_by, resident
):
    mine_too = report_by()

    response = signed_in(resident).get(
        reverse("casework:document", args=[mine_too.reference, document.pk])
    )

    assert response.status_code == 404


def test_the_documents_list_links_each_file(document, resident):
    from django.template.loader import render_to_string

    html = render_to_string("casework/_documents.html", {"case": document.case})

    assert url(document) in html and "bike lock.jpg" in html
