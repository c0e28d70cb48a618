"""Where posts enter the queue: the hooks concerns calls inside its own transactions
(settings.CONCERN_HOOKS), so an accepted post and its queue item commit together or not at all.
"""

from __future__ import annotations

from concerns.models import Concern, ResidentUpdate
from concerns.states import ConcernStatus
from moderation import queue
from moderation.models import Kind


def concern_submitted(*, concern: Concern) -> None:
    queue.enqueue(kind=Kind.CONCERN, concern=concern, lane=concern.lane)


def update_submitted(*, update: ResidentUpdate) -> None:
    queue.enqueue(kind=Kind.UPDATE, concern=update.concern, update=update, lane=update.lane)


def status_changed(*, concern: Concern, frm: str, to: str, actor) -> None:
    """A concern that leaves moderation by another road (withdrawn by its author) no longer
    waits in the queue; one leaving public view takes its flags' item with it."""
    if frm == ConcernStatus.SUBMITTED:
        queue.close_pending(concern=concern, kinds=[Kind.CONCERN], actor=actor)
    if to == ConcernStatus.WITHDRAWN:
        queue.close_pending(concern=concern, kinds=[Kind.FLAG, Kind.UPDATE], actor=actor)
