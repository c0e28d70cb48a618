"""Retention: a case is kept for its type's REPORT_RETENTION_DAYS (Case.purge_after, set when it
is opened), then deleted with everything that hangs off it.

The rule: every case whose purge_after has passed goes, with its history, messages and
hand-over rows (they cascade) and its stored document files. The staff access log does not
go with it (DPA 2018 s.62: the log must be able to answer "who looked at this case?" after
the case is gone, for a complaint, an audit or a misconduct inquiry); each row keeps the
case's reference and loses its link, and is deleted ACCESS_LOG_RETENTION after it was
written.

`purge_in_batches` is the loop both this purge and the drafts' (reports.services.
drafts_purge) use: rows are locked and their file names read in the transaction that
deletes them (so a file added by a request racing the purge is either seen or blocked),
and files are deleted only after that commits (a rollback keeps them, still in use), only
for rows that were deleted, never one a CaseDocument still names. A process killed between
the two leaves an orphan file with no row, never a row with no file. Batches of `batch`,
oldest first, progress logged; idempotent (run it twice, the second finds nothing).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone

from casework.models import Case, CaseAccess, CaseDocument
from casework.services.documents import discard_files

log = logging.getLogger(__name__)

# Six years: the limitation period for a civil claim (Limitation Act 1980 s.2 and s.5), such
# as one for misuse of the data, within which the force must be able to show who read it.
# A policy figure for the force's Data Protection Officer to confirm, not a legal minimum.
ACCESS_LOG_RETENTION = timedelta(days=6 * 365 + 2)


def purge_expired(now: datetime | None = None, batch: int = 500) -> int:
    """Delete every case past its purge_after, and access log rows past
    ACCESS_LOG_RETENTION (see the module docstring); how many cases went."""
    now = now or timezone.now()
    total = purge_in_batches(
        Case.objects.filter(purge_after__lte=now),
        order=("purge_after", "id"),
        files=lambda ids: CaseDocument.objects.filter(case_id__in=ids).values_list(
            "file", flat=True
        ),
        what="expired cases",
        batch=batch,
    )
    old = CaseAccess.objects.filter(at__lte=now - ACCESS_LOG_RETENTION)
    while ids := list(old.order_by("id").values_list("id", flat=True)[:batch]):
        CaseAccess.objects.filter(pk__in=ids).delete()
    return total


def purge_in_batches(
    due: QuerySet[Any],
    *,
    order: Sequence[str],
    files: Callable[[list[Any]], Iterable[str]],
    what: str,
    batch: int,
) -> int:
    """Delete the rows of `due` in batches (see the module docstring), with the stored files
    `files(ids)` names for a batch; how many rows of `due`'s model went."""
    total = 0
    while purged := _purge_batch(due, order=order, files=files, batch=batch):
        total += purged
        log.info("retention: purged %s %s (%s so far)", purged, what, total)
    return total


@transaction.atomic
def _purge_batch(
    due: QuerySet[Any],
    *,
    order: Sequence[str],
    files: Callable[[list[Any]], Iterable[str]],
    batch: int,
) -> int:
    # FOR UPDATE where the database has it (PostgreSQL: a document being added to one of
    # these rows waits, then fails its foreign key); SQLite's single writer serialises.
    # SKIP LOCKED: a second purge running at once takes other rows, not the same ones.
    ids = list(
        due.select_for_update(skip_locked=True)
        .order_by(*order)
        .values_list("pk", flat=True)[:batch]
    )
    if not ids:
        return 0
    names = {name for name in files(ids) if name}
    model: type[Model] = due.model
    _, per_model = model._default_manager.filter(pk__in=ids).delete()
    if names:
        transaction.on_commit(lambda: _discard_unused(names), robust=True)
    return per_model.get(model._meta.label, 0)


def _discard_unused(names: set[str]) -> None:
    """After the commit: a file that a case document names (a draft's, moved to its case)
    stays with that case."""
    used = set(CaseDocument.objects.filter(file__in=names).values_list("file", flat=True))
    discard_files(sorted(names - used))  # outside any transaction: deleted now
