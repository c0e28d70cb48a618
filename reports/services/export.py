"""A day's recorded reports as CSV, for a force without a records webhook (`manage.py
export_reports`). Reads through the wire payload (reports.records_wire), so the CSV and the
webhook say the same things; logs a CaseAccess "export" row per case written.

Which day: the reports whose crime was recorded (outcome "crime_recorded") on that date in
the service's TIME_ZONE (Europe/London), by `triaged_at`: the moment triage recorded it. A
report received on Monday and recorded on Tuesday is in Tuesday's file.

The columns (COLUMNS, in order): reference, kind, kind_title, status, crime_reference,
received_at, recorded_at (ISO 8601, UTC), when, where, neighbourhood, ward_code, grade, thrive,
grade_reason, summary, people, items, vehicles, witnesses, anonymous, reporter_name,
reporter_email, contact, documents, handed_over_at.

Answers are flattened: a step's answers as "field: value; field: value", a list step (people,
items, vehicles, witnesses) as its entries joined by " | ", THRIVE as "threat=1; harm=2".
Documents are "name (sha256)" joined by "; ": names and hashes, never the files. The reporter
columns are empty for an anonymous report. A cell starting with = + - @ is prefixed with '
(spreadsheets would run it as a formula).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any, Protocol

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from casework.models import AccessAction, Case, CaseAccess
from casework.states import Outcome
from reports import records_wire
from reports.services.handover import for_wire

COLUMNS = (
    "reference kind kind_title status crime_reference received_at recorded_at when where "
    "neighbourhood ward_code grade thrive grade_reason summary people items vehicles "
    "witnesses anonymous reporter_name reporter_email contact documents handed_over_at"
).split()
CHUNK = 500


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def recorded_on(day: date) -> QuerySet[Case]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    return (
        for_wire()
        .filter(outcome=Outcome.CRIME_RECORDED, triaged_at__gte=start, triaged_at__lt=end)
        .order_by("triaged_at", "id")
    )


def export_day(
    day: date, out: Writable, *, progress: Callable[[int, int], None] | None = None
) -> int:
    """Write `day`'s recorded reports to `out` as CSV; how many. Each one written is logged
    as an export (by no user: a command) in chunks, as it is written."""
    rows = recorded_on(day)
    total = rows.count()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    done = 0
    for chunk in _chunks(rows.iterator(chunk_size=CHUNK)):
        writer.writerows(row(case) for case in chunk)
        _log_exports(chunk, f"CSV export of {day.isoformat()}")
        done += len(chunk)
        if progress:
            progress(done, total)
    return done


@transaction.atomic
def _log_exports(cases: list[Case], detail: str) -> None:
    CaseAccess.objects.bulk_create(
        CaseAccess(
            case=case,
            case_reference=case.reference,
            user=None,
            action=AccessAction.EXPORT,
            detail=detail,
        )
        for case in cases
    )


def row(case: Case) -> list[str]:
    wire = records_wire.payload(case)
    reporter = wire["reporter"] or {}
    place = wire["neighbourhood"] or {}
    values: dict[str, Any] = {
        **{key: wire[key] for key in ("reference", "kind", "kind_title", "status", "summary")},
        "crime_reference": wire["crime_reference"],
        "received_at": wire["received_at"],
        "recorded_at": wire["triaged_at"],
        "when": flat(wire["when"]),
        "where": flat(wire["where"]),
        "neighbourhood": place.get("name", ""),
        "ward_code": place.get("ward_code", ""),
        "grade": case.get_grade_display(),
        "thrive": "; ".join(f"{k}={v}" for k, v in sorted(case.thrive.items())),
        "grade_reason": case.grade_reason,
        **{step: " | ".join(flat(e) for e in wire[step]) for step in records_wire.LISTED_STEPS},
        "anonymous": "yes" if case.anonymous else "no",
        "reporter_name": reporter.get("name", ""),
        "reporter_email": reporter.get("email", ""),
        "contact": flat(reporter.get("contact")),
        "documents": "; ".join(f"{d['name']} ({d['sha256']})" for d in wire["documents"]),
        "handed_over_at": case.handed_over_at.isoformat() if case.handed_over_at else "",
    }
    return [
        safe_cell(str(values[column] if values[column] is not None else "")) for column in COLUMNS
    ]


def flat(value: Any) -> str:
    """One cell's text. Keys in alphabetical order: PostgreSQL's jsonb keeps its own key order,
    SQLite the order written, and a day's CSV must read the same from either."""
    if value is None or value == "" or value == {} or value == []:
        return ""
    if isinstance(value, dict):
        return "; ".join(f"{k}: {flat(v)}" for k, v in sorted(value.items()) if flat(v))
    if isinstance(value, list):
        return ", ".join(flat(v) for v in value)
    return str(value)


# What a spreadsheet may read as the start of a formula (OWASP CSV injection): a tab or a
# carriage return first is skipped by some, so the character after it would be read.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    return "'" + text if text[:1] in FORMULA_STARTS else text


def _chunks(cases: Iterator[Case]) -> Iterator[list[Case]]:
    chunk: list[Case] = []
    for case in cases:
        chunk.append(case)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
