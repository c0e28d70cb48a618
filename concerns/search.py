"""Concern search: PostgreSQL full-text search on a stored tsvector with a GIN index, and a
substring fallback on SQLite. Both only ever run inside a bounded window (see `matching`)."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

MAX_TERMS = 6
# Below this many matches a term is "rare": fetch them all through the GIN index and page them
# in memory order. Above it, the newest-first index walk meets matches quickly and stops early.
# Either way nothing walks the whole table: a zero-match term costs one bitmap index probe.
RARE_LIMIT = 2000


def terms(query: str) -> list[str]:
    return [word for word in query.lower().split() if len(word) >= 2][:MAX_TERMS]


def matching(queryset: QuerySet, query: str) -> QuerySet:
    words = terms(query)
    if not words:
        return queryset.none()
    if connection.vendor == "postgresql":
        # search_vector is a generated tsvector column with a GIN index, added by a
        # PostgreSQL-only migration (concerns 0002); the model does not declare it.
        hit = RawSQL(
            "concerns_concern.search_vector @@ plainto_tsquery('english', %s)",
            [" ".join(words)],
            output_field=BooleanField(),
        )
        matches = queryset.alias(search_hit=hit).filter(search_hit=True)
        probe = list(matches.order_by().values_list("pk", flat=True)[:RARE_LIMIT])
        return queryset.filter(pk__in=probe) if len(probe) < RARE_LIMIT else matches
    match = Q()
    for word in words:
        match &= Q(title__icontains=word) | Q(body__icontains=word)
    return queryset.filter(match)
