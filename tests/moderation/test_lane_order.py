"""One order of seriousness for lanes (moderation.lanes): screening's combined lane, the lane
rescreening records, the queue's raise and sort, the lane a report inherits and a moderator's
move out of a serious lane all agree, for every pair of lanes."""

from __future__ import annotations

import itertools

import pytest

from concerns.models import Concern
from engage.refusals import NotAllowed
from moderation import lanes
from moderation.detectors import Finding
from moderation.models import Lane, QueueItem
from moderation.screening import Screening, screen
from moderation.services import decisions, handling, queue
from moderation.services.rescreening import rescreen_item

# Written out here, not read from moderation.lanes: if the order changes anywhere, this fails.
MOST_SERIOUS_FIRST = ["urgent", "safeguarding", "personal_data", "standard"]
PAIRS = list(itertools.product(MOST_SERIOUS_FIRST, repeat=2))
# A post that screening puts in each lane on its own (checked below).
TEXT_IN = {
    "urgent": ("Knife", "A man has a knife outside right now."),
    "safeguarding": (
        "Worried about a child",
        "The boy next door is left alone and hit every night.",
    ),
    "personal_data": ("Bins", "Ring 07700 900123 about the bins."),
    "standard": ("Bikes", "Bikes ridden on the pavement every evening by the market."),
}


def worse(a: str, b: str) -> str:
    return min(a, b, key=MOST_SERIOUS_FIRST.index)


def put_in_lane(item: QueueItem, lane: str) -> QueueItem:
    """Where screening at submit would have put it (no moderator involved)."""
    QueueItem.objects.filter(pk=item.pk).update(lane=lane, lane_rank=lanes.lane_rank(lane))
    item.refresh_from_db()
    return item


def test_the_lane_choices_and_the_ranks_follow_the_one_order():
    assert list(Lane.values) == MOST_SERIOUS_FIRST == list(lanes.LANES)
    assert [lanes.lane_rank(lane) for lane in MOST_SERIOUS_FIRST] == [0, 1, 2, 3]
    assert lanes.lane_rank("a lane we do not know") == lanes.lane_rank("standard")


@pytest.mark.parametrize("a, b", PAIRS)
def test_screening_combines_two_findings_into_the_worse_lane(a, b):
    findings = (Finding("one", a, 0, 0, "first"), Finding("two", b, 0, 0, "second"))

    assert Screening(findings).lane == worse(a, b) == lanes.most_serious([a, b])
    assert lanes.more_serious(a, b) is (MOST_SERIOUS_FIRST.index(a) < MOST_SERIOUS_FIRST.index(b))
    assert Screening(findings).reasons[0] == ("first" if worse(a, b) == a else "second")


@pytest.mark.parametrize("lane", MOST_SERIOUS_FIRST)
def test_each_sample_post_screens_into_its_lane(lane):
    title, body = TEXT_IN[lane]
    assert screen(body, title=title).lane == lane


@pytest.mark.django_db
def test_rescreening_and_the_queue_raise_keep_the_worse_lane_for_every_pair(submit, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    for stored, found in PAIRS:
        item = put_in_lane(submit(*TEXT_IN[found]), stored)
        Concern.objects.filter(pk=item.concern_id).update(lane=stored)

        rescreen_item(item.pk)

        item.refresh_from_db()
        expected = worse(stored, found)
        assert (item.lane, Concern.objects.get(pk=item.concern_id).lane) == (expected, expected), (
            stored,
            found,
        )
        assert item.lane_rank == MOST_SERIOUS_FIRST.index(expected)


@pytest.mark.django_db
def test_the_queue_lists_the_worse_lane_first_for_every_pair(submit, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    for a, b in PAIRS:
        if a == b:
            continue
        QueueItem.objects.all().delete()
        # Oldest first in the less serious lane: only the lane can put the other ahead of it.
        first = put_in_lane(submit(*TEXT_IN["standard"]), a if worse(a, b) == b else b)
        second = put_in_lane(submit(*TEXT_IN["standard"]), worse(a, b))

        ordered = list(QueueItem.objects.pending().in_queue_order())

        assert [item.pk for item in ordered] == [second.pk, first.pk], (a, b)


@pytest.mark.django_db
def test_enqueueing_again_in_another_lane_only_ever_raises_it(submit, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    concern = submit().concern
    for a, b in PAIRS:
        QueueItem.objects.filter(kind="flag").delete()
        first = queue.enqueue(kind="flag", concern=concern, lane=a)

        again = queue.enqueue(kind="flag", concern=concern, lane=b)

        again.refresh_from_db()
        assert again.pk == first.pk and again.lane == worse(a, b), (a, b)


@pytest.mark.django_db
def test_a_report_keeps_the_worse_of_its_own_lane_and_its_post_s(submit, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    item = submit()
    for own, post in PAIRS:
        put_in_lane(item, own)
        Concern.objects.filter(pk=item.concern_id).update(lane=post)
        item = QueueItem.objects.select_related("concern").get(pk=item.pk)

        assert decisions.subject_lane(item) == worse(own, post), (own, post)


@pytest.mark.django_db
@pytest.mark.parametrize("a, b", [(a, b) for a, b in PAIRS if a != b])
def test_moving_out_of_urgent_or_safeguarding_to_a_lesser_lane_needs_a_reason(
    a, b, submit, moderator
):
    item = put_in_lane(submit(), a)
    leaving_serious = a in ("urgent", "safeguarding") and worse(a, b) == a

    if leaving_serious:
        with pytest.raises(NotAllowed, match="Say why"):
            handling.move_lane(item=item, moderator=moderator, lane=b, version=item.version)
    else:
        handling.move_lane(item=item, moderator=moderator, lane=b, version=item.version)
        assert QueueItem.objects.get(pk=item.pk).lane == b
