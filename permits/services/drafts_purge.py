"""Unsubmitted applications do not outlive their expiry (ApplicationDraft.expires_at, 30 days).

The rule: every draft past expires_at goes, with its DraftFile rows and their files in
private storage (deleted after the rows' deletion commits), except a file a case document
also names (a submitted draft's file that moved to the case is the case's, kept until the
case's own retention ends). Batches, progress logged, idempotent: the loop is casework's
(casework.services.retention.purge_in_batches), which says how the race with a request
adding a file is closed.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from casework.services.retention import purge_in_batches
from permits.models import ApplicationDraft, DraftFile


def purge_expired_drafts(now: datetime | None = None, batch: int = 500) -> int:
    """Delete every application draft past its expiry (see the module docstring); how many
    went."""
    now = now or timezone.now()
    return purge_in_batches(
        ApplicationDraft.objects.filter(expires_at__lte=now),
        order=("expires_at", "id"),
        files=lambda ids: DraftFile.objects.filter(draft_id__in=ids).values_list("file", flat=True),
        what="expired application drafts",
        batch=batch,
    )
