"""Dispatching due feed syncs (social.services): one task per due feed, spread out, within the
request budget and the requests each feed reserves; sync now for manual syncs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from social import budget, services
from social.models import SyncOutcome, TeamFeed
from tests.factories import NeighbourhoodFactory
from tests.social.factories import TeamFeedFactory
from tests.social.helpers import clear_queue, queued_tasks, sync

# --- dispatching --------------------------------------------------------------------------


@pytest.fixture
def five_feeds(db, fake_x):
    clear_queue()
    feeds = []
    for n in range(5):
        fake_x.add_account(f"MPSWard{n}")
        feeds.append(TeamFeedFactory(team=NeighbourhoodFactory().team, username=f"MPSWard{n}"))
    return feeds


def test_dispatch_enqueues_one_task_per_due_feed_spread_out(
    five_feeds, settings, django_capture_on_commit_callbacks
):
    settings.X_FEED_SPREAD_SECONDS = 40

    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due_feeds() == 5

    tasks = queued_tasks()
    assert [t["task"] for t in tasks] == ["social.sync_feed"] * 5
    assert sorted(t["args"][0] for t in tasks) == sorted(f.pk for f in five_feeds)
    # Never synced: each reserves its user lookup and its first page.
    assert all(t["kwargs"] == {"kind": "poll", "reserved": 2} for t in tasks)
    etas = [t["eta"] for t in tasks]
    assert len(set(etas)) == 5 and etas[-1] is not None  # spread, not a burst
    assert budget.used() == 10
    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due_feeds() == 0  # polled again only after the interval


def test_dispatch_never_enqueues_beyond_the_request_budget(
    five_feeds, settings, django_capture_on_commit_callbacks
):
    settings.X_REQUEST_BUDGET = 3
    settings.X_FEED_MAX_PER_TICK = 10
    TeamFeed.objects.filter(pk__in=[f.pk for f in five_feeds]).update(
        x_user_id="1", resolved_username=F("username")
    )  # resolved: one request each

    with django_capture_on_commit_callbacks(execute=True):
        first = services.dispatch_due_feeds()
        second = services.dispatch_due_feeds()

    assert (first, second) == (3, 0)
    assert len(queued_tasks()) == 3 and budget.used() == 3


def test_dispatch_enqueues_a_feed_only_if_all_its_reserved_requests_fit(
    five_feeds, settings, django_capture_on_commit_callbacks
):
    settings.X_REQUEST_BUDGET = 3  # a lookup and a page each: room for one feed, not two
    settings.X_FEED_MAX_PER_TICK = 10

    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due_feeds() == 1

    assert [t["kwargs"]["reserved"] for t in queued_tasks()] == [2]
    assert budget.used() == 2  # the unused third request was given back


def test_a_sync_on_its_reserved_requests_never_touches_the_budget(feed, fake_x, settings):
    fake_x.add_posts("MPSCamdenTown", 1)
    settings.X_REQUEST_BUDGET = 0  # nothing left: only what the dispatcher reserved

    result = sync(feed, reserved=2)

    assert result.outcome == SyncOutcome.OK and result.new_posts == 1
    assert budget.used() == 0


def test_dispatch_spreads_the_budget_over_the_window(
    five_feeds, settings, django_capture_on_commit_callbacks
):
    settings.X_REQUEST_BUDGET = 30  # 2 a minute over 15 minutes

    with django_capture_on_commit_callbacks(execute=True):
        assert services.dispatch_due_feeds() == 2


def test_sync_now_enqueues_manual_syncs_but_not_for_rate_limited_feeds(
    five_feeds, django_capture_on_commit_callbacks
):
    limited = five_feeds[0]
    TeamFeed.objects.filter(pk=limited.pk).update(
        next_request_at=timezone.now() + timedelta(minutes=5)
    )
    limited.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        result = services.request_sync_now(feeds=five_feeds[:2])

    assert result.waiting == [limited] and result.queued == [five_feeds[1]]
    assert [(t["args"], t["kwargs"]["kind"]) for t in queued_tasks()] == [
        ([five_feeds[1].pk], "manual")
    ]
