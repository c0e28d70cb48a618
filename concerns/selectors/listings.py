"""The public lists of concerns, one concern for its page, search and tag suggestions."""

from __future__ import annotations

from django.db.models import Count
from taggit.models import Tag

from concerns.models import Concern
from concerns.search import matching
from concerns.selectors.paging import Page, keyset_page
from concerns.states import PUBLIC_STATES

CARD_FIELDS = (
    "ref",
    "slug",
    "title",
    "status",
    "published_at",
    "supporters_count",
    "category__name",
    "neighbourhood__name",
)


def concern_list(
    *,
    neighbourhood: str = "",
    category: str = "",
    tag: str = "",
    status: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Page:
    # Only what the card shows (no tags, no bodies, no screening findings).
    queryset = Concern.objects.public().for_listing().only(*CARD_FIELDS)
    if neighbourhood:
        queryset = queryset.filter(neighbourhood__slug=neighbourhood)
    if category:
        queryset = queryset.filter(category__slug=category)
    if tag:
        queryset = queryset.filter(tags__name=tag)
    statuses = {status} if status in PUBLIC_STATES else PUBLIC_STATES
    return keyset_page(
        queryset.filter(status__in=statuses), after, statuses=statuses, before=before
    )


def concern_detail(ref: str) -> Concern | None:
    """One concern with its neighbourhood, team, category, author and tags (two queries).

    Also what the POST actions load, so the timeline is read only by the page that shows it.
    """
    return (
        Concern.objects.select_related(
            "neighbourhood__borough", "neighbourhood__team", "category", "author"
        )
        .prefetch_related("tags")
        .filter(ref=ref.upper())
        .first()
    )


def search_concerns(query: str, after: str | None = None) -> Page:
    """Search published concerns: title and body, newest first. (PostgreSQL full-text search
    with a stored tsvector replaces this substring fallback on PostgreSQL: see search.py.)"""
    matches = matching(Concern.objects.public().for_listing(), query)
    # A frequent term keeps its full-text condition (search.py; a rare one becomes an id
    # list): then walking each status's newest-first index stops after a page of hits,
    # where sorting every match took over a second at a million concerns.
    many = "search_hit" in matches.query.annotations
    return keyset_page(matches, after, statuses=PUBLIC_STATES if many else ())


def popular_tags(limit: int = 12) -> list[str]:
    """Tags most used on public concerns, offered as suggestions when writing a new one."""
    return list(
        Tag.objects.filter(concern__status__in=PUBLIC_STATES)
        .annotate(uses=Count("concern"))
        .order_by("-uses", "name")
        .values_list("name", flat=True)[:limit]
    )
