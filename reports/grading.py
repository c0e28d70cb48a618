"""THRIVE-style grading of a new report: which triage lane it starts in.

THRIVE (threat, harm, risk, investigation, vulnerability, engagement) is how UK contact centres
weigh a call. Each is scored 0-3 from the report's type, its answers, the text screening and the
danger questions; the grade follows from the scores:

- high: any of threat, harm, risk or vulnerability at 3 (someone may be hurt or is at risk),
  or a total of 12 or more;
- medium: any of those four at 2, or a total of 6 or more;
- standard: a total of 2 or more;
- low: anything less, and lost or found property whatever its total, unless someone is at
  risk or the text reads as urgent or safeguarding (property alone never jumps the queue).

What raises a score, and why (each one adds a reason the call handler reads):
- the type's own weight (a hate crime starts high on threat, harm, risk and vulnerability;
  a burglary on harm and investigation; a theft on harm and investigation);
- the resident said a child or vulnerable adult is at risk: vulnerability 3, risk +2;
- screening found a safeguarding concern: vulnerability 3; an emergency (sent on after the 999
  page): threat 3;
- a repeat victim (reported to us in the last year): vulnerability +2, risk +1 (repeat
  victimisation is the strongest sign of vulnerability a report carries);
- the suspect is known to them: investigation +2 and risk +1 (they can be found, and they can
  come back); serial numbers or witnesses: investigation +1 (lines of enquiry);
- stolen goods worth £1,000 or more: harm +1;
- a reporter who can be contacted: engagement +1 (a hate crime victim +1 more: support).
The call handler can change the grade with a reason (casework.services.regrade_case).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from casework.states import Grade
from moderation.lanes import SAFEGUARDING
from moderation.screening import Screening

DIMENSIONS = ("threat", "harm", "risk", "investigation", "vulnerability", "engagement")
DANGER = ("threat", "harm", "risk", "vulnerability")
HIGH_VALUE = Decimal("1000")

# The weight a type starts with, by kind or its family ("crime.theft", then "crime").
BASE: dict[str, dict[str, int]] = {
    "crime.theft": {"harm": 1, "investigation": 1},
    "crime.burglary": {"harm": 2, "risk": 1, "investigation": 2},
    "crime.criminal_damage": {"harm": 1, "investigation": 1},
    "crime.assault": {"threat": 2, "harm": 1, "investigation": 1},
    "crime.vehicle": {"harm": 1, "investigation": 1},
    "crime.hate": {"threat": 2, "harm": 2, "risk": 2, "vulnerability": 2},
    "asb": {"threat": 1, "harm": 1},
    "road_traffic": {"harm": 1, "risk": 1},
    "tell_us": {"investigation": 1},
    "lost_found": {},
}


@dataclass(frozen=True)
class Assessment:
    grade: str
    thrive: dict[str, int]
    reasons: tuple[str, ...]


def _base(kind: str) -> dict[str, int]:
    family = kind.split(".")[0]
    return dict(BASE.get(kind, BASE.get(family, {})))


def _value(items: list[dict[str, Any]]) -> Decimal:
    total = Decimal(0)
    for item in items:
        try:
            total += Decimal(str(item.get("value") or 0))
        except InvalidOperation:
            continue
    return total


def _raise(scores: dict[str, int], dimension: str, by: int = 1, *, to: int | None = None) -> None:
    scores[dimension] = min(3, max(scores.get(dimension, 0) + by, to or 0))


def assess(
    kind: str,
    answers: dict[str, Any],
    screening: Screening,
    at_risk: bool,
    *,
    previous_reports: int = 0,
) -> Assessment:
    """Score the report and grade it by the rule in this module's docstring."""
    scores = {dimension: 0 for dimension in DIMENSIONS} | _base(kind)
    reasons: list[str] = []
    if kind == "crime.hate":
        reasons.append("Hate crime")
    urgent = screening.is_emergency
    safeguarding = any(finding.lane == SAFEGUARDING for finding in screening.findings)
    if at_risk:
        _raise(scores, "vulnerability", 0, to=3)
        _raise(scores, "risk", 2)
        reasons.append("The reporter said a child or vulnerable adult is at risk")
    if safeguarding and not at_risk:
        _raise(scores, "vulnerability", 0, to=3)
        reasons.append("The text reads as a safeguarding concern")
    if urgent:
        _raise(scores, "threat", 0, to=3)
        reasons.append("The text reads as an emergency (sent on after the 999 page)")
    if previous_reports:
        _raise(scores, "vulnerability", 2)
        _raise(scores, "risk")
        reasons.append(f"Repeat victim: {previous_reports} other report(s) in the last year")
    if answers.get("people", {}).get("suspect_known") == "yes":
        _raise(scores, "investigation", 2)
        _raise(scores, "risk")
        reasons.append("The reporter knows who did it")
    items = answers.get("items", {}).get("entries", [])
    if any(item.get("serial") for item in items):
        _raise(scores, "investigation")
        reasons.append("Serial numbers given")
    if answers.get("witnesses", {}).get("any") == "yes":
        _raise(scores, "investigation")
        reasons.append("There are witnesses")
    if kind.startswith("crime.") and _value(items) >= HIGH_VALUE:
        _raise(scores, "harm")
        reasons.append("Goods worth £1,000 or more")
    contact = answers.get("contact", {})
    if (contact.get("phone") or contact.get("email")) and not contact.get("anonymous"):
        _raise(scores, "engagement", 2 if kind == "crime.hate" else 1)
    grade = _grade(
        scores,
        property_only=kind.startswith("lost_found") and not (at_risk or urgent or safeguarding),
    )
    return Assessment(grade, scores, tuple(reasons))


def _grade(scores: dict[str, int], *, property_only: bool) -> str:
    total = sum(scores.values())
    worst = max(scores[dimension] for dimension in DANGER)
    if property_only:
        return Grade.LOW
    if worst >= 3 or total >= 12:
        return Grade.HIGH
    if worst >= 2 or total >= 6:
        return Grade.MEDIUM
    if total >= 2:
        return Grade.STANDARD
    return Grade.LOW
