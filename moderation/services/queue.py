"""The queue's own bookkeeping: items in and out, claims, lane counts and the moderation stream.

Every function runs inside the caller's transaction; stream events are rows (QueueEvent) written
with the change and pushed to moderators' sockets after commit.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from concerns.models import Concern, Reply, ResidentUpdate
from engage import claims, realtime
from engage.refusals import AlreadyHandled
from moderation.lanes import lane_rank, more_serious
from moderation.models import Appeal, ItemState, LaneCount, QueueEvent, QueueEventKind, QueueItem

if TYPE_CHECKING:
    from datetime import datetime

    from engage.models import User


def deadline_for(lane: str, since: datetime | None = None) -> datetime:
    minutes = settings.MODERATION_DEADLINE_MINUTES.get(lane, 24 * 60)
    return (since or timezone.now()) + timedelta(minutes=minutes)


def enqueue(
    *,
    kind: str,
    concern: Concern,
    lane: str,
    update: ResidentUpdate | None = None,
    appeal: Appeal | None = None,
    reply: Reply | None = None,
) -> QueueItem:
    """Put something in front of moderators; if it is already waiting, return that item (the
    lane only ever becomes more serious)."""
    waiting = (
        QueueItem.objects.pending()
        .filter(kind=kind, concern=concern, update=update, appeal=appeal, reply=reply)
        .first()
    )
    if waiting:
        raise_lane(waiting, lane)
        return waiting
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: two first reports at once make one item
            item = QueueItem.objects.create(
                kind=kind,
                concern=concern,
                update=update,
                appeal=appeal,
                reply=reply,
                neighbourhood_id=concern.neighbourhood_id,
                lane=lane,
                lane_rank=lane_rank(lane),
                created_at=now,
                deadline=deadline_for(lane, now),
            )
    except IntegrityError:
        waiting = QueueItem.objects.pending().get(
            kind=kind, concern=concern, update=update, appeal=appeal, reply=reply
        )
        raise_lane(waiting, lane)
        return waiting
    _count(item, +1)
    record(item, QueueEventKind.NEW, actor=None)
    return item


def raise_lane(item: QueueItem, lane: str) -> bool:
    """Move a waiting item to a more serious lane (never a less serious one), with the
    deadline that lane sets from when the item arrived."""
    if not more_serious(lane, item.lane):
        return False
    # Locked, so the lane taken off the tally is the one the row really has (two reports
    # raising it at once would otherwise both decrement the lane they read).
    locked = (
        QueueItem.objects.select_for_update()
        .filter(pk=item.pk, state=ItemState.PENDING, lane_rank__gt=lane_rank(lane))
        .first()
    )
    if locked is None:
        return False
    _count(locked, -1)
    QueueItem.objects.filter(pk=item.pk).update(
        lane=lane,
        lane_rank=lane_rank(lane),
        deadline=deadline_for(lane, locked.created_at),
        version=F("version") + 1,
    )
    item.refresh_from_db()
    _count(item, +1)
    record(item, QueueEventKind.LANE, actor=None, from_lane=locked.lane)
    return True


def move(item: QueueItem, *, lane: str, version: int, actor: User) -> QueueItem:
    """A moderator puts a waiting item in another lane, either way (screening only ever
    raises one): the deadline becomes that lane's, counted from when the item arrived."""
    if lane == item.lane:
        return item
    if not claims.change_if_unchanged(
        QueueItem.objects.pending(),
        item.pk,
        version=version,
        lane=lane,
        lane_rank=lane_rank(lane),
        deadline=deadline_for(lane, item.created_at),
        lane_moved_by=actor,
    ):
        raise AlreadyHandled(
            "Someone changed this item while you were looking at it. Nothing "
            "you did was applied; check it again."
        )
    from_lane = item.lane
    _count(item, -1)
    item.refresh_from_db()
    _count(item, +1)
    record(item, QueueEventKind.LANE, actor=actor, from_lane=from_lane)
    return item


