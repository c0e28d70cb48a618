"""Background work for concerns: thin tasks that call services (each safe to run twice)."""

from __future__ import annotations

from celery import shared_task

from concerns.services import digests, notifications


@shared_task(name="concerns.send_pending_emails", acks_late=True, ignore_result=True)
def send_pending_emails() -> int:
    """Woken after each event, and run every minute by beat in case a wake-up was lost."""
    return notifications.send_pending_emails()


@shared_task(name="concerns.send_daily_digests", acks_late=True, ignore_result=True)
def send_daily_digests() -> int:
    return digests.send_daily_digests()
