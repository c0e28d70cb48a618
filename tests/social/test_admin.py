"""The feed status page in the admin, "sync now", the history, and write-only tokens."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from social import services
from social.models import FeedStatus, TeamFeed
from tests.conftest import signed_in
from tests.social.helpers import clear_queue, queued_tasks

CHANGELIST = "/admin/social/teamfeed/"


def test_the_status_page_says_healthy_rate_limited_until_or_needs_attention(
    feed, fake_x, staff_admin
):
    services.sync_team_feed(feed_id=feed.pk)
    client = signed_in(staff_admin, two_factor=True)
    assert "Healthy" in client.get(CHANGELIST).content.decode()

    until = timezone.now() + timedelta(minutes=7)
    TeamFeed.objects.filter(pk=feed.pk).update(
        status=FeedStatus.RATE_LIMITED, next_request_at=until
    )
    assert (
        f"Rate-limited until {timezone.localtime(until):%H:%M}"
        in client.get(CHANGELIST).content.decode()
    )

    TeamFeed.objects.filter(pk=feed.pk).update(
        status=FeedStatus.NEEDS_ATTENTION, status_reason="401: Unauthorized", next_request_at=None
    )
    assert "Needs attention: 401: Unauthorized" in client.get(CHANGELIST).content.decode()


def test_the_status_page_says_not_configured_without_a_bearer_token(feed, staff_admin, settings):
    settings.X_BEARER_TOKEN = ""

    html = signed_in(staff_admin, two_factor=True).get(CHANGELIST).content.decode()

    assert "Not configured: X_BEARER_TOKEN is not set" in html


def test_sync_now_queues_a_manual_sync(feed, staff_admin, django_capture_on_commit_callbacks):
    clear_queue()
    client = signed_in(staff_admin, two_factor=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            CHANGELIST, {"action": "sync_now", "_selected_action": [feed.pk]}, follow=True
        )

    assert "Syncing 1 feed(s) now" in response.content.decode()
    assert [(t["task"], t["args"], t["kwargs"]["kind"]) for t in queued_tasks()] == [
        ("social.sync_feed", [feed.pk], "manual")
    ]


def test_the_history_shows_each_sync(feed, fake_x, staff_admin):
    fake_x.add_posts("MPSCamdenTown", 2)
    services.sync_team_feed(feed_id=feed.pk)

    html = (
        signed_in(staff_admin, two_factor=True)
        .get(f"{CHANGELIST}{feed.pk}/change/")
        .content.decode()
    )

    assert "Poll (since the cursor)" in html and ">2<" in html


def test_posting_tokens_are_stored_encrypted_and_never_shown(feed, staff_admin):
    client = signed_in(staff_admin, two_factor=True)

    client.post(
        f"{CHANGELIST}{feed.pk}/change/",
        {
            "team": feed.team_id,
            "username": feed.username,
            "enabled": "on",
            "due_at_0": "2026-01-01",
            "due_at_1": "10:00:00",
            "access_token": "new-access-token",
            "access_secret": "new-secret",
            "runs-TOTAL_FORMS": "0",
            "runs-INITIAL_FORMS": "0",
        },
    )

    feed.refresh_from_db()
    assert feed.user_tokens() == ("new-access-token", "new-secret")
    assert "new-access-token" not in feed.access_token_encrypted
    assert "new-access-token" not in client.get(f"{CHANGELIST}{feed.pk}/change/").content.decode()


def test_the_admin_needs_two_factor(feed, staff_admin):
    response = signed_in(staff_admin).get(CHANGELIST)

    assert response.status_code in (302, 403)
