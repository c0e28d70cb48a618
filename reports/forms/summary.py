"""A report's answers as GOV.UK summary-list rows: for "check your answers" (with a Change
link per step) and for the reporter's case page. Reads the answers only; no queries except the
neighbourhood's name, passed in by the caller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from reports.forms.steps import HateForm, VehicleForm, WhenForm
from reports.types import report_type

STEP_TITLES = {
    "type": "What you are reporting",
    "when": "When it happened",
    "where": "Where it happened",
    "what": "What happened",
    "hate": "Why you think you were targeted",
    "items": "Items",
    "vehicles": "Vehicles",
    "people": "People involved",
    "witnesses": "Witnesses",
    "evidence": "Evidence",
    "contact": "How to contact you",
}
# A step's page asks its question; the summary names its answer (STEP_TITLES).
HEADINGS = {
    **STEP_TITLES,
    "when": "When did it happen?",
    "where": "Where did it happen?",
    "what": "What happened?",
    "hate": "Why do you think it happened?",
    "items": "What was taken, lost or found?",
    "vehicles": "Which vehicles were involved?",
    "people": "Who was involved?",
    "witnesses": "Did anyone see it?",
    "contact": "How can we contact you?",
}
YES_NO = {"yes": "Yes", "no": "No", "unsure": "Not sure"}


@dataclass(frozen=True)
class Row:
    step: str
    key: str
    value: str


def _when(answer: dict[str, Any]) -> str:
    if not answer.get("date"):
        return ""
    day = date.fromisoformat(answer["date"]).strftime("%-d %B %Y")
    precision = answer.get("precision")
    if precision == "exact":
        return f"{day} at {answer['at']}"
    if precision == "approximate":
        return f"{day} at about {answer['at']}"
    if precision == "between":
        return f"{day}, between {answer['start']} and {answer['end']}"
    return f"{day}, time not known"


def _where(answer: dict[str, Any], place_name: str) -> str:
    parts = [answer.get("postcode", ""), place_name and f"({place_name})", answer.get("place", "")]
    return " ".join(part for part in parts if part)


def _entries(step: str, answer: dict[str, Any]) -> list[str]:
    lines = []
    roles = dict(VehicleForm.ROLES)
    for entry in answer.get("entries", []):
        if step == "items":
            value = f", £{entry['value']}" if entry.get("value") else ""
            serial = f", serial {entry['serial']}" if entry.get("serial") else ""
            lines.append(f"{entry['description']}{value}{serial}")
        else:
            what = " ".join(entry.get(k, "") for k in ("colour", "make", "model") if entry.get(k))
            role = roles.get(entry.get("role", ""), "")
            lines.append(f"{entry['registration']} {what} ({role})".replace("  ", " "))
    return lines


def _contact(answer: dict[str, Any]) -> list[str]:
    if answer.get("anonymous"):
        return ["You chose to stay anonymous"]
    labels = (
        ("phone", "Phone"),
        ("email", "Email"),
        ("best_times", "Best times"),
        ("avoid_times", "Not"),
        ("needs", "Needs"),
    )
    return [f"{label}: {answer[key]}" for key, label in labels if answer.get(key)]


def step_lines(step: str, answer: dict[str, Any], place_name: str = "") -> list[str]:
    """What one step's answer says, one line per fact."""
    if step == "when":
        return [_when(answer)]
    if step == "where":
        return [_where(answer, place_name)]
    if step == "what":
        return [answer.get("text", "")]
    if step == "hate":
        motives = dict(HateForm.MOTIVES)
        return [", ".join(motives.get(m, m) for m in answer.get("motives", []))]
    if step in ("items", "vehicles"):
        return _entries(step, answer) or ["None"]
    if step == "people":
        known = f"Know who did it: {YES_NO.get(answer.get('suspect_known', ''), '')}"
        return [known, answer.get("descriptions", "")]
    if step == "witnesses":
        return [f"Witnesses: {YES_NO.get(answer.get('any', ''), '')}", answer.get("details", "")]
    if step == "contact":
        return _contact(answer)
    return []


def summary_rows(kind: str, answers: dict[str, Any], place_name: str = "") -> list[Row]:
    """One row per step the type asks (the evidence step is listed by its own page)."""
    found = report_type(kind)
    rows = [Row("type", STEP_TITLES["type"], found.title if found else kind)]
    for step in found.steps if found else ():
        if step == "evidence" or step not in answers:
            continue
        lines = [line for line in step_lines(step, answers[step], place_name) if line]
        rows.append(Row(step, STEP_TITLES[step], "\n".join(lines)))
    return rows


def precision_label(value: str) -> str:
    return dict(WhenForm.PRECISION).get(value, value)
