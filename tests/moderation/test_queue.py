"""The queue itself (moderation.services.queue, moderation.selectors): items leaving it, lane
counts and the hourly recount, keyset pages, lanes that only grow more serious."""

from __future__ import annotations

from datetime import timedelta

import pytest

from concerns.states import ConcernStatus as S
from moderation import selectors
from moderation.models import Action, ItemState, LaneCount, QueueItem
from moderation.services import queue
from tests.moderation.helpers import PHONE_POST, decide, pending_total


def test_a_withdrawn_concern_leaves_the_queue(submit, moderator, resident):
    from concerns import services as concern_services

    item = submit()
    concern_services.transition_concern(item.concern, S.WITHDRAWN, actor=resident)

    item.refresh_from_db()
    assert item.state == ItemState.CLOSED and pending_total(moderator) == 0


def test_lane_counts_match_the_queue_after_a_mixed_day(submit, moderator, resident):
    items = [
        submit(title="Dealing", body=PHONE_POST),
        submit(),
        submit(title="Knife", body="He has a knife and is outside now."),
        submit(),
    ]
    decide(items[0], moderator, Action.REDACT, body="Cleaned")
    decide(items[3], moderator, Action.APPROVE)

    counts = selectors.lane_counts(moderator)
    actual = {lane: QueueItem.objects.pending().filter(lane=lane).count() for lane in counts}
    assert counts == actual and sum(counts.values()) == 2
    assert LaneCount.objects.filter(pending__lt=0).count() == 0


def test_the_queue_pages_by_keyset_in_order_with_no_repeats(submit, moderator, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    items = [
        submit(
            title=f"Parking on the zigzags number {n}",
            body="Knife seen outside now." if n % 7 == 0 else "Every day.",
        )
        for n in range(60)
    ]  # two lanes, so the cursor crosses a lane boundary
    seen, cursor = [], ""
    while True:
        page = selectors.queue_page(moderator, selectors.QueueFilters(), cursor)
        seen += [item.pk for item in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor

    ordered = QueueItem.objects.pending().in_queue_order().values_list("pk", flat=True)
    assert seen == list(ordered) and len(seen) == len(items)
    assert selectors.decode_cursor("not-a-cursor") is None


def test_a_queue_item_moves_only_to_a_more_serious_lane(submit, moderator):
    item = submit()

    assert queue.raise_lane(item, "urgent") is True
    assert queue.raise_lane(item, "standard") is False
    item.refresh_from_db()
    assert item.lane == "urgent" and item.deadline == item.created_at + timedelta(minutes=15)
    assert selectors.lane_counts(moderator) == {
        "urgent": 1,
        "safeguarding": 0,
        "personal_data": 0,
        "standard": 0,
    }


def test_withdrawing_a_concern_takes_its_reports_and_appeals_out_of_the_queue(
    concern_by, resident, other_resident, moderator
):
    from concerns import services as concern_services
    from moderation.services import flags

    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=other_resident, reason="spam")

    concern_services.transition_concern(concern, S.WITHDRAWN, actor=resident)

    assert not QueueItem.objects.pending().filter(concern=concern).exists()
    assert pending_total(moderator) == 0


def test_raising_a_lane_tells_open_queue_pages_which_lane_it_left(submit):
    from moderation.models import QueueEvent

    item = submit()
    queue.raise_lane(item, "urgent")

    event = QueueEvent.objects.filter(item=item).last()
    assert event.kind == "item.lane"
    assert queue.event_payload(event, item)["lane"] == "urgent"


def test_the_hourly_recount_corrects_a_tally_changed_behind_the_services_back(submit, moderator):
    submit()
    LaneCount.objects.update(pending=7)

    assert queue.recount() == 1
    assert pending_total(moderator) == 1


def test_a_deep_queue_page_starts_from_the_index_without_sorting(submit, moderator, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row comparisons and plans: PostgreSQL (CI runs it)")
    settings.SUBMISSIONS_PER_HOUR = 50
    for n in range(30):
        submit(title=f"Parking on the zigzags number {n}")
    first = selectors.queue_page(moderator, selectors.QueueFilters())
    items = selectors.queue_items(moderator, selectors.QueueFilters()).filter(
        selectors._after(
            selectors.decode_cursor(first.next_cursor or selectors.encode_cursor(first.items[-1]))
        )
    )
    query = items.order_by(*("lane_rank", "deadline", "created_at", "id"))[:26]

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "queue_order" in plan and "Sort" not in plan, plan
    assert "Index Cond" in plan and "lane_rank" in plan.split("Index Cond")[1], plan
