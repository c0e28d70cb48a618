"""Syncing a feed against the fake X (social.services): what is stored, where the cursor stands,
what each of X's answers does to the feed's status, and the request budget. Leases are in
test_leases.py, dispatching in test_dispatch.py."""

from __future__ import annotations

import pytest
from django.utils import timezone

from social import budget, services, twitter
from social.models import FeedStatus, SyncKind, SyncOutcome, SyncRun, TeamFeed, TeamPost
from tests.factories import UserFactory
from tests.social.helpers import stored_ids, sync


def test_a_first_sync_resolves_the_user_and_stores_posts_with_the_cursor_at_the_newest(
    feed, fake_x
):
    posts = fake_x.add_posts("MPSCamdenTown", 3)

    result = sync(feed)

    assert result.outcome == SyncOutcome.OK and result.new_posts == 3
    assert feed.x_user_id == fake_x.account("MPSCamdenTown").id
    assert stored_ids(feed) == [int(p["id"]) for p in posts[::-1]]
    assert feed.cursor == int(posts[-1]["id"])
    assert feed.status == FeedStatus.HEALTHY and feed.last_synced_at is not None
    run = SyncRun.objects.get(feed=feed)
    assert (run.outcome, run.requests, run.new_posts) == ("ok", 2, 3)  # lookup + one page


def test_a_second_sync_asks_since_the_cursor_and_inserts_nothing(feed, fake_x):
    fake_x.add_posts("MPSCamdenTown", 3)
    sync(feed)
    cursor = feed.cursor

    result = sync(feed)

    assert result.new_posts == 0 and TeamPost.objects.count() == 3
    assert fake_x.requests[-1].params["since_id"] == str(cursor)
    assert feed.cursor == cursor
    assert fake_x.count("GET", "/users/by/") == 1  # the id is not looked up again


def test_new_posts_are_added_and_the_cursor_moves_forward(feed, fake_x):
    fake_x.add_posts("MPSCamdenTown", 2)
    sync(feed)
    newer = fake_x.add_post("MPSCamdenTown", "Street briefing at 6pm")

    result = sync(feed)

    assert result.new_posts == 1
    assert feed.cursor == int(newer["id"])
    post = TeamPost.objects.get(post_id=int(newer["id"]))
    assert post.text == "Street briefing at 6pm" and post.posted_at is not None


def test_the_cursor_never_moves_backwards(feed, fake_x):
    fake_x.add_posts("MPSCamdenTown", 2)
    sync(feed)
    TeamFeed.objects.filter(pk=feed.pk).update(cursor=feed.cursor + 10**9)

    sync(feed, kind=SyncKind.FULL)  # a full refresh sees only older ids

    assert feed.cursor == TeamPost.objects.order_by("-post_id")[0].post_id + 10**9


def test_a_first_sync_fetches_at_most_the_capped_pages(feed, fake_x, settings):
    settings.X_FEED_FIRST_SYNC_PAGES = 2
    fake_x.add_posts("MPSCamdenTown", 230)

    sync(feed)

    assert TeamPost.objects.count() == 200
    assert fake_x.count("GET", "/tweets") == 2
    assert SyncRun.objects.get(feed=feed).truncated is True
    assert feed.cursor == max(stored_ids(feed))


def test_replies_are_never_stored_and_reposts_only_when_the_feed_asks(feed, fake_x):
    own = fake_x.add_post("MPSCamdenTown", "Our own news")
    fake_x.add_post("MPSCamdenTown", "@someone thanks", reply_to="1")
    repost = fake_x.add_post("MPSCamdenTown", "RT @MPSHolloway: appeal", repost_of="2")

    sync(feed)
    assert stored_ids(feed) == [int(own["id"])]

    TeamFeed.objects.filter(pk=feed.pk).update(include_reposts=True, cursor=None)
    sync(feed)
    assert stored_ids(feed) == [int(repost["id"]), int(own["id"])]
    assert TeamPost.objects.get(post_id=int(repost["id"])).is_repost


def test_a_rate_limited_feed_waits_until_x_resets_and_asks_nothing_before(feed, fake_x):
    fake_x.limit = 0

    result = sync(feed)

    assert result.outcome == SyncOutcome.RATE_LIMITED and not result.retry
    assert feed.status == FeedStatus.RATE_LIMITED
    assert feed.next_request_at > timezone.now()
    asked = len(fake_x.requests)
    assert sync(feed).outcome == SyncOutcome.SKIPPED
    assert len(fake_x.requests) == asked
    assert TeamFeed.objects.due(timezone.now()).count() == 0


def test_when_x_says_none_remain_the_feed_waits_for_the_reset(feed, fake_x):
    fake_x.limit = 2  # the lookup and one page: the page says 0 remain
    fake_x.add_posts("MPSCamdenTown", 1)

    result = sync(feed)

    assert result.outcome == SyncOutcome.OK and feed.status == FeedStatus.HEALTHY
    assert feed.next_request_at > timezone.now()


def test_server_errors_leave_the_feed_retrying_and_ask_for_a_retry(feed, fake_x):
    fake_x.fail_next(1, 503)

    result = sync(feed)

    assert result.retry and result.outcome == SyncOutcome.TRANSIENT
    assert feed.status == FeedStatus.RETRYING and feed.failures == 1
    assert feed.lease_token is None  # released for the retry


