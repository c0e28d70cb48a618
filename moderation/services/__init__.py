"""Every moderation write: decisions on queue items (decisions, bulk), escalating, moving and
annotating them (handling), the queue itself (queue), community flags, appeals, sanctions,
urgent escalation, safeguarding referrals, overdue reminders, the background re-screen, the
learning set and intake of new posts.

Changes to concerns go through concerns.services; nothing here assigns a concern's status.
Callers import the package (`from moderation import services`) for decisions, and a module by
name for the rest (`from moderation.services import queue`).
"""

from moderation.services.bulk import BulkResult, decide_many
from moderation.services.decisions import (
    ACTIONS_BY_KIND,
    Ruling,
    check_may_act,
    decide,
    may_moderate,
)
from moderation.services.handling import add_note, escalate, move_lane

__all__ = [
    "ACTIONS_BY_KIND",
    "BulkResult",
    "Ruling",
    "add_note",
    "check_may_act",
    "decide",
    "decide_many",
    "escalate",
    "may_moderate",
    "move_lane",
]
