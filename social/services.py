"""Every write about team feeds: syncing a feed, dispatching due feeds within the request
budget, and what operators ask for ("sync now", new tokens).

The rules they enforce:
- One sync per feed at a time: a lease claimed by a conditional UPDATE, checked again in the
  transaction that records the result (a sync whose lease expired and was taken over writes
  nothing).
- No network inside a transaction: X is asked first, then one transaction stores the posts
  (unique per feed), moves the cursor only forward (conditional UPDATE), sets the status,
  releases the lease and writes the SyncRun. A worker killed at any moment leaves all or none.
- Never more requests than the budget (social.budget), and never a request before X's
  x-rate-limit-reset.
"""

from __future__ import annotations

import logging
import math
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.utils import timezone

from engage.text import render_x_post
from social import budget, conf, live, twitter
from social.models import (STOPPED, FeedStatus, SyncKind, SyncOutcome, SyncRun, TeamFeed,
                           TeamPost)

log = logging.getLogger(__name__)


class OverBudget(Exception):
    """Our own budget for this window is spent: wait for the next window."""


@dataclass
class SyncResult:
    outcome: str
    new_posts: int = 0
    removed_posts: int = 0
    retry: bool = False  # a transient failure: the task may try again with backoff
    detail: str = ""


@dataclass
class _Attempt:
    """What one sync has done so far (the SyncRun is written from it at the end)."""

    kind: str
    reserved: int
    lease: _Lease | None = None
    started_at: datetime = field(default_factory=timezone.now)
    requests: int = 0
    truncated: bool = False
    pause_until: datetime | None = None
    posts: list[twitter.Post] = field(default_factory=list)
    author: twitter.XUser | None = None
    oldest_seen: int | None = None

    def take_request(self) -> None:
        """Before each request: keep the lease, then spend a request the dispatcher reserved,
        else take one from the budget."""
        if self.lease is not None:
            self.lease.keep()
        if self.reserved:
            self.reserved -= 1
        elif budget.reserve(1) == 0:
            raise OverBudget("The request budget for this window is spent.")
        self.requests += 1


# --- the lease ---------------------------------------------------------------------------------

class LeaseLost(Exception):
    """The lease expired and another sync took the feed: stop asking X, write nothing."""


def lease_seconds() -> int:
    return int(conf.get("X_FEED_LEASE_SECONDS"))


def claim_feed(feed_id: int, *, now: datetime | None = None) -> uuid.UUID | None:
    """Take the feed's lease if nobody holds a live one: the token, or None."""
    claimed = _claim(feed_id, now or timezone.now())
    return claimed.lease_token if claimed else None


def _claim(feed_id: int, now: datetime) -> TeamFeed | None:
    """Take the lease and read the feed in one statement (UPDATE ... RETURNING): the feed as it
    stands with our lease, or None if someone holds a live lease. Raw SQL because the ORM has
    no UPDATE ... RETURNING; it is the hot path of every sync (one round trip, not two)."""
    opts = TeamFeed._meta
    field = opts.get_field
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in opts.concrete_fields)
    sql = (f"UPDATE {quote(opts.db_table)} SET {quote(field('lease_token').column)} = %s, "
           f"{quote(field('lease_expires_at').column)} = %s "
           f"WHERE {quote(opts.pk.column)} = %s AND ({quote(field('lease_expires_at').column)} "
           f"IS NULL OR {quote(field('lease_expires_at').column)} < %s) RETURNING {columns}")
    prep = [field("lease_token").get_db_prep_value(uuid.uuid4(), connection),
            field("lease_expires_at").get_db_prep_value(
                now + timedelta(seconds=lease_seconds()), connection),
            feed_id, field("lease_expires_at").get_db_prep_value(now, connection)]
    return next(iter(TeamFeed.objects.raw(sql, prep)), None)


