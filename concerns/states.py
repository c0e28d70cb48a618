"""The concern state machine: the states, who may move a concern between them, and nothing else.

One table, read by `concerns.services.transition_concern` (the only code that changes a status)
and by pages that offer the allowed moves. Pure data and functions: no database.
"""

from __future__ import annotations

from django.db import models


class ConcernStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting moderation"
    RETURNED = "returned", "Returned for changes"
    REJECTED = "rejected", "Not published"
    DIVERTED = "diverted", "Passed to the right service"
    PUBLISHED = "published", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    RESPONDED = "responded", "Responded"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    HIDDEN = "hidden", "Hidden by a moderator"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Capacity(models.TextChoices):
    """The capacity in which someone acts on a concern (one person may hold several)."""

    AUTHOR = "author", "the resident who raised it"
    MODERATOR = "moderator", "a moderator"
    TEAM = "team", "the neighbourhood team"
    SYSTEM = "system", "an automatic rule (community flags)"


class Diversion(models.TextChoices):
    """Where a moderator sends a concern that must not be published."""

    EMERGENCY = "999", "Emergency: call 999"
    NON_EMERGENCY = "101", "Non-emergency: call 101"
    CRIME_REPORT = "crime_report", "Report the crime online"
    SAFEGUARDING = "safeguarding", "Safeguarding referral"


S = ConcernStatus
PUBLIC_STATES = frozenset(
    {S.PUBLISHED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESPONDED, S.RESOLVED, S.CLOSED}
)
OPEN_STATES = frozenset({S.PUBLISHED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESPONDED})
# The team's path; moving forward may skip steps (a full reply can go straight to "responded").
TEAM_PATH = (S.PUBLISHED, S.ACKNOWLEDGED, S.IN_PROGRESS, S.RESPONDED, S.RESOLVED, S.CLOSED)
REOPENABLE = {(S.RESPONDED, S.IN_PROGRESS), (S.RESOLVED, S.IN_PROGRESS)}


def _build() -> dict[tuple[str, str], frozenset[str]]:
    table: dict[tuple[str, str], set[str]] = {}

    def allow(frm: str, to: str, *actors: str) -> None:
        table.setdefault((frm, to), set()).update(actors)

    for outcome in (S.PUBLISHED, S.RETURNED, S.REJECTED, S.DIVERTED):
        allow(S.SUBMITTED, outcome, Capacity.MODERATOR)
    allow(S.RETURNED, S.SUBMITTED, Capacity.AUTHOR)  # resubmitted after editing
    for i, frm in enumerate(TEAM_PATH):
        for to in TEAM_PATH[i + 1 :]:
            allow(frm, to, Capacity.TEAM)
    for frm, to in REOPENABLE:
        allow(frm, to, Capacity.TEAM)
    # An appeal upheld: what was refused or returned is published after all.
    allow(S.REJECTED, S.PUBLISHED, Capacity.MODERATOR)
    allow(S.RETURNED, S.PUBLISHED, Capacity.MODERATOR)
    for state in PUBLIC_STATES:
        allow(state, S.HIDDEN, Capacity.MODERATOR, Capacity.SYSTEM)
        allow(S.HIDDEN, state, Capacity.MODERATOR)  # restored to where it was
    for state in (S.SUBMITTED, S.RETURNED, *PUBLIC_STATES):
        allow(state, S.WITHDRAWN, Capacity.AUTHOR)
    return {key: frozenset(actors) for key, actors in table.items()}


TRANSITIONS: dict[tuple[str, str], frozenset[str]] = _build()


def is_allowed(frm: str, to: str, capacities: set[str]) -> bool:
    return bool(TRANSITIONS.get((frm, to), frozenset()) & capacities)


def targets(frm: str, capacities: set[str]) -> list[str]:
    """The states these capacities may move a concern to from `frm`, in table order."""
    return [
        to for (source, to), actors in TRANSITIONS.items() if source == frm and actors & capacities
    ]
