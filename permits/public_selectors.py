"""Reads for the public side of the permits counter: the neighbourhood's granted marches and
events (permits.PublicNotice only: these never touch a case, so nothing else about an
application can reach a public page)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone

from engage import cursors
from permits.models import PublicNotice

PAGE_SIZE = 20
SHOWN_ON_NEIGHBOURHOOD = 5
# The public fields of a notice; its case link is never read by a public page.
PUBLIC_FIELDS = (
    "id",
    "neighbourhood_id",
    "kind_name",
    "title",
    "starts_at",
    "ends_at",
    "place",
    "route",
    "road_closures",
    "published_at",
)


@dataclass(frozen=True)
class NoticePage:
    items: list[PublicNotice]
    next_cursor: str | None
    previous_cursor: None = None  # forward only: the first page is the soonest


def _upcoming(neighbourhood_id: int) -> QuerySet[PublicNotice]:
    return (
        PublicNotice.objects.filter(neighbourhood_id=neighbourhood_id)
        .upcoming(timezone.now())
        .only(*PUBLIC_FIELDS)
    )


def upcoming_notices(
    neighbourhood_id: int, *, after: str | None = None, limit: int = PAGE_SIZE
) -> NoticePage:
    """The neighbourhood's marches and events not yet over, soonest first, a page at a time
    (keyset on starts_at, id: a crafted cursor only moves the page)."""
    rows = _upcoming(neighbourhood_id)
    position = cursors.decode(after, datetime, int)
    if position is not None:
        starts, pk = position
        rows = rows.filter(Q(starts_at__gt=starts) | Q(starts_at=starts, id__gt=pk))
    found = list(rows[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    last = found[-1] if more else None
    return NoticePage(found, cursors.encode(last.starts_at, last.pk) if last else None)


def neighbourhood_box(neighbourhood_id: int) -> NoticePage:
    """The soonest few, for the neighbourhood page; next_cursor says there are more."""
    return upcoming_notices(neighbourhood_id, limit=SHOWN_ON_NEIGHBOURHOOD)


def feed_notices(neighbourhood_id: int, limit: int) -> list[PublicNotice]:
    """The soonest `limit`, for the neighbourhood's Atom feed."""
    return list(_upcoming(neighbourhood_id)[:limit])
