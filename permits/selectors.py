"""Reads for the licensing officers: the review queue in lanes by lead time left, with keyset
pages, the lane counts, the applications waiting on their applicants, one application with
everything its review page shows, and the count of overdue reviews for the staff home page.

Every list is a keyset page (engage.cursors) over (triage_due_at, id): one query at any depth,
never OFFSET. The only COUNTs are over applications in review in the officer's own units (the
`case_by_unit` index), never the table. Who may see a case is decided by the views with
casework.access; these only shape the rows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, F, Prefetch, Q

# Public since Django 5.2 for composite keys; the row comparison a keyset page needs.
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan
from django.utils import timezone

from casework.models import Case, CaseEvent, CaseEventKind, CaseMessage, Counter
from casework.states import IN_REVIEW, CaseStatus
from engage import cursors
from permits.models import ApplicationType, Question, QuestionKind, RefereeCheck, Visit

if TYPE_CHECKING:
    from casework.models import CaseQuerySet

PAGE_SIZE = 25
ORDER = ("triage_due_at", "id")
CURSOR = (datetime, int)
WAITING = "waiting"
WAITING_LABEL = "Waiting on the applicant"
REVIEW_OR_WAITING = IN_REVIEW | {CaseStatus.MORE_INFO}


@dataclass(frozen=True)
class LaneSpec:
    key: str
    label: str
    within: timedelta | None  # due before now + this (None: no upper bound)


LANES = (
    LaneSpec("overdue", "Overdue", timedelta(0)),
    LaneSpec("soon", "Due within 2 days", timedelta(days=2)),
    LaneSpec("week", "Due within 7 days", timedelta(days=7)),
    LaneSpec("later", "Due later", None),
)
LANE_KEYS = tuple(lane.key for lane in LANES)


@dataclass
class Lane:
    key: str
    label: str
    count: int
    cases: list[Case] = field(default_factory=list)


@dataclass
class QueueFilters:
    units: Collection[int] = ()
    kind: str = ""  # an ApplicationType.kind, or "" for every type
    lane: str = ""  # one of LANE_KEYS, WAITING (more information needed), or "" (all in review)
    officer_id: int | None = None  # whose queue: their own applications are left out


@dataclass
class QueuePage:
    cases: list[Case]
    next_cursor: str | None
    now: datetime
    waiting: bool = False

    @property
    def lanes(self) -> list[Lane]:
        """The page's rows under their lane headings, in order (empty lanes left out)."""
        if self.waiting:
            return [Lane(WAITING, WAITING_LABEL, len(self.cases), self.cases)] if self.cases else []
        grouped: dict[str, Lane] = {}
        for case in self.cases:
            spec = lane_of(case, self.now)
            grouped.setdefault(spec.key, Lane(spec.key, spec.label, 0)).cases.append(case)
        return list(grouped.values())


def lane_of(case: Case, now: datetime) -> LaneSpec:
    left = time_left(case, now)
    for spec in LANES:
        if spec.within is None or left < spec.within:
            return spec
    return LANES[-1]


def time_left(case: Case, now: datetime) -> timedelta:
    """Lead time left: the target minus now, or, while the clock is paused waiting on the
    applicant, minus the moment it stopped."""
    return case.triage_due_at - (case.paused_at or now)


def applications(units: Collection[int], officer_id: int | None = None) -> CaseQuerySet:
    """The units' applications, less the officer's own (nobody reviews their own licence)."""
    rows = Case.objects.filter(counter=Counter.PERMIT, unit_id__in=list(units))
    return rows.exclude(reporter_id=officer_id) if officer_id is not None else rows


def _bounds(lane: str, now: datetime) -> Q:
    """The target-time range of one lane (lanes are consecutive ranges of triage_due_at)."""
    index = LANE_KEYS.index(lane)
    upper, lower = LANES[index].within, LANES[index - 1].within if index else None
    rows = Q()
    if upper is not None:
        rows &= Q(triage_due_at__lt=now + upper)
    if lower is not None:
        rows &= Q(triage_due_at__gte=now + lower)
    return rows


def queue_rows(filters: QueueFilters, now: datetime) -> CaseQuerySet:
    rows = applications(filters.units, filters.officer_id)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    if filters.lane == WAITING:
        return rows.filter(status=CaseStatus.MORE_INFO)
    rows = rows.filter(status__in=IN_REVIEW)
    return rows.filter(_bounds(filters.lane, now)) if filters.lane in LANE_KEYS else rows


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    """None for anything that is not a cursor we made (the view answers 400)."""
    return cursors.decode(cursor, *CURSOR)


