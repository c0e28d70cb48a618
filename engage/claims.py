"""Claims and versions: how two staff working one queue never act on the same thing twice.

Shared by every staff queue (moderation's items, the counters' cases), so the rule exists
once. A row that can be claimed has `claimed_by`, `claim_expires_at` and `version`:

- `version` goes up with every claim, release and decision, so a form carrying the version it
  was read at is refused ("someone already handled this") once anyone changed the row;
- a claim says "being looked at by ..." for a while; claiming again extends your own claim,
  and someone else's can be taken only once it has expired;
- every write here is one conditional UPDATE, so of two people acting at once exactly one wins.

`rows` is the QuerySet of rows still open to staff (e.g. `QueueItem.objects.pending()`), so a
decided row can never be claimed or decided again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

if TYPE_CHECKING:
    from engage.models import User


def claimable_by(user: User, now: datetime) -> Q:
    return Q(claimed_by__isnull=True) | Q(claimed_by=user) | Q(claim_expires_at__lt=now)


def claim(rows: QuerySet, pk: int, *, user: User, minutes: int) -> bool:
    """Reserve the row for `minutes`; False if someone else holds it or it is no longer open."""
    now = timezone.now()
    return bool(
        rows.filter(pk=pk)
        .filter(claimable_by(user, now))
        .update(
            claimed_by=user,
            claim_expires_at=now + timedelta(minutes=minutes),
            version=F("version") + 1,
        )
    )


def release(rows: QuerySet, pk: int, *, user: User) -> bool:
    """Give your own claim back; False if you held none."""
    return bool(
        rows.filter(pk=pk, claimed_by=user).update(
            claimed_by=None, claim_expires_at=None, version=F("version") + 1
        )
    )


def change_if_unchanged(rows: QuerySet, pk: int, *, version: int, **changes: Any) -> bool:
    """Apply `changes` (and a new version) only if nobody changed the row since `version`."""
    return bool(rows.filter(pk=pk, version=version).update(version=F("version") + 1, **changes))


def finish_if_unchanged(rows: QuerySet, pk: int, *, version: int, **changes: Any) -> bool:
    """`change_if_unchanged` that also drops the claim: the row leaves the queue."""
    return change_if_unchanged(
        rows, pk, version=version, claimed_by=None, claim_expires_at=None, **changes
    )


def claimed_by_other(row: Any, user: User, now: datetime | None = None) -> bool:
    """Is someone else's claim on `row` still running?"""
    now = now or timezone.now()
    return bool(
        row.claimed_by_id
        and row.claimed_by_id != user.pk
        and row.claim_expires_at
        and row.claim_expires_at > now
    )
