"""A case's states and the one table of who may move it where (like concerns.states).

The counters share the table: reports use the first path; permits add theirs here, so a case's
status still changes in one service (`casework.services.transition_case`) against one table.
"""

from __future__ import annotations

from django.db import models


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSESSING = "assessing", "Being assessed"
    CRIME_RECORDED = "crime_recorded", "Crime recorded"
    WITH_TEAM = "with_team", "Passed to the neighbourhood team"
    CLOSED = "closed", "Closed"


class Role(models.TextChoices):
    """In what capacity someone acts on a case (decided by casework.access)."""

    REPORTER = "reporter", "the person who reported it"
    HANDLER = "handler", "a call handler"
    TEAM = "team", "an officer of the assigned team"
    SYSTEM = "system", "the system"


class Grade(models.TextChoices):
    """The triage lane a THRIVE assessment puts a case in, most serious first."""

    HIGH = "high", "High risk"
    MEDIUM = "medium", "Medium risk"
    STANDARD = "standard", "Standard"
    LOW = "low", "Low risk"


GRADE_ORDER = (Grade.HIGH, Grade.MEDIUM, Grade.STANDARD, Grade.LOW)


def grade_rank(grade: str) -> int:
    return GRADE_ORDER.index(Grade(grade))


class Outcome(models.TextChoices):
    """How triage ends (the explanation the reporter reads is stored beside it)."""

    CRIME_RECORDED = "crime_recorded", "Crime recorded"
    REFERRED = "referred", "Referred to the neighbourhood team"
    NO_FURTHER_ACTION = "nfa", "No further action"
    DUPLICATE = "duplicate", "Duplicate of another report"


S = CaseStatus
OPEN_STATES = frozenset({S.RECEIVED, S.ASSESSING, S.CRIME_RECORDED, S.WITH_TEAM})
# Waiting for triage: what the call handlers' queue shows.
UNTRIAGED = frozenset({S.RECEIVED, S.ASSESSING})


def _build() -> dict[tuple[str, str], frozenset[str]]:
    table: dict[tuple[str, str], set[str]] = {}

    def allow(frm: str, to: str, *roles: str) -> None:
        table.setdefault((frm, to), set()).update(roles)

    allow(S.RECEIVED, S.ASSESSING, Role.HANDLER)  # claimed: "being assessed"
    allow(S.ASSESSING, S.RECEIVED, Role.HANDLER, Role.SYSTEM)  # claim given back or expired
    for frm in UNTRIAGED:
        allow(frm, S.CRIME_RECORDED, Role.HANDLER)
        allow(frm, S.WITH_TEAM, Role.HANDLER)
        allow(frm, S.CLOSED, Role.HANDLER)
    allow(S.CRIME_RECORDED, S.WITH_TEAM, Role.HANDLER)
    for frm in (S.CRIME_RECORDED, S.WITH_TEAM):
        allow(frm, S.CLOSED, Role.HANDLER, Role.TEAM)
    # New information reopens a closed report for another look (the reporter is told).
    allow(S.CLOSED, S.RECEIVED, Role.HANDLER, Role.TEAM, Role.SYSTEM)
    return {key: frozenset(roles) for key, roles in table.items()}


TRANSITIONS: dict[tuple[str, str], frozenset[str]] = _build()


def is_allowed(frm: str, to: str, roles: set[str]) -> bool:
    return bool(TRANSITIONS.get((frm, to), frozenset()) & roles)
