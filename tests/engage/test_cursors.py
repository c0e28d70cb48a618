"""One cursor codec (engage.cursors) for every keyset list: each kind of cursor round-trips,
and a garbage, truncated or hostile cursor is the first page, never a 500 (issue 18)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from datetime import timezone as dt_timezone

import pytest
from django.utils import timezone

from concerns import selectors as concern_selectors
from engage import cursors
from moderation import selectors as queue_selectors
from moderation.services import queue
from tests.factories import ConcernFactory


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


MOMENT = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)
GOOD = cursors.encode(MOMENT, 42)
HOSTILE = [
    "",
    "=",
    "x" * 10_000,
    "²",
    "🙂",
    GOOD[:-3],
    GOOD[1:],
    GOOD + "!!",
    b64("[" * 3000),
    b64("[1e999, 1]"),
    b64("[NaN, 1]"),
    b64('["2026-01-01T00:00:00+00:00", 1.5]'),
    b64('["2026-01-01T00:00:00+00:00", true]'),
    b64('["2026-01-01T00:00:00+00:00", -1]'),
    b64(f'["2026-01-01T00:00:00+00:00", {2**63}]'),
    b64('["2026-01-01T00:00:00", 1]'),
    b64('["99999-01-01T00:00:00+00:00", 1]'),
    b64('["2026-13-45T99:00+00:00", 1]'),
    b64('["' + "2" * 600 + '", 1]'),
    b64('[1, "2026-01-01T00:00:00+00:00"]'),
    b64("{}"),
    b64('["2026-01-01T00:00:00+00:00"]'),
    b64('["2026-01-01T00:00:00+00:00", 1, 2]'),
    b64("null"),
    b64('"text"'),
    # The "iso|pk" form concern lists wrote before the one codec: the first page now.
    b64(f"{MOMENT.isoformat()}|42"),
]


def test_a_list_cursor_round_trips_to_the_microsecond():
    assert cursors.decode(GOOD, datetime, int) == (MOMENT, 42)
    assert "=" not in GOOD and GOOD.isascii()


def test_a_cursor_in_another_zone_keeps_its_instant():
    later = MOMENT.astimezone(dt_timezone(timedelta(hours=1)))
    assert cursors.decode(cursors.encode(later, 1), datetime, int)[0] == MOMENT


@pytest.mark.parametrize("cursor", HOSTILE)
def test_a_garbage_truncated_or_hostile_cursor_decodes_to_nothing(cursor):
    assert cursors.decode(cursor, datetime, int) is None
    assert queue_selectors.decode_cursor(cursor) is None


def test_a_cursor_of_one_shape_is_not_read_as_another():
    assert cursors.decode(GOOD, int, datetime, datetime, int) is None
    assert queue_selectors.decode_cursor(GOOD) is None


def test_a_queue_cursor_beyond_the_last_lane_is_refused():
    assert queue_selectors.decode_cursor(cursors.encode(3, MOMENT, MOMENT, 1)) == (
        3,
        MOMENT,
        MOMENT,
        1,
    )
    assert queue_selectors.decode_cursor(cursors.encode(4, MOMENT, MOMENT, 1)) is None


@pytest.mark.django_db
def test_a_queue_item_s_cursor_is_its_queue_order_key():
    item = queue.enqueue(kind="concern", concern=ConcernFactory(), lane="safeguarding")

    assert queue_selectors.decode_cursor(queue_selectors.encode_cursor(item)) == (
        item.lane_rank,
        item.deadline,
        item.created_at,
        item.pk,
    )


@pytest.fixture
def published(neighbourhood):
    """25 public concerns a second apart, newest first: more than a page."""
    now = timezone.now()
    return [
        ConcernFactory(
            published=True, neighbourhood=neighbourhood, published_at=now - timedelta(seconds=n)
        )
        for n in range(25)
    ]


def pks(page) -> list[int]:
    return [row.pk for row in page.items]


@pytest.mark.django_db
def test_a_public_list_pages_forward_and_back_through_its_cursors(published):
    first = concern_selectors.concern_list()
    second = concern_selectors.concern_list(after=first.next_cursor)

    assert pks(first) + pks(second) == [c.pk for c in published]
    assert second.next_cursor is None
    assert pks(concern_selectors.concern_list(before=second.previous_cursor)) == pks(first)


@pytest.mark.django_db
@pytest.mark.parametrize("cursor", HOSTILE)
def test_a_hostile_cursor_on_a_public_list_is_its_first_page(cursor, published):
    first = pks(concern_selectors.concern_list())

    assert pks(concern_selectors.concern_list(after=cursor)) == first
    assert pks(concern_selectors.concern_list(before=cursor)) == first


@pytest.mark.django_db
def test_an_account_list_pages_by_when_it_was_written(resident):
    now = timezone.now()
    mine = [
        ConcernFactory(author=resident, created_at=now - timedelta(minutes=n)) for n in range(25)
    ]
    first = concern_selectors.my_concerns(resident)
    rest = concern_selectors.my_concerns(resident, first.next_cursor)

    assert pks(first) + pks(rest) == [c.pk for c in mine]
    moment, pk = cursors.decode(first.next_cursor, datetime, int)
    assert (moment, pk) == (mine[19].created_at, mine[19].pk)
    assert pks(concern_selectors.my_concerns(resident, json.dumps([1]))) == pks(first)


def test_a_queue_link_made_before_the_one_codec_still_pages():
    old = (
        base64.urlsafe_b64encode(
            json.dumps([1, MOMENT.isoformat(), MOMENT.isoformat(), 7]).encode()
        )
        .decode()
        .rstrip("=")
    )

    assert queue_selectors.decode_cursor(old) == (1, MOMENT, MOMENT, 7)