def test_refused_credentials_need_attention_and_the_admins_are_told(
    feed, fake_x, settings, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    settings.X_BEARER_TOKEN = "revoked"

    with django_capture_on_commit_callbacks(execute=True):
        result = sync(feed)
    with django_capture_on_commit_callbacks(execute=True):
        sync(feed, kind=SyncKind.MANUAL)

    assert result.outcome == SyncOutcome.NEEDS_ATTENTION and not result.retry
    assert feed.status == FeedStatus.NEEDS_ATTENTION and "401" in feed.status_reason
    assert len(mailoutbox) == 1  # told once, not on every attempt
    assert mailoutbox[0].to == ["admin@example.com"]
    assert "@MPSCamdenTown" in mailoutbox[0].subject


@pytest.mark.parametrize("change, reason", [("suspended", "suspended"), ("protected", "protected")])
def test_an_unavailable_account_pauses_the_feed_with_the_reason(feed, fake_x, change, reason):
    setattr(fake_x.account("MPSCamdenTown"), change, True)

    result = sync(feed)

    assert result.outcome == SyncOutcome.PAUSED
    assert feed.status == FeedStatus.PAUSED and reason in feed.status_reason.lower()


def test_a_stopped_feed_is_left_alone_by_polls_but_sync_now_tries_again(feed, fake_x):
    TeamFeed.objects.filter(pk=feed.pk).update(status=FeedStatus.PAUSED)
    fake_x.add_posts("MPSCamdenTown", 1)

    assert sync(feed).outcome == SyncOutcome.SKIPPED
    assert fake_x.requests == []
    assert sync(feed, kind=SyncKind.MANUAL).outcome == SyncOutcome.OK
    assert feed.status == FeedStatus.HEALTHY


def test_an_account_renamed_on_x_is_still_followed_by_its_id(feed, fake_x):
    fake_x.add_posts("MPSCamdenTown", 1)
    sync(feed)
    fake_x.account("MPSCamdenTown").username = "MPSCamden"
    fake_x.add_post("MPSCamden", "We have a new name")

    result = sync(feed)

    assert result.new_posts == 1
    assert feed.username == "MPSCamden" and feed.resolved_username == "MPSCamden"
    assert fake_x.count("GET", "/users/by/") == 1


def test_a_username_changed_here_is_resolved_again(feed, fake_x):
    sync(feed)
    other = fake_x.add_account("MPSCamdenNew")
    fake_x.add_post("MPSCamdenNew", "Hello from the new account")
    TeamFeed.objects.filter(pk=feed.pk).update(username="MPSCamdenNew")

    sync(feed)

    assert feed.x_user_id == other.id
    assert TeamPost.objects.filter(text="Hello from the new account").exists()


def test_a_full_refresh_removes_posts_deleted_on_x_and_keeps_those_out_of_reach(
    feed, fake_x, settings
):
    settings.X_FEED_REFRESH_PAGES = 1
    old, *middle, deleted, newest = [int(p["id"]) for p in fake_x.add_posts("MPSCamdenTown", 103)]
    sync(feed)  # first sync: 2 pages, all 103
    fake_x.delete_post(str(deleted))

    result = sync(feed, kind=SyncKind.FULL)  # one page of 100: `old` is out of its reach

    assert result.removed_posts == 1
    ids = set(stored_ids(feed))
    assert deleted not in ids and old in ids and newest in ids
    assert feed.last_full_refresh_at is not None


def test_a_sync_of_a_deleted_feed_is_skipped(feed, fake_x):
    feed_id = feed.pk
    feed.delete()

    result = services.sync_team_feed(feed_id=feed_id)

    assert result.outcome == SyncOutcome.SKIPPED and result.detail == "The feed was deleted."
    assert fake_x.requests == []


def test_claiming_a_feed_reads_it_with_the_new_lease_in_one_statement(
    feed, django_assert_num_queries
):
    with django_assert_num_queries(1):
        claimed = services._claim(feed.pk, timezone.now())

    assert claimed.pk == feed.pk and claimed.username == "MPSCamdenTown"
    assert claimed.lease_token is not None and claimed.lease_expires_at > timezone.now()
    assert services._claim(feed.pk, timezone.now()) is None  # held: nobody else gets it


def test_without_a_bearer_token_nothing_is_asked_and_the_status_is_untouched(
    feed, fake_x, settings
):
    settings.X_BEARER_TOKEN = ""

    assert sync(feed).outcome == SyncOutcome.SKIPPED
    assert services.dispatch_due_feeds() == 0
    assert fake_x.requests == [] and feed.status == FeedStatus.PENDING


def test_a_spent_budget_stops_a_sync_before_it_asks(feed, fake_x, settings):
    settings.X_REQUEST_BUDGET = 1
    assert budget.reserve(1) == 1

    result = sync(feed)

    assert result.outcome == SyncOutcome.OVER_BUDGET and fake_x.requests == []
    assert feed.due_at > timezone.now()


def test_posts_are_rendered_safely_by_syncs_running_in_threads():
    from concurrent.futures import ThreadPoolExecutor

    text = "Road closed on High St &amp; @MPSCamdenTown #Camden https://t.co/abc"

    def span(part: str) -> dict:
        return {"start": text.index(part), "end": text.index(part) + len(part)}

    post = twitter.Post(
        id=1,
        text=text,
        created_at=timezone.now(),
        entities={
            "urls": [
                {
                    **span("https://t.co/abc"),
                    "url": "https://t.co/abc",
                    "expanded_url": "https://example.org/road",
                    "display_url": "example.org",
                }
            ],
            "mentions": [{**span("@MPSCamdenTown"), "username": "MPSCamdenTown"}],
            "hashtags": [{**span("#Camden"), "tag": "Camden"}],
        },
    )
    expected = services.render_post(post)

    with ThreadPoolExecutor(16) as pool:
        rendered = list(pool.map(lambda _: services.render_post(post), range(800)))

    assert set(rendered) == {expected}  # bleach's Cleaner alone fails this every time
    assert 'href="https://example.org/road"' in expected
