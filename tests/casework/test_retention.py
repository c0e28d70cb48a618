"""Retention: cases past purge_after go with their files and everything hanging off them
(casework.services.retention); drafts past expiry likewise (reports.services.drafts_purge)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from casework.models import (
    CaseAccess,
    CaseDocument,
    CaseEvent,
    CaseMessage,
    private_storage,
)
from casework.services import record, record_access, retention
from casework.tasks import purge_expired
from reports.models import Delivery, DraftDocument, ReportDraft
from reports.services import drafts_purge
from reports.tasks import purge_expired_drafts
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def document(case, content: bytes) -> CaseDocument:
    return CaseDocument.objects.create(
        case=case,
        file=ContentFile(content, name="photo.jpg"),
        name="photo.jpg",
        content_type="image/jpeg",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def expired_case(**fields):
    case = CaseFactory(purge_after=timezone.now() - timedelta(days=1), **fields)
    record(case, "case.received", actor=None)
    CaseMessage.objects.create(case=case, body="Any news?", body_html="<p>Any news?</p>")
    Delivery.objects.create(case=case)
    return case


def test_an_expired_case_goes_with_its_history_messages_and_files(
    call_handler, django_capture_on_commit_callbacks
):
    case = expired_case()
    stored = document(case, b"expired evidence").file.name
    record_access(case, user=call_handler)
    kept = CaseFactory()  # purge_after a year away
    kept_file = document(kept, b"kept evidence").file.name
    assert private_storage.exists(stored)

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_expired() == 1

    assert not private_storage.exists(stored)
    assert private_storage.exists(kept_file)
    assert not CaseEvent.objects.filter(case_id=case.pk).exists()
    assert not CaseMessage.objects.filter(case_id=case.pk).exists()
    assert not Delivery.objects.filter(case_id=case.pk).exists()
    assert list(CaseDocument.objects.values_list("case_id", flat=True)) == [kept.pk]
    assert retention.purge_expired() == 0  # idempotent: nothing left to do


def test_the_purge_works_in_batches_and_keeps_what_is_not_yet_due():
    for _ in range(5):
        expired_case()
    due_tomorrow = CaseFactory(purge_after=timezone.now() + timedelta(days=1))

    assert retention.purge_expired(batch=2) == 5

    assert [c.pk for c in type(due_tomorrow).objects.all()] == [due_tomorrow.pk]
    later = timezone.now() + timedelta(days=2)
    assert retention.purge_expired(now=later) == 1


def test_the_beat_task_purges_and_is_scheduled_nightly():
    expired_case()

    assert purge_expired() == 1
    assert purge_expired() == 0
    task = PeriodicTask.objects.get(task="casework.purge_expired")
    assert task.enabled and task.crontab.hour == "3"


def draft(*, expired: bool, content: bytes) -> tuple[ReportDraft, str]:
    expires = timezone.now() + timedelta(days=-1 if expired else 1)
    row = ReportDraft.objects.create(kind="crime.theft", expires_at=expires)
    upload = DraftDocument.objects.create(
        draft=row,
        file=ContentFile(content, name="draft.jpg"),
        name="draft.jpg",
        content_type="image/jpeg",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return row, upload.file.name


def test_expired_drafts_go_with_their_files_and_current_ones_stay(
    django_capture_on_commit_callbacks,
):
    old, old_file = draft(expired=True, content=b"old")
    current, current_file = draft(expired=False, content=b"current")

    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_purge.purge_expired_drafts() == 1

    assert list(ReportDraft.objects.values_list("pk", flat=True)) == [current.pk]
    assert not DraftDocument.objects.filter(draft_id=old.pk).exists()
    assert not private_storage.exists(old_file)
    assert private_storage.exists(current_file)
    assert purge_expired_drafts() == 0
    assert PeriodicTask.objects.get(task="reports.purge_expired_drafts").enabled


def test_a_draft_file_that_moved_to_its_case_is_kept_with_the_case(
    django_capture_on_commit_callbacks,
):
    row, name = draft(expired=True, content=b"moved to the case")
    case = CaseFactory()
    CaseDocument.objects.create(
        case=case, file=name, name="draft.jpg", content_type="image/jpeg", size=17, sha256="a" * 64
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert drafts_purge.purge_expired_drafts() == 1

    assert not ReportDraft.objects.filter(pk=row.pk).exists()
    assert private_storage.exists(name)


def test_a_purge_that_rolls_back_keeps_every_file(django_capture_on_commit_callbacks):
    case = expired_case()
    case_file = document(case, b"still the case's").file.name
    _, draft_file = draft(expired=True, content=b"still the draft's")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        retention.purge_expired()
        drafts_purge.purge_expired_drafts()
        transaction.set_rollback(True)  # the database fails after the deletes, say

    assert private_storage.exists(case_file) and private_storage.exists(draft_file)
    assert CaseDocument.objects.filter(case_id=case.pk).exists()


def test_a_purged_cases_file_that_another_case_still_names_is_kept(
    django_capture_on_commit_callbacks,
):
    case = expired_case()
    shared = document(case, b"one photo, two cases").file.name
    other = CaseFactory()
    CaseDocument.objects.create(
        case=other,
        file=shared,
        name="photo.jpg",
        content_type="image/jpeg",
        size=20,
        sha256="b" * 64,
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert retention.purge_expired() == 1

    assert private_storage.exists(shared)


def test_the_access_log_outlives_the_case_naming_it_by_reference(call_handler):
    case = expired_case()
    CaseAccess.objects.create(
        case=case, case_reference=case.reference, user=call_handler, action="view"
    )

    assert retention.purge_expired() == 1

    access = CaseAccess.objects.get()
    assert access.case_id is None and access.case_reference == case.reference
    assert access.user == call_handler


def test_record_access_names_the_case_by_reference_on_the_log_row(call_handler):
    case = CaseFactory()

    record_access(case, user=call_handler)

    assert CaseAccess.objects.get().case_reference == case.reference


def test_access_log_rows_go_six_years_after_they_were_written(call_handler):
    case = CaseFactory()
    now = timezone.now()
    old = CaseAccess.objects.create(
        case=case, user=call_handler, action="view", at=now - timedelta(days=6 * 366)
    )
    recent = CaseAccess.objects.create(
        case=case, user=call_handler, action="view", at=now - timedelta(days=5 * 365)
    )

    retention.purge_expired(now=now)

    assert list(CaseAccess.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not CaseAccess.objects.filter(pk=old.pk).exists()
