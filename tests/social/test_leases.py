"""A sync's lease on its feed (social.services): a held lease keeps a second sync off, an expired
one taken over writes nothing, a long sync renews it in time, one that lost it stops asking X."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from social import services
from social.models import SyncOutcome, SyncRun, TeamFeed, TeamPost
from tests.social.factories import TeamFeedFactory
from tests.social.helpers import sync


def test_a_feed_whose_lease_is_held_is_not_synced_again(feed, fake_x):
    assert services.claim_feed(feed.pk) is not None

    assert sync(feed).outcome == SyncOutcome.SKIPPED
    assert fake_x.requests == []


@pytest.mark.django_db(transaction=True)
def test_a_sync_whose_expired_lease_was_taken_over_writes_nothing(neighbourhood, fake_x, settings):
    fake_x.add_account("MPSCamdenTown")
    fake_x.add_posts("MPSCamdenTown", 2)
    feed = TeamFeedFactory(team=neighbourhood.team, username="MPSCamdenTown")
    settings.X_FEED_LEASE_SECONDS = 0
    stolen = threading.Event()

    def take_over(log):  # while the first sync waits on X, its lease expires and is taken
        if "/tweets" in log.path and not stolen.is_set():
            stolen.set()
            assert services.claim_feed(feed.pk, now=timezone.now() + timedelta(seconds=1))

    fake_x.before_answer = take_over
    result = sync(feed)

    assert result.outcome == SyncOutcome.SKIPPED and stolen.is_set()
    assert TeamPost.objects.count() == 0 and feed.cursor is None
    assert SyncRun.objects.count() == 0


@pytest.fixture
def committed_feed(neighbourhood, fake_x):
    """A feed the fake X's own thread can read (transactional tests only)."""
    fake_x.add_account("MPSCamdenTown")
    fake_x.add_posts("MPSCamdenTown", 2)
    return TeamFeedFactory(team=neighbourhood.team, username="MPSCamdenTown")


@pytest.mark.django_db(transaction=True)
def test_a_long_sync_renews_its_lease_before_a_request_once_half_of_it_is_gone(
    committed_feed, fake_x, settings
):
    feed = committed_feed
    settings.X_FEED_LEASE_SECONDS = 2
    seen = []

    def slow_lookup(log):  # the lookup takes 1.2 s: less than half the lease is left
        seen.append(TeamFeed.objects.get(pk=feed.pk).lease_expires_at)
        if len(seen) == 1:
            time.sleep(1.2)

    fake_x.before_answer = slow_lookup
    result = sync(feed)  # the lookup, then a timeline page

    assert result.outcome == SyncOutcome.OK and len(seen) == 2
    assert seen[1] >= seen[0] + timedelta(seconds=1)  # renewed before the page
    assert feed.lease_token is None  # and released at the end


@pytest.mark.django_db(transaction=True)
def test_a_sync_that_lost_its_lease_asks_x_nothing_more_and_writes_nothing(
    committed_feed, fake_x, settings
):
    feed = committed_feed
    settings.X_FEED_LEASE_SECONDS = 1

    def hang_then_take_over(log):  # the lookup outlives the lease, and another sync claims it
        if "/users/by/" in log.path:
            time.sleep(1.1)
            assert services.claim_feed(feed.pk)

    fake_x.before_answer = hang_then_take_over
    result = sync(feed)

    assert result.outcome == SyncOutcome.SKIPPED and "taken over" in result.detail
    assert fake_x.count("GET", "/tweets") == 0  # the page was never asked for
    assert TeamPost.objects.count() == 0 and SyncRun.objects.count() == 0
    assert feed.lease_token is not None  # the other sync's lease is untouched
