"""Reads for the moderator pages and the moderation socket: the queue in order with keyset
pages, lane counts from the running tally, one item with its context, the decision log and the
dashboard figures."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import F, Q, Sum

# Public since Django 5.2 for composite keys; the row comparison the queue's keyset needs.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.utils import timezone

from engage import cursors
from moderation.lanes import LEAST_SERIOUS, lane_rank
from moderation.models import QUEUE_ORDER, Decision, ItemState, Lane, LaneCount, QueueItem

if TYPE_CHECKING:
    from engage.models import User
    from moderation.models import QueueItemQuerySet

PAGE_SIZE = 25


@dataclass
class QueueFilters:
    lane: str = ""
    neighbourhood: int | None = None
    kind: str = ""


@dataclass
class QueuePage:
    items: list[QueueItem]
    next_cursor: str | None


CURSOR_TYPES = (int, datetime, datetime, int)  # QUEUE_ORDER's fields


def encode_cursor(item: QueueItem) -> str:
    """Where the page after `item` starts: its QUEUE_ORDER key, in engage.cursors' form."""
    return cursors.encode(*(getattr(item, name) for name in QUEUE_ORDER))


def decode_cursor(cursor: str) -> tuple[int, datetime, datetime, int] | None:
    """None for anything that is not a cursor we made (the first page is shown instead)."""
    position = cursors.decode(cursor, *CURSOR_TYPES)
    if position is None or position[0] > lane_rank(LEAST_SERIOUS):
        return None
    return position


def _after(cursor: tuple) -> TupleGreaterThan:
    """Rows strictly after `cursor` in QUEUE_ORDER. A row comparison, `(lane_rank, deadline,
    created_at, id) > (...)`, is an index range start on PostgreSQL (four ORs were applied as a
    filter, reading 185,000 index entries to reach page 10,000 at 1M rows); Django writes the
    equivalent ORs on SQLite, which has no tuple lookups."""
    return TupleGreaterThan(Tuple(*(F(name) for name in QUEUE_ORDER)), tuple(cursor))


def without_own(items: QueueItemQuerySet, user: User) -> QueueItemQuerySet:
    """A moderator never sees the moderation of what they wrote (nor its notes)."""
    return items.exclude(
        Q(update__isnull=True, reply__isnull=True, concern__author=user)
        | Q(update__author=user)
        | Q(reply__author=user)
    )


def queue_items(user: User, filters: QueueFilters) -> QueueItemQuerySet:
    items = without_own(QueueItem.objects.pending().in_scope_of(user), user)
    if filters.lane:
        items = items.filter(lane=filters.lane)
    if filters.neighbourhood:
        items = items.filter(neighbourhood_id=filters.neighbourhood)
    if filters.kind:
        items = items.filter(kind=filters.kind)
    return items


def queue_page(user: User, filters: QueueFilters, cursor: str = "") -> QueuePage:
    """One page of the queue: lane, then deadline, then age. One query, any depth."""
    items = queue_items(user, filters)
    position = decode_cursor(cursor) if cursor else None
    if position:
        items = items.filter(_after(position))
    rows = list(
        items.select_related("concern", "update", "neighbourhood", "claimed_by").order_by(
            *QUEUE_ORDER
        )[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    return QueuePage(rows, encode_cursor(rows[-1]) if more and rows else None)


def lane_counts(user: User) -> dict[str, int]:
    """Pending items per lane in the moderator's scope, from the running tally (at most
    neighbourhoods x lanes rows, never the queue itself)."""
    counts = user.moderator.scope.filter(LaneCount.objects.all())
    found = dict(counts.values("lane").annotate(total=Sum("pending")).values_list("lane", "total"))
    return {lane: max(0, found.get(lane, 0) or 0) for lane in Lane.values}


def neighbour_items(user: User, item: QueueItem) -> tuple[QueueItem | None, QueueItem | None]:
    """The items before and after this one in queue order (for next/previous shortcuts)."""
    base = without_own(QueueItem.objects.pending().in_scope_of(user), user).exclude(pk=item.pk)
    key = (item.lane_rank, item.deadline, item.created_at, item.pk)
    following = base.filter(_after(key)).order_by(*QUEUE_ORDER).first()
    before = TupleLessThan(Tuple(*(F(name) for name in QUEUE_ORDER)), key)
    previous = base.filter(before).order_by(*[f"-{name}" for name in QUEUE_ORDER]).first()
    return previous, following


def item_for(user: User, pk: int) -> QueueItem | None:
    """An item the moderator may see (any state), or None: outside scope is the same as
    missing."""
    return (
        without_own(QueueItem.objects.in_scope_of(user), user)
        .select_related(
            "concern__author",
            "concern__neighbourhood",
            "concern__category",
            "update__author",
            "reply__author",
            "appeal__decision__moderator",
            "claimed_by",
            "neighbourhood",
        )
        .filter(pk=pk)
        .first()
    )


def decision_log(
    user: User, *, before: int | None = None, concern_ref: str = "", limit: int = 50
) -> list[Decision]:
    decisions = Decision.objects.filter(item__in=QueueItem.objects.in_scope_of(user))
    if concern_ref:
        decisions = decisions.filter(concern__ref=concern_ref.strip().upper())
    if before:
        decisions = decisions.filter(pk__lt=before)
    return list(decisions.select_related("concern", "moderator", "item").order_by("-id")[:limit])


@dataclass
class Dashboard:
    lanes: dict[str, int]
    oldest_age: timedelta | None
    overdue: int
    median_decision: timedelta | None
    decided_this_week: int
    missed_this_week: int


def dashboard(user: User) -> Dashboard:
    now = timezone.now()
    pending = QueueItem.objects.pending().in_scope_of(user)
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    week = QueueItem.objects.in_scope_of(user).filter(
        state=ItemState.DECIDED, decided_at__gte=now - timedelta(days=7)
    )
    # The median of the latest 5,000 decisions (a week is far fewer than that in practice).
    durations = [
        (decided - created).total_seconds()
        for created, decided in week.order_by("-decided_at").values_list(
            "created_at", "decided_at"
        )[:5000]
    ]
    return Dashboard(
        lanes=lane_counts(user),
        oldest_age=(now - oldest) if oldest else None,
        overdue=pending.filter(deadline__lt=now).count(),
        median_decision=(timedelta(seconds=statistics.median(durations)) if durations else None),
        decided_this_week=week.count(),
        missed_this_week=week.filter(decided_at__gt=F("deadline")).count(),
    )


def returned_version(item: QueueItem) -> Decision | None:
    """For a concern sent back after a moderator returned it: that return decision, whose
    text_after is the version the author was asked to change (the log keeps it)."""
    if item.kind != "concern":
        return None
    return (
        Decision.objects.filter(concern_id=item.concern_id, action="return")
        .exclude(item_id=item.pk)
        .order_by("-id")
        .first()
    )


def workspace_list(user: User, filters: QueueFilters, limit: int = PAGE_SIZE) -> list[QueueItem]:
    """The queue beside an item on wide screens: its first page, as the queue page lists it."""
    return queue_page(user, filters).items[:limit]