def finish(
    item: QueueItem, *, version: int, state: str = ItemState.DECIDED, actor: User
) -> QueueItem:
    """Take an item out of the queue if nobody changed it since `version` was read."""
    if not claims.finish_if_unchanged(
        QueueItem.objects.pending(),
        item.pk,
        version=version,
        state=state,
        decided_at=timezone.now(),
    ):
        raise AlreadyHandled(
            "Someone already handled this item while you were looking at it. "
            "Nothing you did was applied; the queue shows what is left."
        )
    item.refresh_from_db()
    _count(item, -1)
    record(item, QueueEventKind.DECIDED, actor=actor)
    return item


def close_pending(*, concern: Concern, kinds: list[str], actor: User | None) -> None:
    for item in QueueItem.objects.pending().filter(concern=concern, kind__in=kinds):
        with contextlib.suppress(AlreadyHandled):
            finish(item, version=item.version, state=ItemState.CLOSED, actor=actor)


def claim(item: QueueItem, *, moderator: User) -> QueueItem:
    """Reserve an item for a while so others see "being reviewed by ...". Claiming again
    extends your own claim; someone else's claim can be taken only once it has expired."""
    if not claims.claim(
        QueueItem.objects.pending(),
        item.pk,
        user=moderator,
        minutes=settings.MODERATION_CLAIM_MINUTES,
    ):
        raise AlreadyHandled(
            "Another moderator is reviewing this item, or it has been "
            "decided. Pick another from the queue."
        )
    item.refresh_from_db()
    record(item, QueueEventKind.CLAIMED, actor=moderator)
    return item


def release(item: QueueItem, *, moderator: User) -> None:
    if claims.release(QueueItem.objects.pending(), item.pk, user=moderator):
        item.refresh_from_db()
        record(item, QueueEventKind.RELEASED, actor=moderator)


def _count(item: QueueItem, delta: int) -> None:
    counted = LaneCount.objects.filter(
        neighbourhood_id=item.neighbourhood_id, lane=item.lane
    ).update(pending=F("pending") + delta)
    if not counted:
        LaneCount.objects.get_or_create(neighbourhood_id=item.neighbourhood_id, lane=item.lane)
        LaneCount.objects.filter(neighbourhood_id=item.neighbourhood_id, lane=item.lane).update(
            pending=F("pending") + delta
        )


def recount() -> int:
    """Rebuild the lane tally from the pending items (hourly, with the reminders): whatever
    removed items outside the services (a deletion in the admin) is corrected within the hour.
    Returns how many tally rows were wrong."""
    actual = {
        (row["neighbourhood_id"], row["lane"]): row["n"]
        for row in QueueItem.objects.pending()
        .values("neighbourhood_id", "lane")
        .annotate(n=Count("id"))
    }
    wrong = 0
    for tally in LaneCount.objects.all():
        right = actual.pop((tally.neighbourhood_id, tally.lane), 0)
        if tally.pending != right:
            wrong += LaneCount.objects.filter(pk=tally.pk, pending=tally.pending).update(
                pending=right
            )
    for (neighbourhood_id, lane), n in actual.items():
        LaneCount.objects.update_or_create(
            neighbourhood_id=neighbourhood_id, lane=lane, defaults={"pending": n}
        )
        wrong += 1
    return wrong


def record(item: QueueItem, kind: str, *, actor: User | None, from_lane: str = "") -> QueueEvent:
    event = QueueEvent.objects.create(
        item=item, neighbourhood_id=item.neighbourhood_id, kind=kind, actor=actor
    )
    payload = event_payload(event, item)
    if from_lane:
        payload["from_lane"] = from_lane
    transaction.on_commit(
        lambda: realtime.publish([realtime.MODERATION_STREAM], payload), robust=True
    )
    return event


def event_payload(event: QueueEvent, item: QueueItem) -> dict:
    """What moderators' pages need to update counts and mark rows; no post text."""
    return {
        "type": event.kind,
        "id": event.pk,
        "item": item.pk,
        "lane": item.lane,
        "neighbourhood": item.neighbourhood_id,
        "state": item.state,
        "version": item.version,
        "by": event.actor.display_name if event.actor_id else "",
        "claim_expires_at": (item.claim_expires_at.isoformat() if item.claim_expires_at else None),
    }
