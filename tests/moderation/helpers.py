"""Helpers for the moderation service tests: a decision at the item's current version, and the
pending total a moderator's lane counts add up to."""

from __future__ import annotations

from engage.models import User
from moderation import selectors, services
from moderation.models import Decision, QueueItem
from moderation.services import Ruling

PHONE_POST = "The man selling at the corner gave out his number 07700 900123 to everyone."


def decide(item: QueueItem, moderator: User, action: str, **extra) -> Decision:
    """`moderator` decides `item` at its current version (reloaded first)."""
    item.refresh_from_db()
    return services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=action, version=item.version, **extra)
    )


def pending_total(user: User) -> int:
    return sum(selectors.lane_counts(user).values())
