"""A concern's timeline, the same entries on the page and in a live push, and the event id a
page's socket resumes after."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import DateTimeField, F, QuerySet, Value
from django.db.models.functions import Coalesce

from concerns.models import Concern, ConcernEvent, Reply, ResidentUpdate, UpdateStatus
from engage.models import Neighbourhood, NeighbourhoodEvent


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
