"""Reads shaped for concern pages. Lists use keyset pagination: no COUNT(*), no OFFSET."""

from __future__ import annotations

import logging
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, DateTimeField, F, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from concerns.models import (
    Advice,
    Category,
    Concern,
    ConcernEvent,
    Follow,
    Notification,
    Reply,
    ResidentUpdate,
    UpdateStatus,
)
from concerns.search import matching
from concerns.states import OPEN_STATES, PUBLIC_STATES
from engage import circuit, cursors
from engage.models import Neighbourhood, NeighbourhoodEvent

if TYPE_CHECKING:
    from engage.models import User

PAGE_SIZE = 20

log = logging.getLogger(__name__)


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


@dataclass(frozen=True)
class TimelineItem:
    """One entry of a concern's timeline, the same shape on the page and in a live push, so
    concerns/_timeline_item.html draws both alike."""

    kind: str  # "reply", "update", "status", "published" or "outcome"
    pk: int  # the reply's or the update's, else the event's: the page element's id
    when: datetime
    author_id: int | None = None
    body_html: str = ""
    badge: str = ""
    edited_at: datetime | None = None
    status_label: str = ""


@dataclass(frozen=True)
class Timeline:
    entries: list[TimelineItem]
    last_event_id: int  # the newest public event shown: the page's socket resumes after it


# The events the timeline shows besides the posts; the same ones the stream pushes as items.
TIMELINE_STATUS_KINDS = {"concern.status", "concern.published", "concern.outcome"}
EVENT_ITEM_KINDS = {"concern.published": "published", "concern.outcome": "outcome"}


def timeline_item(event: ConcernEvent) -> TimelineItem:
    """The entry an event shows: a reply's or an update's is the post itself (reading
    event.reply or event.update), any other is the event."""
    if event.reply_id:
        reply = event.reply
        return TimelineItem(
            "reply",
            reply.pk,
            reply.created_at,
            reply.author_id,
            reply.body_html,
            reply.badge,
            reply.edited_at,
        )
    if event.update_id:
        update = event.update
        return TimelineItem(
            "update",
            update.pk,
            update.published_at or update.created_at,
            update.author_id,
            update.body_html,
        )
    return TimelineItem(
        EVENT_ITEM_KINDS.get(event.kind, "status"),
        event.pk,
        event.created_at,
        status_label=event.get_to_status_display(),
    )


def _posts(queryset: QuerySet, **columns: Any) -> QuerySet:
    """Rows for a UNION: every column an annotation, named and ordered alike on both sides."""
    return queryset.annotate(**columns).values(*columns)


def timeline(concern: Concern) -> Timeline:
    """State changes, officer replies and resident updates, oldest first, in two queries
    whatever their number: the public events, and replies UNION published updates."""
    events = list(ConcernEvent.objects.filter(concern=concern, is_public=True).order_by("id"))
    replies = _posts(
        Reply.objects.published().filter(concern=concern).order_by(),
        post_kind=Value("reply"),
        post_pk=F("id"),
        post_when=F("created_at"),
        post_author=F("author_id"),
        post_html=F("body_html"),
        post_badge=F("badge"),
        post_edited=F("edited_at"),
    )
    updates = _posts(
        ResidentUpdate.objects.filter(concern=concern, status=UpdateStatus.PUBLISHED).order_by(),
        post_kind=Value("update"),
        post_pk=F("id"),
        post_when=Coalesce("published_at", "created_at"),
        post_author=F("author_id"),
        post_html=F("body_html"),
        post_badge=Value(""),
        post_edited=Value(None, output_field=DateTimeField()),
    )
    posts = [
        TimelineItem(
            row["post_kind"],
            row["post_pk"],
            row["post_when"],
            row["post_author"],
            row["post_html"],
            row["post_badge"],
            row["post_edited"],
        )
        for row in replies.union(updates, all=True)
    ]
    entries = [timeline_item(e) for e in events if e.kind in TIMELINE_STATUS_KINDS]
    entries += sorted(posts, key=lambda p: (p.kind, p.pk))
    return Timeline(
        sorted(entries, key=lambda entry: entry.when), max((e.pk for e in events), default=0)
    )


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


def team_dashboard(
    team_id: int, *, overdue: bool = False, ward: str = "", state: str = ""
) -> list[Concern]:
    """The team's open concerns, unanswered first, then the oldest: what to answer next.
    Filters: only those past their reply target, one ward, one state."""
    concerns = Concern.objects.filter(neighbourhood__team_id=team_id, status__in=OPEN_STATES)
    if overdue:
        concerns = concerns.filter(first_reply_at__isnull=True, reply_due_at__lt=timezone.now())
    if ward:
        concerns = concerns.filter(neighbourhood__slug=ward)
    if state:
        concerns = concerns.filter(status=state)
    return list(
        concerns.select_related("neighbourhood", "category").order_by(
            F("first_reply_at").asc(nulls_first=True), "published_at"
        )[:200]
    )


def team_requests(user: User, limit: int = 10) -> list[Notification]:
    """What moderators asked of this officer's team, or mentioned them in, not yet read."""
    return list(
        Notification.objects.filter(
            user=user,
            read_at__isnull=True,
            event__kind="concern.moderated",
            event__actor__moderator__isnull=False,
        )
        .select_related("event__concern")
        .order_by("-id")[:limit]
    )


def my_concerns(user: User, cursor: str | None = None) -> Page:
    return keyset_page(
        Concern.objects.filter(author=user).select_related("neighbourhood"),
        cursor,
        field="created_at",
    )


def followed(user: User) -> QuerySet[Follow]:
    """What the user follows; a followed concern that stopped being public drops out (unless
    it is their own), since its title is no longer for public eyes."""
    visible = Q(concern__isnull=True) | Q(concern__in=Concern.objects.visible_to(user))
    return (
        Follow.objects.filter(visible, user=user)
        .select_related("concern", "neighbourhood", "tag")
        .order_by("-created_at")
    )


def notifications_page(user: User, cursor: str | None = None) -> Page:
    """Notifications about concerns still visible to the user (a hidden concern's old
    notifications drop out, as it does from the following page)."""
    return keyset_page(
        visible_notifications(user).select_related("event__concern"), cursor, field="created_at"
    )


def visible_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(
        user=user, event__concern__in=Concern.objects.visible_to(user)
    )


def unread_count(user: User) -> int:
    """Bounded: the badge shows '99+' past 99, so never count more than 100 rows."""
    return len(
        visible_notifications(user).filter(read_at__isnull=True).values_list("id", flat=True)[:100]
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


def last_event_id(
    *, concern: Concern | None = None, neighbourhood: Neighbourhood | None = None
) -> int:
    """The newest event a page already shows: its socket resumes after it, so nothing that
    happens between rendering and connecting is missed. A neighbourhood's stream has rows of
    its own (concern events and team posts: NeighbourhoodEvent)."""
    events = (
        ConcernEvent.objects.filter(is_public=True, concern=concern)
        if concern
        else NeighbourhoodEvent.objects.filter(neighbourhood=neighbourhood)
    )
    return events.order_by("-pk").values_list("pk", flat=True).first() or 0
