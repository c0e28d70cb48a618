"""Where posts enter the queue: the hooks concerns calls inside its own transactions
(settings.CONCERN_HOOKS), so an accepted post and its queue item commit together or not at all.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from concerns.models import Concern, Reply, ResidentUpdate
from concerns.states import ConcernStatus
from engage import outbox
from moderation.models import Kind, QueueItem
from moderation.screening import screen
from moderation.services import queue

if TYPE_CHECKING:
    from concerns import hooks
    from engage.models import User

log = logging.getLogger(__name__)
RESCREEN = "moderation.rescreen"  # its handler: moderation/services/rescreening.py


def concern_submitted(*, concern: Concern) -> None:
    _rescreen_later(queue.enqueue(kind=Kind.CONCERN, concern=concern, lane=concern.lane))


def update_submitted(*, update: ResidentUpdate) -> None:
    _rescreen_later(
        queue.enqueue(kind=Kind.UPDATE, concern=update.concern, update=update, lane=update.lane)
    )


def reply_submitted(*, reply: Reply) -> None:
    """An officer's reply for a team that wants sign-off: screened like any post, so personal
    data in an answer is caught too."""
    queue.enqueue(kind=Kind.REPLY, concern=reply.concern, reply=reply, lane=screen(reply.body).lane)


def _rescreen_later(item: QueueItem) -> None:
    """The fuller screening (repeats across the author's recent posts) runs in a worker,
    through the outbox: recorded with the post, so a broker outage delays it, never skips it
    (41-59 items a run were skipped for good before: issue 16, item 12)."""
    outbox.enqueue(RESCREEN, {"item": item.pk}, dedupe_key=f"rescreen:{item.pk}")


def status_changed(*, concern: Concern, frm: str, to: str, actor: User | None) -> None:
    """A concern that leaves moderation by another road (withdrawn by its author) no longer
    waits in the queue; one leaving public view takes its flags' item with it."""
    if frm == ConcernStatus.SUBMITTED:
        queue.close_pending(concern=concern, kinds=[Kind.CONCERN], actor=actor)
    if to == ConcernStatus.WITHDRAWN:
        queue.close_pending(concern=concern, kinds=list(Kind.values), actor=actor)


if TYPE_CHECKING:
    # settings.CONCERN_HOOKS names these by path, which mypy cannot follow: held here to the
    # signatures concerns.hooks.run calls them with.
    _submitted: hooks.Submitted = concern_submitted
    _update_submitted: hooks.UpdateSubmitted = update_submitted
    _reply_submitted: hooks.ReplySubmitted = reply_submitted
    _status_changed: hooks.StatusChanged = status_changed
