"""The report counter's background work: the nightly purge of expired drafts (Celery beat),
and the outbox handlers this module imports so every worker registers them."""

from __future__ import annotations

import logging

from celery import shared_task

from reports.services import (
    drafts_purge,
    handover,  # noqa: F401  registers the "reports.hand_over" handler
)

log = logging.getLogger(__name__)


@shared_task(name="reports.purge_expired_drafts", acks_late=True, ignore_result=True)
def purge_expired_drafts() -> int:
    """Nightly (beat): unsubmitted drafts past expires_at, with their files. Idempotent: what
    is gone is gone, and a run cut short leaves the rest for the next."""
    return drafts_purge.purge_expired_drafts()
