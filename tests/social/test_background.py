"""Real Celery worker and beat processes on Redis, syncing feeds from the fake X: two beat
cycles (the second inserts nothing), and a worker killed mid-sync (no duplicate, and the
cursor stays consistent with what is stored)."""

from __future__ import annotations

import signal
from collections.abc import Callable

import pytest
from django.db.models import Count
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from social.models import SyncRun, TeamFeed, TeamPost
from tests.background import start_celery, stop_process, wait_until
from tests.factories import NeighbourhoodFactory
from tests.social.factories import TeamFeedFactory
from tests.social.helpers import clear_queue

DISPATCH = "social: sync due X team feeds"
pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(predicate: Callable[[], object], timeout: float = 40) -> None:
    wait_until(
        predicate,
        timeout=timeout,
        explain=lambda: "; ".join(
            f"@{f.username} {f.status} cursor={f.cursor} lease={f.lease_expires_at} "
            f"due={f.due_at} runs={list(f.runs.values_list('outcome', flat=True))}"
            for f in TeamFeed.objects.all()
        ),
    )


@pytest.fixture
def beat_every_second(db):
    """Only the feed dispatcher, every second (operators set this in the admin)."""
    PeriodicTask.objects.exclude(task="social.dispatch_feed_syncs").update(enabled=False)
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
    # (A transactional test's flush removes the rows the data migration made: make it here.)
    PeriodicTask.objects.update_or_create(
        name=DISPATCH,
        defaults={"task": "social.dispatch_feed_syncs", "interval": every, "enabled": True},
    )
    clear_queue()


def three_feeds(fake_x) -> list[TeamFeed]:
    feeds = []
    for n in range(3):
        fake_x.add_account(f"MPSWard{n}")
        fake_x.add_posts(f"MPSWard{n}", 4)
        feeds.append(TeamFeedFactory(team=NeighbourhoodFactory().team, username=f"MPSWard{n}"))
    return feeds


def runs_per_feed() -> list[int]:
    return list(TeamFeed.objects.annotate(n=Count("runs")).values_list("n", flat=True))


def test_two_beat_cycles_on_a_real_worker_and_the_second_inserts_nothing(fake_x, beat_every_second):
    feeds = three_feeds(fake_x)
    worker, beat = start_celery("worker", fake_x.url), start_celery("beat", fake_x.url)
    try:
        wait_for(lambda: min(runs_per_feed()) >= 1)
        assert TeamPost.objects.count() == 12
        wait_for(lambda: min(runs_per_feed()) >= 2)
    finally:
        stop_process(beat)
        stop_process(worker)

    assert TeamPost.objects.count() == 12
    second_runs = [SyncRun.objects.filter(feed=f).order_by("started_at")[1] for f in feeds]
    assert [(r.outcome, r.new_posts) for r in second_runs] == [("ok", 0)] * 3
    for feed in TeamFeed.objects.all():
        newest = TeamPost.objects.filter(feed=feed).order_by("-post_id")[0].post_id
        assert feed.cursor == newest
    since = [r.params.get("since_id") for r in fake_x.requests if r.path.endswith("/tweets")]
    assert since.count(None) == 3 and len(since) >= 6


def test_a_worker_killed_mid_sync_leaves_no_duplicate_and_a_consistent_cursor(
    fake_x, beat_every_second
):
    three_feeds(fake_x)
    fake_x.latency = (3, 3)  # every answer takes 3 s: the kill lands mid-request
    worker = start_celery("worker", fake_x.url, X_FEED_LEASE_SECONDS="4")
    beat = start_celery("beat", fake_x.url)
    try:
        wait_for(
            lambda: fake_x.count("GET", "/tweets") >= 1 or fake_x.count("GET", "/users/by/") >= 2
        )
        stop_process(worker, signal.SIGKILL)
        for feed in TeamFeed.objects.all():  # whatever was half done left nothing half-written
            stored = list(TeamPost.objects.filter(feed=feed).values_list("post_id", flat=True))
            assert feed.cursor == (max(stored) if stored else None)
        fake_x.latency = (0, 0)
        worker = start_celery("worker", fake_x.url, X_FEED_LEASE_SECONDS="4")
        wait_for(
            lambda: TeamPost.objects.count() == 12
            and TeamFeed.objects.filter(cursor__isnull=True).count() == 0,
            timeout=60,
        )
    finally:
        stop_process(beat)
        stop_process(worker, signal.SIGKILL)

    assert TeamPost.objects.values("feed", "post_id").distinct().count() == 12
    for feed in TeamFeed.objects.all():
        ids = [int(p["id"]) for p in fake_x.posts[feed.x_user_id]]
        assert sorted(
            TeamPost.objects.filter(feed=feed).values_list("post_id", flat=True)
        ) == sorted(ids)
        assert feed.cursor == max(ids)