@dataclass
class _Lease:
    """A held lease, renewed while a long sync runs: before a request, if less than half of it
    is left, it is extended by a conditional UPDATE (still our token). A sync that finds it was
    taken over stops before asking X anything more. Each request is bounded by
    X_TIMEOUT_SECONDS, far below half a lease, so a live sync never loses its lease, and a
    killed one holds the feed for at most X_FEED_LEASE_SECONDS."""

    feed_id: int
    token: uuid.UUID
    expires_at: datetime

    def keep(self) -> None:
        now = timezone.now()
        length = timedelta(seconds=lease_seconds())
        if self.expires_at - now > length / 2:
            return
        if not (TeamFeed.objects.filter(pk=self.feed_id, lease_token=self.token)
                .update(lease_expires_at=now + length)):
            raise LeaseLost("The lease expired and was taken over.")
        self.expires_at = now + length


def _release(feed_id: int, token: uuid.UUID) -> None:
    TeamFeed.objects.filter(pk=feed_id, lease_token=token).update(lease_token=None,
                                                                   lease_expires_at=None)


# --- syncing one feed -------------------------------------------------------------------------

def sync_team_feed(*, feed_id: int, kind: str = SyncKind.POLL,
                   reserved: int = 0) -> SyncResult:
    """Bring in what the team posted since the cursor (or, for a full refresh, the reachable
    timeline, removing stored posts X no longer has). Safe to run twice, or at once."""
    feed = _claim(feed_id, timezone.now())
    if feed is None:
        _give_back(int(reserved))
        exists = TeamFeed.objects.filter(pk=feed_id).exists()
        return SyncResult(SyncOutcome.SKIPPED, detail="Another sync of this feed is running."
                          if exists else "The feed was deleted.")
    token = feed.lease_token
    reason = _why_not_now(feed, kind)
    if reason:
        _release(feed_id, token)
        _give_back(int(reserved))
        return SyncResult(SyncOutcome.SKIPPED, detail=reason)
    attempt = _Attempt(kind=kind, reserved=int(reserved),
                       lease=_Lease(feed_id, token, feed.lease_expires_at))
    try:
        _fetch(feed, attempt)
    except LeaseLost as error:
        _give_back(attempt.reserved)
        return SyncResult(SyncOutcome.SKIPPED, detail=str(error))
    except (twitter.XError, OverBudget) as error:
        _give_back(attempt.reserved)
        return _record_failure(feed, token, attempt, error)
    _give_back(attempt.reserved)
    return _record_success(feed, token, attempt)


def _give_back(requests: int) -> None:
    if requests:
        budget.release(requests)


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


def _fetch(feed: TeamFeed, attempt: _Attempt) -> None:
    if feed.needs_resolving:
        attempt.take_request()
        user = twitter.lookup_user(feed.username)
        if user.protected:
            raise twitter.Unavailable(f"@{user.username} is protected: its posts are private.")
        attempt.author = user
        feed.x_user_id, feed.resolved_username = user.id, user.username
    full = attempt.kind == SyncKind.FULL
    pages = conf.get("X_FEED_REFRESH_PAGES") if full else conf.get(
        "X_FEED_FIRST_SYNC_PAGES" if feed.cursor is None else "X_FEED_POLL_PAGES")
    token = None
    for _ in range(pages):
        attempt.take_request()
        page = twitter.timeline_page(feed.x_user_id, since_id=None if full else feed.cursor,
                                     token=token, include_reposts=feed.include_reposts)
        attempt.posts += [p for p in page.posts if not p.is_reply
                          and (feed.include_reposts or not p.is_repost)]
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


def _finish(feed: TeamFeed, token: uuid.UUID, changes: dict) -> bool:
    """In the recording transaction, first: release the lease and apply `changes`, if we still
    hold the lease (a conditional UPDATE, which also locks the row until commit). False: the
    lease expired and was taken over, and nothing may be written."""
    return bool(TeamFeed.objects.filter(pk=feed.pk, lease_token=token)
                .update(lease_token=None, lease_expires_at=None, **changes))


