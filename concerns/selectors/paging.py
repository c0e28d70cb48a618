"""Keyset pagination for every list of concerns and notifications: no COUNT(*), no OFFSET."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from engage import cursors

PAGE_SIZE = 20


@dataclass(frozen=True)
class Page:
    items: list
    next_cursor: str | None  # older rows follow ("after")
    previous_cursor: str | None = None  # newer rows precede ("before")


def keyset_page(
    queryset: QuerySet,
    cursor: str | None,
    *,
    field: str = "published_at",
    size: int = PAGE_SIZE,
    statuses: Iterable[str] = (),
    before: str | None = None,
) -> Page:
    """Newest first by (field, id); fetches one extra row to know whether there is more.

    `cursor` ("after") pages towards older rows; `before` pages back towards newer ones, by
    walking the same index the other way, so neither ever counts or skips rows.
    `statuses`: the states the queryset is limited to, when its index leads with status (see
    `newest_per_status`). A cursor that does not decode (engage.cursors) is the first page."""
    backwards = cursors.decode(before, datetime, int)
    position = None if backwards else cursors.decode(cursor, datetime, int)
    if backwards:
        moment, pk = backwards
        queryset = queryset.filter(
            Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "pk__gt": pk})
        )
        order = (field, "pk")
    else:
        if position:
            moment, pk = position
            queryset = queryset.filter(
                Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "pk__lt": pk})
            )
        order = (f"-{field}", "-pk")
    if statuses and connection.vendor == "postgresql":
        queryset = queryset.filter(pk__in=newest_per_status(queryset, statuses, order, size + 1))
    rows = list(queryset.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        older, newer = (rows[-1] if rows else None), (rows[0] if rows and more else None)
    else:
        older = rows[-1] if rows and more else None
        newer = rows[0] if rows and position else None  # came from newer pages: they exist
    return Page(
        rows,
        cursors.encode(getattr(older, field), older.pk) if older else None,
        cursors.encode(getattr(newer, field), newer.pk) if newer else None,
    )


def newest_per_status(
    queryset: QuerySet, statuses: Iterable[str], order: tuple[str, ...], limit: int
) -> RawSQL:
    """The ids of the newest `limit` rows of each status, as one UNION ALL of index walks.

    "status IN (six states) ORDER BY published_at DESC LIMIT 21" cannot walk the (status,
    published_at, id) indexes in order, so PostgreSQL sorted every public row: 0.9 s per list
    page at a million concerns. Per status, each branch reads `limit` index entries and
    stops; the page is then the newest `limit` of at most `limit` x statuses candidates.
    One branch is compiled and repeated with each status (compiling six cost 1.4 ms of CPU);
    each branch names the table itself, so raw conditions such as the full-text one in
    concerns/search.py refer to the branch's own row.
    """
    placeholder = "\x00status"
    branch = queryset.filter(status=placeholder).order_by(*order).values("pk")[:limit]
    sql, params = branch.query.sql_with_params()
    at = params.index(placeholder)
    ordered = sorted(statuses)
    values: list = []
    for status in ordered:
        values += [*params[:at], status, *params[at + 1 :]]
    return RawSQL(" UNION ALL ".join([f"({sql})"] * len(ordered)), values)
