"""The licensing queue (permits.selectors): lanes by lead time left, the type filter, only the
officer's units, waiting-on-the-applicant apart, keyset pages, and a query count that stays
the same as rows grow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.states import CaseStatus
from engage import cursors, permissions
from permits import selectors
from permits.selectors import QueueFilters
from tests.factories import ApplicationCaseFactory, seeded_type

pytestmark = pytest.mark.django_db

S = CaseStatus


def due_in(**delta) -> dict:
    return {"triage_due_at": timezone.now() + timedelta(**delta)}


@pytest.fixture
def firearms_units(licensing_officer):
    return permissions.licensing_unit_ids(licensing_officer)


def test_applications_fall_in_lanes_by_lead_time_left(application_by, firearms_units):
    overdue = application_by(**due_in(hours=-3))
    soon = application_by(status=S.UNDER_REVIEW, **due_in(days=1))
    week = application_by(status=S.VISIT_BOOKED, **due_in(days=5))
    later = application_by(**due_in(days=40))

    page = selectors.queue_page(QueueFilters(units=firearms_units))

    assert [(lane.key, [c.pk for c in lane.cases]) for lane in page.lanes] == [
        ("overdue", [overdue.pk]),
        ("soon", [soon.pk]),
        ("week", [week.pk]),
        ("later", [later.pk]),
    ]
    counts = {lane.key: lane.count for lane in selectors.lane_counts(QueueFilters(firearms_units))}
    assert counts == {"overdue": 1, "soon": 1, "week": 1, "later": 1, "waiting": 0}


def test_one_lane_alone(application_by, firearms_units):
    application_by(**due_in(hours=-3))
    week = application_by(**due_in(days=3))
    page = selectors.queue_page(QueueFilters(units=firearms_units, lane="week"))
    assert [c.pk for c in page.cases] == [week.pk]


def test_applications_waiting_on_the_applicant_are_apart_with_their_clock_paused(
    application_by, firearms_units
):
    now = timezone.now()
    waiting = application_by(
        status=S.MORE_INFO,
        paused_at=now - timedelta(days=10),
        triage_due_at=now - timedelta(days=5),
    )
    in_review = application_by()

    assert [c.pk for c in selectors.queue_page(QueueFilters(firearms_units)).cases] == [
        in_review.pk
    ]
    page = selectors.queue_page(QueueFilters(firearms_units, lane=selectors.WAITING))
    assert [c.pk for c in page.cases] == [waiting.pk]
    # Paused with five days left: not overdue although the target has passed.
    assert selectors.time_left(page.cases[0], now) == timedelta(days=5)
    assert page.lanes[0].key == selectors.WAITING
    counts = {lane.key: lane.count for lane in selectors.lane_counts(QueueFilters(firearms_units))}
    assert counts["waiting"] == 1 and counts["overdue"] == 0


def test_decided_applications_and_other_units_are_not_on_the_queue(
    application_by, firearms_units, report_by
):
    application_by(status=S.GRANTED)
    application_by(status=S.REFUSED)
    application_by(status=S.WITHDRAWN)
    application_by(type_slug="procession")
    report_by()
    assert selectors.queue_page(QueueFilters(firearms_units)).cases == []
    assert selectors.overdue_count(firearms_units) == 0


def test_the_type_filter_keeps_one_type(application_by, other_licensing_officer):
    units = permissions.licensing_unit_ids(other_licensing_officer)
    march = application_by(type_slug="procession")
    event = application_by(type_slug="event")

    for kind, expected in (
        (seeded_type("procession").kind, march),
        (seeded_type("event").kind, event),
    ):
        page = selectors.queue_page(QueueFilters(units=units, kind=kind))
        assert [c.pk for c in page.cases] == [expected.pk]
    assert {t.slug for t in selectors.types_for(units)} == {"procession", "event"}


def test_keyset_pages_cover_every_application_once_in_target_order(
    application_by, firearms_units, monkeypatch
):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    made = [application_by(**due_in(hours=i)) for i in range(8)]
    seen, cursor = [], ""
    while True:
        page = selectors.queue_page(QueueFilters(firearms_units), cursor)
        seen += [c.pk for c in page.cases]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [c.pk for c in made]


def test_a_crafted_cursor_is_not_one(firearms_units):
    assert selectors.decode_cursor("not-a-cursor") is None
    assert selectors.decode_cursor(cursors.encode(1, 2)) is None


@pytest.mark.parametrize("rows", [2, 30])
def test_a_queue_page_is_one_query_however_many_rows(
    application_by, licensing_officer, django_assert_num_queries, rows
):
    for i in range(rows):
        application_by(**due_in(hours=i - 5))
    units = permissions.licensing_unit_ids(licensing_officer)  # cached on the officer after this
    with django_assert_num_queries(2):
        page = selectors.queue_page(QueueFilters(units))
        [case.application.type.name for case in page.cases]  # noqa: B018  type joined in
        selectors.lane_counts(QueueFilters(units))


def test_overdue_count_counts_only_overdue_reviews(application_by, firearms_units):
    application_by(**due_in(hours=-1))
    application_by(status=S.VISIT_BOOKED, **due_in(days=-2))
    application_by(**due_in(days=1))
    application_by(status=S.MORE_INFO, paused_at=timezone.now(), **due_in(days=-1))
    assert selectors.overdue_count(firearms_units) == 2
    assert selectors.overdue_count(frozenset()) == 0


def test_an_officers_own_application_is_not_in_their_queue_nor_their_overdue_count(
    firearms_units, licensing_officer
):
    ApplicationCaseFactory(
        reporter=licensing_officer, triage_due_at=timezone.now() - timedelta(days=1)
    )
    mine = QueueFilters(firearms_units, officer_id=licensing_officer.pk)

    assert selectors.queue_page(mine).cases == []
    assert selectors.overdue_count(firearms_units, officer_id=licensing_officer.pk) == 0
    assert selectors.overdue_count(firearms_units) == 1  # a colleague's queue has it
