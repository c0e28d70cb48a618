"""The moderation lanes in their one order of seriousness (issue 18, "one definition per rule").

Screening's combined lane, rescreening's raise, the queue's `lane_rank` column and sort, a
moderator's move out of a serious lane and the lane a report or appeal inherits all compare
lanes through this module, so they cannot disagree. Pure Python (the detectors import it
without Django); `moderation.models.Lane` is the same order as choices, checked at import.
"""

from __future__ import annotations

from collections.abc import Iterable

URGENT, SAFEGUARDING = "urgent", "safeguarding"
PERSONAL_DATA, STANDARD = "personal_data", "standard"
LANES = (URGENT, SAFEGUARDING, PERSONAL_DATA, STANDARD)  # most serious first
LEAST_SERIOUS = LANES[-1]


def lane_rank(lane: str) -> int:
    """0 for the most serious lane. A lane this release does not know (an old row, a typo in
    a setting) ranks as standard: never above a lane we do know."""
    return LANES.index(lane) if lane in LANES else LANES.index(LEAST_SERIOUS)


def more_serious(a: str, b: str) -> bool:
    """True if lane `a` outranks lane `b` (strictly)."""
    return lane_rank(a) < lane_rank(b)


def most_serious(lanes: Iterable[str], default: str = LEAST_SERIOUS) -> str:
    """The most serious of `lanes` (the first of equals), or `default` if there are none."""
    return min(lanes, key=lane_rank, default=default)
