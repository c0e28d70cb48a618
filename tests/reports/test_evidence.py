"""The report's evidence step: one file at a time, without JavaScript, checked as every case
document is, at most ten, moved to the case (the same stored files) when the report is sent."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from casework.models import CaseDocument, private_storage
from reports import evidence
from reports.models import DraftDocument, ReportDraft


def jpeg(colour=(10, 120, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 12), colour).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def draft(resident):
    return ReportDraft.objects.create(owner=resident, kind="crime.theft")


def step(draft, method="get", data=None, user=None):
    """The evidence step as the report's step view calls it (ownership already checked)."""
    factory = RequestFactory()
    path = f"/report/{draft.pk}/evidence/"
    request = factory.post(path, data) if method == "post" else factory.get(path)
    request.user = user or draft.owner or AnonymousUser()
    request.session = {}
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return evidence.evidence_step(request, draft, forward="/next/", back="/previous/")


def photo(name="bike.jpg", colour=(10, 120, 200)):
    return SimpleUploadedFile(name, jpeg(colour), content_type="image/jpeg")


def test_the_evidence_page_offers_an_upload_without_javascript(draft):
    page = step(draft).content.decode()

    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    assert 'href="/previous/"' in page and 'name="continue"' in page


def test_an_uploaded_photo_is_held_on_the_draft_and_listed_with_a_remove_button(draft):
    response = step(draft, "post", {"upload": "1", "file": photo()})

    assert response.status_code == 302 and response["Location"] == f"/report/{draft.pk}/evidence/"
    held = DraftDocument.objects.get(draft=draft)
    assert held.name == "bike.jpg" and private_storage.exists(held.file.name)
    page = step(draft).content.decode()
    assert "bike.jpg" in page and f'name="remove" value="{held.pk}"' in page


def test_a_file_that_is_not_a_photo_is_refused_in_an_error_summary(draft):
    fake = SimpleUploadedFile("photo.jpg", b"<html>hello</html>", content_type="image/jpeg")

    page = step(draft, "post", {"upload": "1", "file": fake}).content.decode()

    assert "govuk-error-summary" in page and 'href="#id_file"' in page
    assert "is not a photo (JPEG, PNG or WebP) or a PDF" in page
    assert not DraftDocument.objects.filter(draft=draft).exists()


def test_uploading_without_choosing_a_file_says_what_to_do(draft):
    page = step(draft, "post", {"upload": "1"}).content.decode()

    assert "Choose a file to upload, or continue without one." in page


def test_continue_goes_forward_and_uploads_a_file_chosen_first(draft):
    response = step(draft, "post", {"continue": "1", "file": photo()})

    assert response["Location"] == "/next/" and draft.documents.count() == 1
    assert step(draft, "post", {"continue": "1"})["Location"] == "/next/"


def test_remove_takes_the_file_off_the_draft_and_deletes_it(
    draft, django_capture_on_commit_callbacks
):
    step(draft, "post", {"upload": "1", "file": photo()})
    held = DraftDocument.objects.get(draft=draft)

    with django_capture_on_commit_callbacks(execute=True):
        step(draft, "post", {"remove": str(held.pk)})

    assert not DraftDocument.objects.filter(pk=held.pk).exists()
    assert not private_storage.exists(held.file.name)


def test_another_drafts_file_cannot_be_removed(draft, other_resident):
    other = ReportDraft.objects.create(owner=other_resident, kind="crime.theft")
    step(other, "post", {"upload": "1", "file": photo()})
    theirs = DraftDocument.objects.get(draft=other)

    step(draft, "post", {"remove": str(theirs.pk)})

    assert DraftDocument.objects.filter(pk=theirs.pk).exists()


def test_a_draft_holds_at_most_ten_files(draft):
    for shade in range(10):
        step(draft, "post", {"upload": "1", "file": photo(f"{shade}.jpg", (shade * 20, 0, 0))})

    page = step(draft, "post", {"upload": "1", "file": photo("11.jpg", (0, 250, 0))})

    assert draft.documents.count() == 10
    assert "You can add up to 10 files to a report." in page.content.decode()
    assert 'type="file"' not in step(draft).content.decode()  # the page says it is full


def test_on_submission_the_drafts_files_become_the_cases_documents(draft, report_by, resident):
    step(draft, "post", {"upload": "1", "file": photo()})
    held = DraftDocument.objects.get(draft=draft)
    case = report_by()

    evidence.move_to_case(draft, case)

    moved = CaseDocument.objects.get(case=case)
    assert moved.file.name == held.file.name and moved.sha256 == held.sha256
    assert moved.uploaded_by == resident and moved.name == "bike.jpg"
    assert not DraftDocument.objects.filter(draft=draft).exists()
    draft.delete()
    assert private_storage.exists(moved.file.name)  # the case keeps its file


def test_a_file_too_big_is_stopped_while_it_streams_and_the_page_says_the_limit(resident, settings):
    """Through the real upload handlers (engage/uploads.py) and the report's step view."""
    from django.urls import reverse

    from tests.conftest import signed_in
    from tests.reports import start

    settings.CASE_DOCUMENT_MAX_BYTES = 1024 * 1024
    client = signed_in(resident)
    draft = start(client)
    big = SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff" + b"0" * (2 * 1024 * 1024))

    page = client.post(
        reverse("reports:step", kwargs={"draft": draft.pk, "step": "evidence"}),
        {"file": big, "upload": "1"},
    )

    assert "smaller than 1 MB" in page.content.decode()
    assert not DraftDocument.objects.exists()
