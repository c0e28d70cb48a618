"""Bulk decisions: approve or reject many queue items at once, each decided by
moderation.services.decisions.decide in its own transaction, so the same rules hold for each.
Urgent and safeguarding items are never approved in bulk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from engage.refusals import NotAllowed, Refusal
from moderation.models import Action, Lane, QueueItem
from moderation.services.decisions import Ruling, decide

if TYPE_CHECKING:
    from engage.models import User


@dataclass
class BulkResult:
    done: int = 0
    skipped: list[str] = field(default_factory=list)


ONE_AT_A_TIME = frozenset({Lane.URGENT, Lane.SAFEGUARDING})


def decide_many(
    *,
    items: list[tuple[QueueItem, int]],
    moderator: User,
    action: str,
    reason_code: str = "",
    reason_extra: str = "",
) -> BulkResult:
    """Bulk approve or reject: each item in its own transaction, so one stale or refused item
    never undoes the others; the moderator is told which were skipped and why. Urgent and
    safeguarding items are never approved in bulk."""
    if action not in (Action.APPROVE, Action.REJECT):
        raise NotAllowed("Only approve and reject can be applied to several items at once.")
    result = BulkResult()
    for item, version in items:
        if action == Action.APPROVE and item.lane in ONE_AT_A_TIME:
            result.skipped.append(
                f"{item.concern.ref}: urgent and safeguarding items are decided one at a time."
            )
            continue
        try:
            decide(
                item=item,
                moderator=moderator,
                ruling=Ruling(
                    action=action,
                    version=version,
                    reason_code=reason_code,
                    reason_extra=reason_extra,
                ),
            )
        except Refusal as error:
            result.skipped.append(f"{item.concern.ref}: {error.message}")
        else:
            result.done += 1
    return result
