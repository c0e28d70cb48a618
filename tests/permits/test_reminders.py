"""Renewal reminders (permits.services.reminders, permits.tasks): one email per stage however
often or however concurrently the task runs, a missed stage sent late once, nothing for a
certificate renewed or expired, and an email that names the reference and nothing else."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from engage import outbox
from engage.celery import app
from engage.models import OutboxItem
from permits.models import Reminder
from permits.services import reminders
from permits.tasks import send_renewal_reminders
from tests.factories import ApplicationCaseFactory, ApplicationTypeFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


@pytest.fixture
def certificate(application_by):
    """certificate(days_left, **fields): a granted firearms application whose certificate
    runs out `days_left` days after TODAY."""

    def make(days_left: int, **fields):
        fields.setdefault("status", "granted")
        case = application_by(application__expires_on=TODAY + timedelta(days=days_left), **fields)
        return case.application

    return make


def stages_sent(application) -> list[int]:
    return sorted(
        Reminder.objects.filter(application=application).values_list("days_before", flat=True)
    )


def test_a_certificate_thirty_days_from_expiry_gets_one_reminder_however_often_the_task_runs(
    certificate,
):
    application = certificate(30)

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert reminders.send_due_reminders(today=TODAY) == 0  # beat fired twice
    assert reminders.send_due_reminders(today=TODAY + timedelta(days=1)) == 0  # and next day

    assert stages_sent(application) == [30]
    [item] = OutboxItem.objects.filter(kind="casework.notice")
    assert item.dedupe_key == f"reminder:{application.pk}:30"
    assert item.payload["what"] == "reminder"


def test_each_stage_is_sent_once_as_the_expiry_nears(certificate):
    application = certificate(100)
    expiry = application.expires_on
    sent = {}

    for day in range(0, 101):  # every morning from 100 days before to the expiry itself
        sent[day] = reminders.send_due_reminders(today=TODAY + timedelta(days=day))

    assert stages_sent(application) == [7, 30, 90]
    assert [day for day, count in sent.items() if count] == [
        (expiry - timedelta(days=stage) - TODAY).days for stage in (90, 30, 7)
    ]
    assert OutboxItem.objects.filter(kind="casework.notice").count() == 3


def test_missed_stages_are_sent_late_once_and_only_the_most_recent(certificate):
    application = certificate(25)  # the task did not run at 90 or at 30 days

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert reminders.send_due_reminders(today=TODAY + timedelta(days=1)) == 0

    assert stages_sent(application) == [30]  # one email, not the 90 and the 30 together
    reminders.send_due_reminders(today=TODAY + timedelta(days=20))  # 5 days left
    assert stages_sent(application) == [7, 30]


def test_a_retry_of_a_stage_already_sent_queues_nothing(certificate):
    application = certificate(30)

    assert reminders.remind(application=application, days_before=30) is True
    assert reminders.remind(application=application, days_before=30) is False

    assert stages_sent(application) == [30]
    assert OutboxItem.objects.filter(kind="casework.notice").count() == 1


def test_the_stages_are_the_settings(certificate, settings):
    settings.PERMIT_REMINDER_DAYS = (60, 14)
    application = certificate(45)

    assert reminders.stages() == [(0, 14), (15, 60)]
    assert reminders.send_due_reminders(today=TODAY) == 1
    assert stages_sent(application) == [60]


def test_an_expired_or_far_off_certificate_gets_nothing(certificate):
    certificate(-1)
    certificate(91)

    assert reminders.send_due_reminders(today=TODAY) == 0
    assert not Reminder.objects.exists() and not OutboxItem.objects.exists()


def test_a_certificate_expiring_today_still_gets_its_last_reminder(certificate):
    application = certificate(0)

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert stages_sent(application) == [7]


def test_a_renewed_certificate_gets_nothing(certificate, resident):
    old = certificate(20)
    certificate(20 + 5 * 365)  # the renewal, granted: same type, same applicant, later expiry

    assert reminders.send_due_reminders(today=TODAY) == 0
    assert stages_sent(old) == []


def test_a_renewal_not_yet_granted_or_someone_elses_does_not_stop_the_reminder(certificate):
    application = certificate(20)
    certificate(20 + 5 * 365, status="under_review")
    certificate(20 + 5 * 365, reporter=UserFactory())

    assert reminders.send_due_reminders(today=TODAY) == 1
    assert stages_sent(application) == [30]


@pytest.mark.parametrize(
    "status", ["received", "under_review", "more_info", "refused", "withdrawn"]
)
def test_only_a_granted_application_is_reminded(certificate, status):
    certificate(20, status=status)

    assert reminders.send_due_reminders(today=TODAY) == 0


def test_the_email_names_the_reference_and_never_the_answers(certificate, resident):
    secrets = {
        "home": "14 Secret Lane, London NW1 8ZZ",
        "storage": "A cabinet behind the airing cupboard",
        "referee_1": {"name": "Rosalind Referee", "phone": "07700 900123"},
    }
    application = certificate(30, answers=secrets)

    reminders.send_due_reminders(today=TODAY)
    outbox.sweep()

    [email] = mail.outbox
    reference = application.case.reference
    assert email.to == [resident.email]
    assert reference in email.subject and reference in email.body
    assert "renew" in email.body
    for leaked in ("Secret Lane", "airing cupboard", "Rosalind", "07700 900123", "firearm"):
        assert leaked not in email.body and leaked not in email.subject


def test_the_beat_task_sends_and_is_registered_and_scheduled_daily(certificate):
    certificate((timezone.localdate() - TODAY).days + 7)  # 7 days from the real today

    assert send_renewal_reminders() == 1
    assert send_renewal_reminders() == 0
    app.loader.import_default_modules()  # what a worker does at start: autodiscovery
    assert {"permits.send_renewal_reminders", "permits.purge_expired_drafts"} <= set(app.tasks)
    task = PeriodicTask.objects.get(task="permits.send_renewal_reminders")
    assert task.enabled and task.crontab.hour == "7" and task.crontab.day_of_week == "*"


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_one_reminder():
    """Two transactions on the real database race for the same stage: the unique Reminder row
    lets exactly one queue the email."""
    kind = ApplicationTypeFactory(slug="race-certificate", valid_years=5)
    case = ApplicationCaseFactory(
        type_slug=kind.slug, status="granted", application__expires_on=TODAY + timedelta(days=30)
    )
    start = threading.Barrier(2)
    results: list[int] = []

    def worker() -> None:
        try:
            start.wait(timeout=10)
            results.append(reminders.send_due_reminders(today=TODAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(results) == [0, 1]
    assert stages_sent(case.application) == [30]
    assert OutboxItem.objects.filter(dedupe_key=f"reminder:{case.application.pk}:30").count() == 1
