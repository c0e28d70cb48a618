"""Acting on a queue item without deciding it: escalate it to the neighbourhood team, move it
to the lane it belongs in, add a note. The same scope and conflict-of-interest checks as a
decision (moderation.services.decisions); escalations and lane moves are logged as Decision rows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from concerns import services as concern_services
from engage.refusals import AlreadyHandled, NotAllowed
from moderation.lanes import more_serious
from moderation.models import Action, Decision, ExampleSource, Lane, Note, QueueItem
from moderation.services import learning, queue
from moderation.services.decisions import _joined, check_may_act, check_no_stake

if TYPE_CHECKING:
    from engage.models import User


@transaction.atomic
def escalate(*, item: QueueItem, moderator: User, note: str) -> Decision:
    """Ask the neighbourhood team to look (the item stays in the queue for a decision)."""
    check_may_act(moderator, item)
    if not item.is_pending:
        raise AlreadyHandled("This item has been decided, so there is nothing to escalate.")
    if not note.strip():
        raise NotAllowed("Say what you want the team to look at.")
    QueueItem.objects.filter(pk=item.pk).update(escalated_at=timezone.now())
    subject = item.subject
    text = _joined(getattr(subject, "title", ""), subject.body)
    decision = Decision.objects.create(
        item=item,
        concern=item.concern,
        moderator=moderator,
        subject_author=subject.author,
        action=Action.ESCALATE,
        reason=note.strip(),
        text_before=text,
        text_after=text,
    )
    # In-app for every officer of the team (and on their dashboard), emailed through the
    # notification outbox; an officer named with @ is told they were mentioned.
    concern_services.tell_team(concern=item.concern, actor=moderator, note=note.strip())
    return decision


SERIOUS_LANES = (Lane.URGENT, Lane.SAFEGUARDING)


@transaction.atomic
def move_lane(
    *, item: QueueItem, moderator: User, lane: str, version: int, note: str = ""
) -> Decision:
    """A moderator puts a post in the lane it belongs in. Taking it out of the urgent or the
    safeguarding lane needs a reason (it is logged); the post and both judgements are kept as
    a training example."""
    check_may_act(moderator, item)
    if item.kind not in learning.LEARNS_FROM:
        raise NotAllowed("Only new concerns and resident updates can change lane.")
    if lane not in Lane.values:
        raise NotAllowed("Choose the lane this item belongs in.")
    if lane == item.lane:
        raise NotAllowed(f"It is already in the {item.get_lane_display().lower()} lane.")
    leaving_serious = item.lane in SERIOUS_LANES and more_serious(item.lane, lane)
    if leaving_serious and not note.strip():
        raise NotAllowed(
            f"Say why this is not {item.get_lane_display().lower()}: "
            "the reason is kept in the decision log."
        )
    screened_lane = item.subject.lane  # screening's, whatever a moderator did before
    before = learning.post_text(item)
    from_label = item.get_lane_display()
    queue.move(item, lane=lane, version=version, actor=moderator)
    learning.record(
        item,
        moderator=moderator,
        label=learning.LABEL_FOR_LANE[lane],
        source=ExampleSource.MOVED,
        screened_lane=screened_lane,
    )
    return Decision.objects.create(
        item=item,
        concern=item.concern,
        moderator=moderator,
        subject_author=item.subject.author,
        action=Action.MOVE,
        reason=f"From {from_label} to {Lane(lane).label}"
        + (f": {note.strip()}" if note.strip() else "."),
        text_before=before,
        text_after=before,
    )


def add_note(*, item: QueueItem, moderator: User, text: str) -> Note:
    check_no_stake(moderator, item)
    if not text.strip():
        raise NotAllowed("Write the note first.")
    return Note.objects.create(item=item, author=moderator, text=text.strip()[:2000])
