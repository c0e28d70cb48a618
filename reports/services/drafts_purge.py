"""Unsubmitted drafts do not outlive their expiry (ReportDraft.expires_at, 30 days).

The rule: every draft past expires_at goes, with its DraftDocument rows and their files in
private storage (deleted after the rows' deletion commits), except a file a case document
also names (a submitted draft's file that moved to the case is the case's, kept until the
case's own retention ends). Batches, progress logged, idempotent.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from casework.models import CaseDocument, private_storage
from reports.models import DraftDocument, ReportDraft

log = logging.getLogger(__name__)


def purge_expired_drafts(now: datetime | None = None, batch: int = 500) -> int:
    """Delete every draft past its expiry (see the module docstring); how many went."""
    now = now or timezone.now()
    total = 0
    while True:
        ids = list(
            ReportDraft.objects.filter(expires_at__lte=now)
            .order_by("expires_at")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            break
        purged = _purge_batch(ids, now)
        if not purged:
            break
        total += purged
        log.info("retention: purged %s expired report drafts (%s so far)", purged, total)
    return total


def _purge_batch(ids: list[uuid.UUID], now: datetime) -> int:
    files = set(
        DraftDocument.objects.filter(draft_id__in=ids)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    files -= set(CaseDocument.objects.filter(file__in=files).values_list("file", flat=True))
    with transaction.atomic():
        _, per_model = ReportDraft.objects.filter(pk__in=ids, expires_at__lte=now).delete()
    for name in files:
        try:
            private_storage.delete(name)
        except OSError:
            log.warning("retention: could not delete the draft file %s", name, exc_info=True)
    return per_model.get(ReportDraft._meta.label, 0)