def _forward(newest: int | None) -> dict:
    """The cursor moves to `newest` only if that is newer (evaluated by the database, on the
    locked row, so no concurrent writer can move it back)."""
    if newest is None:
        return {}
    return {"cursor": Case(When(Q(cursor__isnull=True) | Q(cursor__lt=newest),
                                then=Value(newest)), default=F("cursor"),
                           output_field=BigIntegerField())}


@transaction.atomic
def _record_success(feed: TeamFeed, token: uuid.UUID, attempt: _Attempt) -> SyncResult:
    now = timezone.now()
    changes = {"last_synced_at": now, "failures": 0, "next_request_at": attempt.pause_until,
               **_forward(max((p.id for p in attempt.posts), default=None)),
               **_status(feed, FeedStatus.HEALTHY, ""), **_identity(feed, attempt)}
    if attempt.kind == SyncKind.FULL:
        changes["last_full_refresh_at"] = now
    if not _finish(feed, token, changes):
        return SyncResult(SyncOutcome.SKIPPED, detail="The lease expired and was taken over.")
    new_ids = _store_posts(feed, attempt.posts)
    removed = _remove_deleted(feed, attempt) if attempt.kind == SyncKind.FULL else 0
    _history(feed, attempt, SyncOutcome.OK, new=len(new_ids), removed=removed)
    if new_ids:
        transaction.on_commit(lambda: live.publish_team_posts(feed.team_id, new_ids))
    return SyncResult(SyncOutcome.OK, new_posts=len(new_ids), removed_posts=removed)


def _store_posts(feed: TeamFeed, posts: list[twitter.Post]) -> list[int]:
    """Insert the posts not stored yet; returns their TeamPost pks, oldest first."""
    ids = {p.id for p in posts}
    known = set(TeamPost.objects.filter(feed=feed, post_id__in=ids)
                .values_list("post_id", flat=True))
    fresh = sorted({p.id: p for p in posts if p.id not in known}.values(), key=lambda p: p.id)
    if not fresh:
        return []
    # The lease makes a conflict impossible; the unique constraint is the last word anyway.
    TeamPost.objects.bulk_create([_row(feed, p) for p in fresh], ignore_conflicts=True)
    return list(TeamPost.objects.filter(feed=feed, post_id__in=[p.id for p in fresh])
                .order_by("post_id").values_list("pk", flat=True))


def render_post(post: twitter.Post) -> str:
    return render_x_post(post.text, post.entities)  # thread-safe: engage.text, per thread


def _row(feed: TeamFeed, post: twitter.Post) -> TeamPost:
    return TeamPost(feed=feed, post_id=post.id, text=post.text,
                    html=render_post(post), posted_at=post.created_at,
                    is_repost=post.is_repost, metrics=post.metrics,
                    media=[{"type": m.type, "url": m.url, "alt_text": m.alt_text}
                           for m in post.media])


def _remove_deleted(feed: TeamFeed, attempt: _Attempt) -> int:
    """Stored posts inside the span X just listed in full, but missing from it, were deleted.
    Older posts are out of X's reach (800 with replies excluded), not deleted: kept."""
    if attempt.oldest_seen is None:
        return 0
    seen = {p.id for p in attempt.posts}
    gone = (TeamPost.objects.filter(feed=feed, post_id__gte=attempt.oldest_seen)
            .exclude(post_id__in=seen))
    return gone.delete()[0]


def _identity(feed: TeamFeed, attempt: _Attempt) -> dict:
    """The user id as resolved, and the username X reports now: an account renamed on X keeps
    its id, so the new name is taken over without another lookup."""
    author = attempt.author
    if author is None:
        return {}
    changes = {"x_user_id": author.id, "resolved_username": author.username}
    if author.username.lower() != feed.username.lower():
        changes["username"] = author.username
    return changes


def _status(feed: TeamFeed, status: str, reason: str) -> dict:
    changes = {"status": status, "status_reason": reason[:300]}
    if feed.status != status:
        changes["status_changed_at"] = timezone.now()
    return changes


