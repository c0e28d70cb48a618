"""Casework's background work: the retention purge (Celery beat), and the outbox handlers
this module imports so every worker registers them."""

from __future__ import annotations

from celery import shared_task

from casework import notices  # noqa: F401  registers the "casework.notice" outbox handler
from casework.services import retention


@shared_task(name="casework.purge_expired", acks_late=True, ignore_result=True)
def purge_expired() -> int:
    """Nightly (beat, casework/migrations/0002_purge_schedule.py): cases past purge_after.
    Idempotent, in batches: a run cut short leaves the rest to the next."""
    return retention.purge_expired()
