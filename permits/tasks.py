"""The permits counter's background work (Celery beat, schedules in
permits/migrations/0003_reminder_and_purge_schedules.py): renewal reminders each morning and
the nightly purge of expired application drafts."""

from __future__ import annotations

from celery import shared_task

from casework import notices  # noqa: F401  registers the "casework.notice" outbox handler
from permits.services import drafts_purge, reminders


@shared_task(name="permits.send_renewal_reminders", acks_late=True, ignore_result=True)
def send_renewal_reminders() -> int:
    """Daily (beat): the renewal reminders due today. Idempotent: each stage's Reminder row is
    unique and made with its email, so running twice (or on two workers) sends one."""
    return reminders.send_due_reminders()


@shared_task(name="permits.purge_expired_drafts", acks_late=True, ignore_result=True)
def purge_expired_drafts() -> int:
    """Nightly (beat): unsubmitted application drafts past expires_at, with their files.
    Idempotent: what is gone is gone, and a run cut short leaves the rest for the next."""
    return drafts_purge.purge_expired_drafts()