def _history(feed: TeamFeed, attempt: _Attempt, outcome: str, *, new: int = 0,
             removed: int = 0, detail: str = "") -> None:
    SyncRun.objects.create(feed=feed, kind=attempt.kind, started_at=attempt.started_at,
                           finished_at=timezone.now(), outcome=outcome,
                           requests=attempt.requests, new_posts=new, removed_posts=removed,
                           truncated=attempt.truncated, detail=detail[:300])


@transaction.atomic
def _record_failure(feed: TeamFeed, token: uuid.UUID, attempt: _Attempt,
                    error: Exception) -> SyncResult:
    outcome, status, changes, retry = _failure_effects(feed, error)
    detail = str(error)[:300]
    changes.update(**_status(feed, status, detail), **_identity(feed, attempt))
    if not _finish(feed, token, changes):
        return SyncResult(SyncOutcome.SKIPPED, detail="The lease expired and was taken over.")
    _history(feed, attempt, outcome, detail=detail)
    if status == FeedStatus.NEEDS_ATTENTION and feed.status != status:
        transaction.on_commit(lambda: _tell_admins(feed, detail))
    log.warning("X feed %s: %s (%s)", feed.username, outcome, detail)
    return SyncResult(outcome, retry=retry, detail=detail)


def _failure_effects(feed: TeamFeed, error: Exception) -> tuple[str, str, dict, bool]:
    """(outcome, status, other field changes, whether a retry may help) for an error."""
    if isinstance(error, twitter.RateLimited):
        return (SyncOutcome.RATE_LIMITED, FeedStatus.RATE_LIMITED,
                {"next_request_at": error.until}, False)
    if isinstance(error, OverBudget):
        until = datetime.fromtimestamp(budget.window_end(), tz=dt_timezone.utc)
        return SyncOutcome.OVER_BUDGET, feed.status, {"due_at": until}, False
    if isinstance(error, twitter.Transient):
        return (SyncOutcome.TRANSIENT, FeedStatus.RETRYING,
                {"failures": feed.failures + 1}, True)
    if isinstance(error, twitter.Unavailable):
        return SyncOutcome.PAUSED, FeedStatus.PAUSED, {"x_user_id": ""}, False
    # AuthRefused, Rejected, NotConfigured posting keys: a person must look.
    return SyncOutcome.NEEDS_ATTENTION, FeedStatus.NEEDS_ATTENTION, {}, False


def _tell_admins(feed: TeamFeed, detail: str) -> None:
    emails = list(get_user_model().objects.filter(is_superuser=True, is_active=True)
                  .values_list("email", flat=True))
    if emails:
        send_mail(f"X feed @{feed.username} needs attention",
                  f"Syncing the X feed of {feed.team} stopped: X refused our credentials.\n\n"
                  f"{detail}\n\nFix the token, then use \"Sync now\" in the admin.",
                  None, emails, fail_silently=True)


# --- dispatching ------------------------------------------------------------------------------

