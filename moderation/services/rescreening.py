"""The background half of screening: what is too heavy for the request. Today that is the
repeat check against the author's recent posts (the same text posted again and again); the
result re-annotates the post for moderators and can only move its item to a more serious lane.
Safe to run twice: it recomputes from the stored text and writes the same answer."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from concerns import services as concern_services
from concerns.models import Concern, ResidentUpdate
from concerns.screening import as_record
from engage import outbox
from moderation.lanes import most_serious
from moderation.models import QueueItem
from moderation.screening import screen
from moderation.services import queue

RECENT_DAYS = 7
RECENT_POSTS = 20


def recent_texts(item: QueueItem) -> list[str]:
    subject = item.subject
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    concerns = Concern.objects.filter(author_id=subject.author_id, created_at__gte=since)
    if not item.update_id:
        concerns = concerns.exclude(pk=subject.pk)
    concerns = concerns.order_by("-id").values_list("body", flat=True)[:RECENT_POSTS]
    updates = (
        ResidentUpdate.objects.filter(author_id=subject.author_id, created_at__gte=since)
        .exclude(pk=item.update_id)
        .order_by("-id")
        .values_list("body", flat=True)[:RECENT_POSTS]
    )
    return [*concerns, *updates]


@outbox.handler("moderation.rescreen")
def _rescreen_from_outbox(payload: dict) -> None:
    rescreen_item(payload["item"])


def rescreen_item(item_id: int) -> str:
    item = (
        QueueItem.objects.pending().select_related("concern", "update").filter(pk=item_id).first()
    )
    if item is None:
        return "gone"  # decided or withdrawn meanwhile: nothing to annotate
    subject = item.subject
    title = "" if item.update_id else subject.title
    screening = screen(subject.body, title=title, recent_texts=recent_texts(item))
    with transaction.atomic():
        concern_services.record_screening(
            target=subject,
            lane=most_serious((subject.lane, screening.lane)),
            findings=as_record(screening),
        )
        moved = queue.raise_lane(item, screening.lane)
    return "moved" if moved else "annotated"
