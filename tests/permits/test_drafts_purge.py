"""Application drafts past their expiry go with their files (permits.services.drafts_purge),
nightly (permits.tasks); a file that moved to a submitted case stays with the case."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from casework.models import CaseDocument, private_storage
from permits.models import ApplicationDraft, DraftFile
from permits.services import drafts_purge
from permits.tasks import purge_expired_drafts
from tests.factories import CaseFactory, seeded_type

pytestmark = pytest.mark.django_db


def draft(owner, *, expired: bool, content: bytes) -> tuple[ApplicationDraft, str]:
    expires = timezone.now() + timedelta(days=-1 if expired else 1)
    row = ApplicationDraft.objects.create(
        owner=owner, type=seeded_type("firearms"), expires_at=expires
    )
    upload = DraftFile.objects.create(
        draft=row,
        question_key="medical_proforma",
        file=ContentFile(content, name="proforma.pdf"),
        name="proforma.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return row, upload.file.name


def test_expired_drafts_go_with_their_files_and_current_ones_stay(
    resident, django_capture_on_commit_callbacks
):
    old, old_file = draft(resident, expired=True, content=b"old")
    current, current_file = draft(resident, expired=False, content=b"current")

    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_purge.purge_expired_drafts() == 1

    assert list(ApplicationDraft.objects.values_list("pk", flat=True)) == [current.pk]
    assert not DraftFile.objects.filter(draft_id=old.pk).exists()
    assert not private_storage.exists(old_file)
    assert private_storage.exists(current_file)


def test_the_purge_works_in_batches_and_is_idempotent(resident):
    for number in range(5):
        draft(resident, expired=True, content=f"draft {number}".encode())

    assert drafts_purge.purge_expired_drafts(batch=2) == 5
    assert drafts_purge.purge_expired_drafts() == 0
    assert not ApplicationDraft.objects.exists()


def test_a_draft_file_that_moved_to_its_case_is_kept_with_the_case(
    resident, django_capture_on_commit_callbacks
):
    row, name = draft(resident, expired=True, content=b"moved to the case")
    CaseDocument.objects.create(
        case=CaseFactory(),
        file=name,
        name="proforma.pdf",
        content_type="application/pdf",
        size=17,
        sha256="a" * 64,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_purge.purge_expired_drafts() == 1

    assert not ApplicationDraft.objects.filter(pk=row.pk).exists()
    assert private_storage.exists(name)


def test_the_beat_task_purges_and_is_scheduled_nightly(resident):
    draft(resident, expired=True, content=b"old")

    assert purge_expired_drafts() == 1
    assert purge_expired_drafts() == 0
    task = PeriodicTask.objects.get(task="permits.purge_expired_drafts")
    assert task.enabled and task.crontab.hour == "3"
