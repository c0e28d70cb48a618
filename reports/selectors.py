"""Reads for the contact centre and the team's reports: the triage queue in lanes with keyset
pages, the per-lane counts, one case with everything on it, and a team's passed cases.

Every list is a keyset page (engage.cursors): one query at any depth, never OFFSET, and the only
COUNT is the grouped one over untriaged rows (a handful of lanes, read from the partial index).
Who may see a case is decided by the views with casework.access; these only shape the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch

# Public since Django 5.2 for composite keys; the row comparison a keyset page needs.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan

from casework.models import TRIAGE_ORDER, Case, CaseEvent, CaseMessage, Counter
from casework.states import GRADE_ORDER, Grade
from engage import cursors
from reports.types import STEPS, report_type

if TYPE_CHECKING:
    from casework.models import CaseQuerySet

PAGE_SIZE = 25
TRIAGE_CURSOR = (int, datetime, datetime, int)  # TRIAGE_ORDER's fields
TEAM_ORDER = ("created_at", "id")  # newest first
TEAM_CURSOR = (datetime, int)


@dataclass
class QueueFilters:
    grade: str = ""
    neighbourhood: int | None = None


def type_title(kind: str) -> str:
    found = report_type(kind)
    return found.title if found else kind


@dataclass
class CasePage:
    cases: list[Case]
    next_cursor: str | None

    @property
    def rows(self) -> list[tuple[Case, str]]:
        """Each case with its type's title (reports.types), for the tables."""
        return [(case, type_title(case.kind)) for case in self.cases]


@dataclass
class Lane:
    grade: str
    label: str
    count: int


def reports() -> CaseQuerySet:
    return Case.objects.filter(counter=Counter.REPORT)


def untriaged_reports(filters: QueueFilters | None = None) -> CaseQuerySet:
    rows = reports().untriaged()
    if filters and filters.grade:
        rows = rows.filter(grade=filters.grade)
    if filters and filters.neighbourhood:
        rows = rows.filter(neighbourhood_id=filters.neighbourhood)
    return rows


def decode_queue_cursor(cursor: str) -> tuple[int, datetime, datetime, int] | None:
    """None for anything that is not a cursor we made (the view answers 400)."""
    position = cursors.decode(cursor, *TRIAGE_CURSOR)
    if position is None or position[0] >= len(GRADE_ORDER):
        return None
    return position


def decode_team_cursor(cursor: str) -> tuple[datetime, int] | None:
    return cursors.decode(cursor, *TEAM_CURSOR)


def _key(names: tuple[str, ...]) -> Tuple:
    return Tuple(*(F(name) for name in names))


def queue_page(filters: QueueFilters, cursor: str = "") -> CasePage:
    """One page of untriaged reports in triage order (lane, target, age): one query."""
    rows = untriaged_reports(filters)
    position = decode_queue_cursor(cursor) if cursor else None
    if position:
        rows = rows.filter(TupleGreaterThan(_key(TRIAGE_ORDER), position))
    found = list(
        rows.select_related("neighbourhood", "claimed_by").in_triage_order()[: PAGE_SIZE + 1]
    )
    return _page(found, TRIAGE_ORDER)


def _page(found: list[Case], order: tuple[str, ...]) -> CasePage:
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    last = found[-1] if more and found else None
    return CasePage(found, cursors.encode(*(getattr(last, n) for n in order)) if last else None)


def lanes(neighbourhood: int | None = None) -> list[Lane]:
    """Untriaged reports per grade, most serious first: one grouped count over the untriaged
    rows only (the queue's partial index), never the whole table."""
    rows = untriaged_reports(QueueFilters(neighbourhood=neighbourhood))
    counts = dict(rows.order_by().values_list("grade").annotate(total=Count("id")))
    return [Lane(grade, Grade(grade).label, counts.get(grade, 0)) for grade in GRADE_ORDER]


def case_for_staff(reference: str) -> Case | None:
    """The report with everything its staff page shows, in a fixed number of queries."""
    return (
        reports()
        .select_related("neighbourhood", "team", "claimed_by", "graded_by", "reporter")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch("messages", queryset=CaseMessage.objects.select_related("author")),
        )
        .filter(reference=reference.strip().upper())
        .first()
    )


