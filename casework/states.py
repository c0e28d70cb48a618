"""A case's states and the one table of who may move it where (like concerns.states).

The counters share the table: reports use the first path; permits add theirs here, so a case's
status still changes in one service (`casework.services.transition_case`) against one table.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models


class Counter(models.TextChoices):
    """Which of the station's private counters a case came in at."""

    REPORT = "report", "Report of a crime or incident"
    PERMIT = "permit", "Permit or licence application"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "Received"
    ASSESSING = "assessing", "Being assessed"
    CRIME_RECORDED = "crime_recorded", "Crime recorded"
    WITH_TEAM = "with_team", "Passed to the neighbourhood team"
    CLOSED = "closed", "Closed"
    # Permits and licences (the review path)
    UNDER_REVIEW = "under_review", "Under review"
    MORE_INFO = "more_info", "More information needed"
    VISIT_BOOKED = "visit_booked", "Home visit booked"
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Role(models.TextChoices):
    """In what capacity someone acts on a case (decided by casework.access)."""

    REPORTER = "reporter", "the person who reported it"
    HANDLER = "handler", "a call handler"
    TEAM = "team", "an officer of the assigned team"
    LICENSING = "licensing", "a licensing officer of the reviewing unit"
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
# Waiting for triage: what the call handlers' queue shows.
UNTRIAGED = frozenset({S.RECEIVED, S.ASSESSING})
# An application waiting on the reviewing unit (MORE_INFO waits on the applicant: its clock
# is paused, casework.models.Case.paused_at).
IN_REVIEW = frozenset({S.RECEIVED, S.UNDER_REVIEW, S.VISIT_BOOKED})
DECIDED = frozenset({S.GRANTED, S.REFUSED, S.WITHDRAWN})
FINAL_STATES = frozenset({S.CLOSED}) | DECIDED
OPEN_STATES = frozenset({S.RECEIVED, S.ASSESSING, S.CRIME_RECORDED, S.WITH_TEAM}) | (
    IN_REVIEW | {S.MORE_INFO}
)


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
    _permit_path(allow)
    return {key: frozenset(roles) for key, roles in table.items()}


def _permit_path(allow: Callable[..., None]) -> None:
    """An application: reviewed by its unit's licensing officers, who may ask for more (the
    applicant's answer sends it back), book a home visit, then grant or refuse; the applicant
    may withdraw it until it is decided."""
    L, A = Role.LICENSING, Role.REPORTER
    allow(S.RECEIVED, S.UNDER_REVIEW, L)
    allow(S.UNDER_REVIEW, S.RECEIVED, L, Role.SYSTEM)  # the reviewer hands it back
    for frm in IN_REVIEW:
        allow(frm, S.MORE_INFO, L)
        allow(frm, S.GRANTED, L)
        allow(frm, S.REFUSED, L)
        allow(frm, S.WITHDRAWN, A)
    allow(S.RECEIVED, S.VISIT_BOOKED, L)
    allow(S.UNDER_REVIEW, S.VISIT_BOOKED, L)
    allow(S.VISIT_BOOKED, S.UNDER_REVIEW, L)  # visited (or the visit was called off)
    allow(S.MORE_INFO, S.UNDER_REVIEW, A, L, Role.SYSTEM)  # answered, or the reviewer goes on
    allow(S.MORE_INFO, S.WITHDRAWN, A)


TRANSITIONS: dict[tuple[str, str], frozenset[str]] = _build()


def is_allowed(frm: str, to: str, roles: set[str]) -> bool:
    return bool(TRANSITIONS.get((frm, to), frozenset()) & roles)
