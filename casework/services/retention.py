"""Retention: a case is kept for its type's REPORT_RETENTION_DAYS (Case.purge_after, set when it
is opened), then deleted with everything that hangs off it.

The rule: every case whose purge_after has passed goes, with its history, messages, access log
and hand-over row (they cascade) and its stored document files (deleted from private storage
after the rows' deletion commits: a file is never removed while its row could still roll
back; a process killed between the two leaves an orphan file with no row, never a row with no
file). Batches of `batch`, oldest first, progress logged; idempotent (run it twice, the second
finds nothing).
"""

from __future__ import annotations

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from casework.models import Case, CaseDocument, private_storage

log = logging.getLogger(__name__)


def purge_expired(now: datetime | None = None, batch: int = 500) -> int:
    """Delete every case past its purge_after (see the module docstring); how many went."""
    now = now or timezone.now()
    total = 0
    while True:
        ids = list(
            Case.objects.filter(purge_after__lte=now)
            .order_by("purge_after", "id")
            .values_list("id", flat=True)[:batch]
        )
        if not ids:
            break
        purged = _purge_batch(ids, now)
        if not purged:  # nothing could go: do not spin on it
            break
        total += purged
        log.info("retention: purged %s expired cases (%s so far)", purged, total)
    return total


def _purge_batch(ids: list[int], now: datetime) -> int:
    files = list(
        CaseDocument.objects.filter(case_id__in=ids).exclude(file="").values_list("file", flat=True)
    )
    with transaction.atomic():
        _, per_model = Case.objects.filter(pk__in=ids, purge_after__lte=now).delete()
    for name in files:
        try:
            private_storage.delete(name)
        except OSError:
            log.warning("retention: could not delete the file %s", name, exc_info=True)
    return per_model.get(Case._meta.label, 0)
