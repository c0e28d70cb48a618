"""A team's posting tokens: stored encrypted, and only posting depends on them."""

from __future__ import annotations

from social import services
from social.models import FeedStatus, TeamFeed


def test_posting_tokens_are_stored_encrypted_and_read_back(feed):
    services.set_team_tokens(feed=feed, access_token="new-token", access_secret="new-secret")

    stored = TeamFeed.objects.get(pk=feed.pk)
    assert "new-token" not in stored.access_token_encrypted
    assert "new-secret" not in stored.access_secret_encrypted
    assert stored.user_tokens() == ("new-token", "new-secret")


def test_new_posting_tokens_leave_a_feed_that_needs_attention_as_it_is(feed):
    # Reading uses the app's bearer token: new posting tokens cannot be what cured it.
    TeamFeed.objects.filter(pk=feed.pk).update(
        status=FeedStatus.NEEDS_ATTENTION, status_reason="401: Unauthorized"
    )
    feed.refresh_from_db()

    services.set_team_tokens(feed=feed, access_token="new-token", access_secret="new-secret")

    stored = TeamFeed.objects.get(pk=feed.pk)
    assert (stored.status, stored.status_reason) == (
        FeedStatus.NEEDS_ATTENTION,
        "401: Unauthorized",
    )