def queue_page(filters: QueueFilters, cursor: str = "", now: datetime | None = None) -> QueuePage:
    """One page of applications, soonest target first: one query, at any depth."""
    now = now or timezone.now()
    rows = queue_rows(filters, now)
    position = decode_cursor(cursor) if cursor else None
    if position:
        rows = rows.filter(TupleGreaterThan(Tuple(*(F(name) for name in ORDER)), position))
    found = list(
        rows.select_related("application__type", "claimed_by").order_by(*ORDER)[: PAGE_SIZE + 1]
    )
    more = len(found) > PAGE_SIZE
    found = found[:PAGE_SIZE]
    last = found[-1] if more else None
    next_cursor = cursors.encode(last.triage_due_at, last.id) if last else None
    return QueuePage(found, next_cursor, now, waiting=filters.lane == WAITING)


def lane_counts(filters: QueueFilters, now: datetime | None = None) -> list[Lane]:
    """How many applications each lane holds, then how many wait on their applicants: one
    query, counting only the officer's units' open applications."""
    now = now or timezone.now()
    rows = applications(filters.units, filters.officer_id).filter(status__in=REVIEW_OR_WAITING)
    if filters.kind:
        rows = rows.filter(kind=filters.kind)
    in_review = Q(status__in=IN_REVIEW)
    totals = rows.aggregate(
        **{spec.key: Count("id", filter=in_review & _bounds(spec.key, now)) for spec in LANES},
        **{WAITING: Count("id", filter=Q(status=CaseStatus.MORE_INFO))},
    )
    lanes = [Lane(spec.key, spec.label, totals[spec.key]) for spec in LANES]
    return [*lanes, Lane(WAITING, WAITING_LABEL, totals[WAITING])]


def overdue_count(
    units: Collection[int], now: datetime | None = None, officer_id: int | None = None
) -> int:
    """Applications in review in these units past their target (the staff home page)."""
    if not units:
        return 0
    rows = applications(units, officer_id).filter(status__in=IN_REVIEW)
    return rows.filter(triage_due_at__lt=now or timezone.now()).count()


def types_for(units: Collection[int]) -> list[ApplicationType]:
    """The application types these units review (the queue's type filter)."""
    return list(ApplicationType.objects.filter(unit_id__in=list(units)).order_by("order", "name"))


def case_for_review(reference: str) -> Case | None:
    """The application with everything its review page shows, in a fixed number of queries."""
    return (
        Case.objects.filter(counter=Counter.PERMIT, reference=reference.strip().upper())
        .select_related("application__type", "unit", "reporter", "claimed_by", "neighbourhood")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            Prefetch("messages", queryset=CaseMessage.objects.select_related("author")),
            Prefetch("referee_checks", queryset=RefereeCheck.objects.select_related("checked_by")),
            Prefetch("visits", queryset=Visit.objects.select_related("booked_by")),
            "documents",
        )
        .first()
    )


def _lines(kind: str, value: object) -> list[str]:
    """An answer as lines of text, whatever its shape (helper_preamble's answer shapes)."""
    if value in (None, "", {}, []):
        return []
    if isinstance(value, dict):
        if kind == QuestionKind.POINT:
            return [f"{value.get('lat')}, {value.get('lng')}"]
        if "document" in value or "draft_file" in value:
            return [f"Document: {value.get('name', 'unnamed')} (see the documents below)"]
        return [f"{str(k).capitalize()}: {v}" for k, v in value.items() if v not in ("", None)]
    return str(value).splitlines() or [str(value)]


def answer_rows(case: Case, questions: list[Question]) -> list[tuple[str, list[str]]]:
    """The applicant's answers under the type's questions, in the order it asks them, then
    anything answered that no question names now (a question edited away since)."""
    answers = dict(case.answers or {})
    answers.pop("publish_consent", None)  # shown from Application.publish_consent
    rows = []
    for question in questions:
        if question.key in answers:
            value = answers.pop(question.key)
            rows.append((question.label, _lines(question.kind, value) or ["Not answered"]))
    for key, value in sorted(answers.items()):
        label = key.replace("_", " ").capitalize()
        rows.append((label, _lines(QuestionKind.TEXT, value) or ["Not answered"]))
    return rows


def _what(event: CaseEvent) -> str:
    if event.kind == CaseEventKind.STATUS and event.to_status:
        after = CaseStatus(event.to_status).label
        if not event.from_status:
            return after
        return f"{CaseStatus(event.from_status).label} to {after.lower()}"
    return EVENT_LABELS.get(event.kind) or event.get_kind_display().capitalize()


EVENT_LABELS = {"permit.referee": "Referee check", CaseEventKind.RECEIVED: "Application received"}


def staff_history(case: Case) -> list[tuple[CaseEvent, str, str]]:
    """The whole history: each event, what happened in words, and who did it (events
    prefetched by case_for_review)."""
    rows = []
    for event in case.events.all():
        if event.actor_id is None:
            by = ""
        elif event.actor_id == case.reporter_id:
            by = "the applicant"
        else:
            by = event.actor.display_name if event.actor else ""
        rows.append((event, _what(event), by))
    return rows