def per_tick_allowance() -> int:
    """Feeds one dispatcher run may enqueue: the budget spread over the window's minutes."""
    configured = int(conf.get("X_FEED_MAX_PER_TICK"))
    if configured:
        return configured
    minutes = max(1, int(conf.get("X_REQUEST_WINDOW_SECONDS")) // 60)
    return math.ceil(int(conf.get("X_REQUEST_BUDGET")) / minutes)


def dispatch_due_feeds(*, now: datetime | None = None) -> int:
    """Enqueue one sync per due feed, at most the per-tick allowance and what is left of the
    budget, spread over X_FEED_SPREAD_SECONDS. Each enqueued feed's requests are reserved here:
    one, or two for a feed whose user id must be looked up first, so a sync on the usual path
    never touches the budget itself. Its next poll time moves on in the UPDATE that picks it,
    so a second dispatcher (or the next tick) does not pick it again. Returns how many were
    enqueued."""
    if not conf.configured():
        return 0
    now = now or timezone.now()
    due = list(TeamFeed.objects.due(now).order_by("due_at", "pk")
               .only("pk", "username", "x_user_id", "resolved_username")
               [:per_tick_allowance()])
    costs = {feed.pk: 1 + feed.needs_resolving for feed in due}
    granted = budget.reserve(sum(costs.values()))
    ids = _within(list(costs), costs, granted)
    # One conditional UPDATE picks them (a feed another dispatcher picked meanwhile is no longer
    # due); outside a transaction, so it never waits on a sync's row lock for long.
    next_due = now + timedelta(seconds=conf.get("X_FEED_POLL_SECONDS"))
    picked = TeamFeed.objects.filter(pk__in=ids, due_at__lte=now).update(due_at=next_due)
    if picked < len(ids):
        ids = list(TeamFeed.objects.filter(pk__in=ids, due_at=next_due)
                   .values_list("pk", flat=True))
    jobs = [(pk, costs[pk]) for pk in ids]
    transaction.on_commit(lambda: _enqueue(jobs, SyncKind.POLL,
                                           conf.get("X_FEED_SPREAD_SECONDS")))
    budget.release(granted - sum(cost for _, cost in jobs))
    return len(jobs)


def _within(ids: list[int], costs: dict[int, int], granted: int) -> list[int]:
    """The longest prefix of `ids` whose requests fit in `granted`."""
    taken, spent = [], 0
    for pk in ids:
        if spent + costs[pk] > granted:
            break
        taken.append(pk)
        spent += costs[pk]
    return taken


def dispatch_full_refreshes(*, spread_seconds: int = 3600) -> int:
    """The daily full refresh of every live feed, spread over an hour. Its requests are taken
    from the budget page by page, so polling is never starved of more than the budget allows."""
    if not conf.configured():
        return 0
    ids = list(TeamFeed.objects.filter(enabled=True).exclude(status__in=STOPPED)
               .order_by("pk").values_list("pk", flat=True))
    _enqueue([(pk, 0) for pk in ids], SyncKind.FULL, spread_seconds)
    return len(ids)


def _enqueue(jobs: list[tuple[int, int]], kind: str, spread: float) -> None:
    """One sync_feed message per (feed id, requests reserved for it), on one producer (a pool
    checkout per message cost more than the message)."""
    from social.tasks import sync_feed  # tasks import services: enqueue late

    step = spread / len(jobs) if jobs else 0
    with sync_feed.app.producer_or_acquire() as producer:
        for position, (feed_id, reserved) in enumerate(jobs):
            sync_feed.apply_async(args=[feed_id], kwargs={"kind": kind, "reserved": reserved},
                                  countdown=round(position * step, 2), producer=producer)


@dataclass
class SyncNowResult:
    queued: list[TeamFeed] = field(default_factory=list)
    waiting: list[TeamFeed] = field(default_factory=list)  # rate-limited: X said wait
    refused: str = ""


def request_sync_now(*, feeds: list[TeamFeed]) -> SyncNowResult:
    """An operator's "sync now": stopped feeds get another chance (they may have fixed the
    token or the username); X's rate limit and our budget still hold."""
    result = SyncNowResult()
    if not conf.configured():
        result.refused = "X is not configured: set X_BEARER_TOKEN."
        return result
    now = timezone.now()
    for feed in feeds:
        if feed.next_request_at and feed.next_request_at > now:
            result.waiting.append(feed)
        else:
            result.queued.append(feed)
    granted = budget.reserve(len(result.queued))
    if granted < len(result.queued):
        budget.release(granted)
        result.refused = "The request budget for this window is spent: try again later."
        result.queued = []
        return result
    jobs = [(feed.pk, 1) for feed in result.queued]
    transaction.on_commit(lambda: _enqueue(jobs, SyncKind.MANUAL, 0))
    return result


def set_team_tokens(*, feed: TeamFeed, access_token: str, access_secret: str) -> TeamFeed:
    """Store the team's posting tokens, encrypted. Clears a 'needs attention' state."""
    feed.set_user_tokens(access_token, access_secret)
    feed.save(update_fields=["access_token_encrypted", "access_secret_encrypted"])
    return feed
