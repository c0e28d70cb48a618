"""Syncing one feed: claim the lease, ask X (no transaction open), then record the answer in
one transaction (social.services.record, or .health for a failure)."""

from __future__ import annotations

from django.utils import timezone

from social import conf, twitter
from social.models import STOPPED, SyncKind, SyncOutcome, TeamFeed
from social.services.attempt import Attempt, OverBudget, SyncResult, give_back
from social.services.health import record_failure
from social.services.lease import Lease, LeaseLost, claim, release
from social.services.record import record_success


def sync_team_feed(*, feed_id: int, kind: str = SyncKind.POLL, reserved: int = 0) -> SyncResult:
    """Bring in what the team posted since the cursor (or, for a full refresh, the reachable
    timeline, removing stored posts X no longer has). Safe to run twice, or at once."""
    feed = claim(feed_id, timezone.now())
    if feed is None:
        give_back(int(reserved))
        exists = TeamFeed.objects.filter(pk=feed_id).exists()
        return SyncResult(
            SyncOutcome.SKIPPED,
            detail="Another sync of this feed is running." if exists else "The feed was deleted.",
        )
    token = feed.lease_token
    reason = _why_not_now(feed, kind)
    if reason:
        release(feed_id, token)
        give_back(int(reserved))
        return SyncResult(SyncOutcome.SKIPPED, detail=reason)
    attempt = Attempt(
        kind=kind, reserved=int(reserved), lease=Lease(feed_id, token, feed.lease_expires_at)
    )
    try:
        _fetch(feed, attempt)
    except LeaseLost as error:
        give_back(attempt.reserved)
        return SyncResult(SyncOutcome.SKIPPED, detail=str(error))
    except (twitter.XError, OverBudget) as error:
        give_back(attempt.reserved)
        return record_failure(feed, token, attempt, error)
    give_back(attempt.reserved)
    return record_success(feed, token, attempt)


def _why_not_now(feed: TeamFeed | None, kind: str) -> str:
    if feed is None:
        return "The feed was deleted."
    if not feed.enabled:
        return "The feed is disabled."
    if not conf.configured():
        return "X is not configured (X_BEARER_TOKEN is not set)."
    if feed.status in STOPPED and kind != SyncKind.MANUAL:
        return f"The feed is stopped: {feed.get_status_display()}."
    if feed.next_request_at and feed.next_request_at > timezone.now():
        return f"X asked us to wait until {feed.next_request_at:%H:%M:%S}."
    return ""


def _fetch(feed: TeamFeed, attempt: Attempt) -> None:
    if feed.needs_resolving:
        attempt.take_request()
        user = twitter.lookup_user(feed.username)
        if user.protected:
            raise twitter.Unavailable(f"@{user.username} is protected: its posts are private.")
        attempt.author = user
        feed.x_user_id, feed.resolved_username = user.id, user.username
    full = attempt.kind == SyncKind.FULL
    pages = (
        conf.get("X_FEED_REFRESH_PAGES")
        if full
        else conf.get("X_FEED_FIRST_SYNC_PAGES" if feed.cursor is None else "X_FEED_POLL_PAGES")
    )
    token = None
    for _ in range(pages):
        attempt.take_request()
        page = twitter.timeline_page(
            feed.x_user_id,
            since_id=None if full else feed.cursor,
            token=token,
            include_reposts=feed.include_reposts,
        )
        attempt.posts += [
            p for p in page.posts if not p.is_reply and (feed.include_reposts or not p.is_repost)
        ]
        attempt.author = page.author or attempt.author
        if page.oldest_id is not None:
            attempt.oldest_seen = page.oldest_id
        token = page.next_token
        if page.remaining == 0 and page.reset:
            attempt.pause_until = page.reset  # X's own window is spent: ask nothing more
            break
        if not token:
            break
    attempt.truncated = bool(token)
