"""Reads for the contact centre (reports.selectors): triage order in keyset pages that visit
every row once, grouped lane counts, the team's list, and a constant number of queries however
many rows there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from casework.services import post_message, record
from casework.states import Grade
from reports import selectors
from tests.conftest import signed_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_queue_is_in_triage_order_and_pages_visit_every_row_once(report_by, monkeypatch):
    now = timezone.now()
    made = [
        report_by(grade=grade, triage_due_at=now + timedelta(minutes=minutes))
        for grade in (Grade.LOW, Grade.HIGH, Grade.STANDARD, Grade.MEDIUM)
        for minutes in (30, 10, 20)
    ]
    report_by(recorded=True)
    CaseFactory(counter="permit", kind="permit.street_party")
    expected = sorted(made, key=lambda c: (c.grade_rank, c.triage_due_at, c.created_at, c.pk))
    seen, cursor = [], ""
    monkeypatch.setattr(selectors, "PAGE_SIZE", 5)
    for _ in range(10):
        page = selectors.queue_page(selectors.QueueFilters(), cursor)
        seen += page.cases
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert [c.pk for c in seen] == [c.pk for c in expected]


def test_lane_counts_are_per_grade_over_untriaged_reports_only(
    report_by, other_neighbourhood, neighbourhood
):
    report_by(grade=Grade.HIGH)
    report_by(grade=Grade.HIGH, assessing=True)
    report_by(grade=Grade.LOW, neighbourhood=other_neighbourhood)
    report_by(grade=Grade.HIGH, closed=True)
    counts = {lane.grade: lane.count for lane in selectors.lanes()}
    assert counts == {"high": 2, "medium": 0, "standard": 0, "low": 1}
    here = {lane.grade: lane.count for lane in selectors.lanes(neighbourhood.pk)}
    assert here["low"] == 0 and here["high"] == 2


def test_neighbours_are_the_reports_either_side_in_triage_order(report_by):
    high, standard, low = (
        report_by(grade=Grade.HIGH),
        report_by(grade=Grade.STANDARD),
        report_by(grade=Grade.LOW),
    )
    assert selectors.neighbour_cases(standard) == (high, low)
    assert selectors.neighbour_cases(high) == (None, standard)


def test_the_team_list_pages_newest_first(report_by, neighbourhood, monkeypatch):
    now = timezone.now()
    made = [report_by(with_team=True, created_at=now - timedelta(hours=h)) for h in range(7)]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    first = selectors.team_page(neighbourhood.team_id)
    second = selectors.team_page(neighbourhood.team_id, first.next_cursor or "")
    assert [c.pk for c in first.cases + second.cases] == [c.pk for c in made[:6]]


def test_answers_read_as_a_summary_list(report_by):
    case = report_by(
        answers={
            "what": {"text": "Cut the lock", "injured": False},
            "items": [{"name": "Bike", "serial_number": "WTU123"}],
            "when": "",
        }
    )
    assert selectors.answer_rows(case) == [  # in the order the form asks, on any database
        ("When", ["Not answered"]),
        ("What", ["Text: Cut the lock", "Injured: No"]),
        ("Items", ["Name: Bike, Serial number: WTU123"]),
    ]


# Each page's exact cost: session, user (with roles), two-factor device, the page's reads, and
# the header's notification badge. Queue: neighbourhoods for the filter, one page, one grouped
# count. Case: the case (joined), its events, its messages, the access log row, the two
# neighbours for j/k, the teams for "pass it to". Team list: one page.
QUEUE_QUERIES, CASE_QUERIES, TEAM_QUERIES = (
    8,
    12,
    5,
)  # queue: + where its live stream resumes; case: + documents


def get_ok(client, url: str) -> None:
    assert client.get(url).status_code == 200


def test_the_queue_page_costs_the_same_queries_for_3_or_60_reports(
    report_by, call_handler, django_assert_num_queries
):
    client = signed_in(call_handler, two_factor=True)
    url = reverse("contact_centre:queue")
    for _ in range(3):
        report_by()
    with django_assert_num_queries(QUEUE_QUERIES):
        get_ok(client, url)
    for grade in (Grade.HIGH, Grade.LOW):
        for _ in range(30):
            report_by(grade=grade)
    with django_assert_num_queries(QUEUE_QUERIES):
        get_ok(client, url)
    with django_assert_num_queries(QUEUE_QUERIES):
        get_ok(client, url + "?grade=low")


def test_the_case_page_costs_the_same_queries_however_long_its_history(
    report_by, call_handler, django_assert_num_queries
):
    client = signed_in(call_handler, two_factor=True)
    case = report_by()
    url = reverse("contact_centre:case", args=[case.reference])
    with django_assert_num_queries(CASE_QUERIES):
        get_ok(client, url)
    for n in range(10):
        post_message(case, author=call_handler, body=f"Message {n}", signature="Contact centre")
        record(case, "case.information", actor=call_handler, note=f"note {n}")
    with django_assert_num_queries(CASE_QUERIES):
        get_ok(client, url)


def test_the_team_list_costs_the_same_queries_for_1_or_30_reports(
    report_by, officer, django_assert_num_queries
):
    client = signed_in(officer, two_factor=True)
    url = reverse("contact_centre:team")
    report_by(with_team=True)
    with django_assert_num_queries(TEAM_QUERIES):
        get_ok(client, url)
    for _ in range(30):
        report_by(with_team=True)
    with django_assert_num_queries(TEAM_QUERIES):
        get_ok(client, url)
