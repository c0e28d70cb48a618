"""Figures about reports for a period: how many of each type and in each ward, how long triage
took, and what share of each lane was triaged within its target.

All by aggregate queries (five, whatever the number of rows): counts grouped in the database,
and the median and 90th percentile by nearest rank (the k-th shortest time, one row fetched
per percentile: portable between SQLite and PostgreSQL). A report counts in the period it was
received (created_at in [since, until)); time to triage is created_at -> triaged_at; within
target means triaged_at <= triage_due_at.

These are staff figures. `public_safe(figures)` is what any public use must go through: each
count below REPORT_FIGURES_MINIMUM is shown as "fewer than N" (small numbers identify people),
with one more cell suppressed where a table would otherwise let the hidden one be worked out
from the total, and times and shares over fewer than N reports are not given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet

from casework.models import Case, Counter
from casework.states import GRADE_ORDER, Grade
from reports.types import report_type

NO_WARD = "Not matched to a ward"


@dataclass(frozen=True)
class Row:
    label: str
    count: int | None  # None: suppressed

    def shown(self) -> str:
        return str(self.count) if self.count is not None else suppressed_text()


@dataclass(frozen=True)
class GradeRow:
    grade: str
    label: str
    received: int | None
    triaged: int | None
    within_target: int | None

    @property
    def share(self) -> float | None:
        if not self.triaged or self.within_target is None:
            return None
        return self.within_target / self.triaged

    def share_shown(self) -> str:
        return f"{self.share:.0%}" if self.share is not None else "not given"


@dataclass(frozen=True)
class Figures:
    since: datetime
    until: datetime
    total: int | None
    per_type: list[Row]
    per_ward: list[Row]
    per_grade: list[GradeRow]
    triaged: int | None
    median_to_triage: timedelta | None
    p90_to_triage: timedelta | None
    public: bool = False

    @property
    def median_text(self) -> str:
        return duration_text(self.median_to_triage)

    @property
    def p90_text(self) -> str:
        return duration_text(self.p90_to_triage)


def duration_text(value: timedelta | None) -> str:
    if value is None:
        return "not given"
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' * (hours != 1)}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' * (minutes != 1)}")
    return " ".join(parts)


def suppressed_text() -> str:
    return f"fewer than {settings.REPORT_FIGURES_MINIMUM}"


def report_figures(*, since: datetime, until: datetime, team_id: int | None = None) -> Figures:
    """The figures for reports received in [since, until); with `team_id`, only reports in
    the neighbourhoods that team serves (an officer sees their own patch)."""
    rows = Case.objects.filter(counter=Counter.REPORT, created_at__gte=since, created_at__lt=until)
    if team_id is not None:
        rows = rows.filter(neighbourhood__team_id=team_id)
    per_type = [
        Row(_type_title(r["kind"]), r["n"])
        for r in rows.values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    per_ward = [
        Row(r["neighbourhood__name"] or NO_WARD, r["n"])
        for r in rows.values("neighbourhood__name")
        .annotate(n=Count("id"))
        .order_by("-n", "neighbourhood__name")
    ]
    per_grade = _per_grade(rows)
    triaged = sum(g.triaged or 0 for g in per_grade)
    return Figures(
        since=since,
        until=until,
        total=sum(r.count or 0 for r in per_type),
        per_type=per_type,
        per_ward=per_ward,
        per_grade=per_grade,
        triaged=triaged,
        median_to_triage=_nearest_rank(rows, triaged, 0.5),
        p90_to_triage=_nearest_rank(rows, triaged, 0.9),
    )


def _per_grade(rows: QuerySet[Case]) -> list[GradeRow]:
    found: dict[str, dict[str, int]] = {
        r["grade"]: {"n": r["n"], "triaged": r["triaged"], "within": r["within"]}
        for r in rows.values("grade").annotate(
            n=Count("id"),
            triaged=Count("id", filter=Q(triaged_at__isnull=False)),
            within=Count("id", filter=Q(triaged_at__lte=F("triage_due_at"))),
        )
    }
    empty = {"n": 0, "triaged": 0, "within": 0}
    return [
        GradeRow(
            grade,
            Grade(grade).label,
            found.get(grade, empty)["n"],
            found.get(grade, empty)["triaged"],
            found.get(grade, empty)["within"],
        )
        for grade in GRADE_ORDER
    ]


def _nearest_rank(rows: QuerySet[Case], triaged: int, fraction: float) -> timedelta | None:
    if not triaged:
        return None
    rank = max(1, math.ceil(fraction * triaged))
    waited = ExpressionWrapper(F("triaged_at") - F("created_at"), output_field=DurationField())
    value = (
        rows.filter(triaged_at__isnull=False)
        .annotate(waited=waited)
        .order_by("waited", "id")
        .values_list("waited", flat=True)[rank - 1 : rank]
    )
    found = list(value)
    return found[0] if found else None


def _type_title(kind: str) -> str:
    found = report_type(kind)
    return found.title if found else kind


def public_safe(figures: Figures) -> Figures:
    """The figures with every small number hidden (see the module docstring)."""
    minimum = settings.REPORT_FIGURES_MINIMUM
    enough = (figures.triaged or 0) >= minimum
    return replace(
        figures,
        total=_at_least(figures.total, minimum),
        per_type=_suppress_rows(figures.per_type, minimum),
        per_ward=_suppress_rows(figures.per_ward, minimum),
        per_grade=[_suppress_grade(g, minimum) for g in figures.per_grade],
        triaged=_at_least(figures.triaged, minimum),
        median_to_triage=figures.median_to_triage if enough else None,
        p90_to_triage=figures.p90_to_triage if enough else None,
        public=True,
    )


def _at_least(count: int | None, minimum: int) -> int | None:
    # Zero says nothing about anyone: only 1..minimum-1 is hidden.
    return count if count is None or count == 0 or count >= minimum else None


def _suppress_rows(rows: list[Row], minimum: int) -> list[Row]:
    safe = [Row(r.label, _at_least(r.count, minimum)) for r in rows]
    hidden = [i for i, r in enumerate(safe) if r.count is None]
    shown = [i for i, r in enumerate(safe) if r.count]
    if len(hidden) == 1 and shown:
        # One hidden cell and a known total: the total minus the rest would give it away.
        smallest = min(shown, key=lambda i: safe[i].count or 0)
        safe[smallest] = Row(safe[smallest].label, None)
    return safe


def _suppress_grade(row: GradeRow, minimum: int) -> GradeRow:
    triaged = _at_least(row.triaged, minimum)
    within = row.within_target or 0
    late = (row.triaged or 0) - within
    # 95% of 20 says one report was late: a share is given only when both sides are large.
    both_large = _at_least(within, minimum) is not None and _at_least(late, minimum) is not None
    return GradeRow(
        row.grade,
        row.label,
        _at_least(row.received, minimum),
        triaged,
        row.within_target if triaged and both_large else None,
    )
