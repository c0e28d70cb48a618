"""What a neighbourhood page shows besides its list: similar concerns, the team's
accountability figures, prevention advice, open concerns."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from concerns.models import Advice, Category, Concern
from concerns.selectors.paging import Page, keyset_page, newest_per_status
from concerns.states import OPEN_STATES, PUBLIC_STATES
from engage import circuit
from engage.models import Neighbourhood


def similar_concerns(neighbourhood: Neighbourhood, title: str, limit: int = 5) -> list[Concern]:
    """Published concerns in the same place sharing a significant word with the title."""
    words = [w for w in title.lower().split() if len(w) > 3][:6]
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(title__icontains=word)
    return list(
        Concern.objects.public()
        .filter(match, neighbourhood=neighbourhood)
        .order_by("-published_at")[:limit]
    )


@dataclass(frozen=True)
class Accountability:
    published: int
    answered: int
    median_hours_to_reply: float | None
    share_within_target: float | None

    @property
    def median_reply(self) -> timedelta | None:
        hours = self.median_hours_to_reply
        return None if hours is None else timedelta(hours=hours)


ACCOUNTABILITY_SECONDS = 600


def accountability(neighbourhood: Neighbourhood, days: int = 90) -> Accountability:
    """The figures below, kept for ten minutes: they cover 90 days, and at a million concerns
    computing them was 60% of a busy neighbourhood page's CPU. A cache outage computes them."""
    key = f"accountability:{neighbourhood.pk}:{days}"
    # Behind the Redis circuit breaker: while the cache is down this costs no time at all.
    found = circuit.redis.call(lambda: cache.get(key), fallback=None)
    if found is None:
        found = _accountability(neighbourhood, days)
        circuit.redis.call(lambda: cache.set(key, found, ACCOUNTABILITY_SECONDS), fallback=None)
    return found


def _accountability(neighbourhood: Neighbourhood, days: int) -> Accountability:
    """Median time to the first officer reply, and the share answered by its due date, over
    concerns published in the last `days` days (unanswered ones count as not within target)."""
    since = timezone.now() - timedelta(days=days)
    rows = list(
        Concern.objects.filter(
            neighbourhood=neighbourhood, published_at__gte=since, status__in=PUBLIC_STATES
        ).values_list("published_at", "first_reply_at", "reply_due_at")
    )
    waits = [(reply - published).total_seconds() / 3600 for published, reply, _ in rows if reply]
    # Judged only once the answer is in or the deadline has passed: a concern still within
    # its target is not yet late.
    now = timezone.now()
    judged = [(reply, due) for _, reply, due in rows if reply or (due and due < now)]
    on_time = sum(1 for reply, due in judged if reply and due and reply <= due)
    return Accountability(
        published=len(rows),
        answered=len(waits),
        median_hours_to_reply=statistics.median(waits) if waits else None,
        share_within_target=on_time / len(judged) if judged else None,
    )


ADVICE_WINDOW = 100


def advice_for(neighbourhood: Neighbourhood, limit: int = 3) -> list[Advice]:
    """Prevention advice matching the categories and tags of the area's newest open concerns
    (at most ADVICE_WINDOW of them: a busy ward's thousands of open concerns made this 75 ms
    of PostgreSQL time per page at a million concerns, and the newest say what matters now)."""
    local = Concern.objects.filter(neighbourhood=neighbourhood, status__in=OPEN_STATES)
    order = ("-published_at", "-pk")
    if connection.vendor == "postgresql":
        recent = local.filter(pk__in=newest_per_status(local, OPEN_STATES, order, ADVICE_WINDOW))
    else:
        recent = local
    local = Concern.objects.filter(pk__in=recent.order_by(*order).values("pk")[:ADVICE_WINDOW])
    categories = Category.objects.filter(concerns__in=local).distinct()
    tag_names = list(local.values_list("tags__name", flat=True).order_by().distinct()[:50])
    return list(
        Advice.objects.filter(Q(categories__in=categories) | Q(tags__name__in=tag_names))
        .distinct()
        .order_by("title")[:limit]
    )


def open_concerns(neighbourhood: Neighbourhood, cursor: str | None = None) -> Page:
    queryset = Concern.objects.filter(
        neighbourhood=neighbourhood, status__in=OPEN_STATES
    ).select_related("category")
    return keyset_page(queryset, cursor, size=10, statuses=OPEN_STATES)