def neighbour_cases(case: Case) -> tuple[Case | None, Case | None]:
    """The untriaged reports before and after this one in triage order (j and k)."""
    if not case.is_untriaged:
        return None, None
    base = reports().untriaged().exclude(pk=case.pk).only("reference")
    key = tuple(getattr(case, name) for name in TRIAGE_ORDER)
    following = base.filter(TupleGreaterThan(_key(TRIAGE_ORDER), key)).in_triage_order().first()
    previous = (
        base.filter(TupleLessThan(_key(TRIAGE_ORDER), key))
        .order_by(*[f"-{name}" for name in TRIAGE_ORDER])
        .first()
    )
    return previous, following


def team_page(team_id: int, cursor: str = "") -> CasePage:
    """The reports passed to a team, newest first, one keyset page: one query."""
    rows = reports().of_team(team_id)
    position = decode_team_cursor(cursor) if cursor else None
    if position:
        rows = rows.filter(TupleLessThan(_key(TEAM_ORDER), position))
    found = list(
        rows.select_related("neighbourhood").order_by(*[f"-{name}" for name in TEAM_ORDER])[
            : PAGE_SIZE + 1
        ]
    )
    return _page(found, TEAM_ORDER)


THRIVE = ("threat", "harm", "risk", "investigation", "vulnerability", "engagement")


def _plain(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}: {_plain(v)}" for k, v in value.items() if v not in EMPTY)
    if isinstance(value, list):
        return "; ".join(_plain(item) for item in value if item not in EMPTY)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


EMPTY: tuple[object, ...] = ("", None, [], {})


def _label(key: object) -> str:
    return str(key).replace("_", " ").capitalize()


STEP_ORDER = {step: i for i, step in enumerate(STEPS)}


def answer_rows(case: Case) -> list[tuple[str, list[str]]]:
    """The reporter's answers as (question, lines) for a summary list, whatever each step
    stored: a step's dict gives one line per answered field, a list one line per entry."""
    rows = []
    answers = case.answers or {}
    # In the order the form asks them: PostgreSQL's jsonb does not keep the order written.
    ordered = sorted(
        answers.items(), key=lambda kv: (STEP_ORDER.get(kv[0], len(STEP_ORDER)), kv[0])
    )
    for step, value in ordered:
        if step == "contact" and case.anonymous:
            rows.append((_label(step), ["The reporter asked not to be identified"]))
            continue
        if isinstance(value, dict):
            lines = [f"{_label(k)}: {_plain(v)}" for k, v in value.items() if v not in EMPTY]
        elif isinstance(value, list):
            lines = [_plain(item) for item in value if item not in EMPTY]
        else:
            lines = [] if value in EMPTY else [_plain(value)]
        rows.append((_label(step), lines or ["Not answered"]))
    return rows


def acted_by(event: CaseEvent, case: Case) -> str:
    """Who did it, as staff may read it: the reporter is "the reporter" (never their name when
    they asked not to be identified), staff by their display name."""
    if event.actor_id is None:
        return ""
    if event.actor_id == case.reporter_id:
        return "the reporter"
    return event.actor.display_name if event.actor else ""


def staff_history(case: Case) -> list[tuple[CaseEvent, str]]:
    """The case's whole history with who did each thing (events prefetched by case_for_staff)."""
    return [(event, acted_by(event, case)) for event in case.events.all()]


def screening_lines(case: Case) -> list[str]:
    """Why screening flagged the free text, one line per finding."""
    lines = []
    for finding in case.screening or []:
        if isinstance(finding, dict):
            text = finding.get("reason") or finding.get("label") or finding.get("message")
            lines.append(str(text) if text else _plain(finding))
        else:
            lines.append(str(finding))
    return lines


def thrive_rows(case: Case) -> list[tuple[str, object]]:
    """The THRIVE scores in THRIVE's order, then anything else the grading stored."""
    scores = case.thrive or {}
    known = [(_label(name), scores[name]) for name in THRIVE if name in scores]
    return known + [(_label(k), v) for k, v in scores.items() if k not in THRIVE]
