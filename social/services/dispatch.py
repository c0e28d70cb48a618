"""Scheduling syncs: the dispatcher's due feeds within the request budget, the daily full
refresh, and an operator's "sync now". Each enqueued feed's requests are reserved here."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.utils import timezone

from engage.jobs import Call
from social import budget, conf
from social.models import STOPPED, SyncKind, TeamFeed


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
    due = list(
        TeamFeed.objects.due(now)
        .order_by("due_at", "pk")
        .only("pk", "username", "x_user_id", "resolved_username")[: per_tick_allowance()]
    )
    costs = {feed.pk: 1 + feed.needs_resolving for feed in due}
    granted = budget.reserve(sum(costs.values()))
    ids = _within(list(costs), costs, granted)
    # One conditional UPDATE picks them (a feed another dispatcher picked meanwhile is no longer
    # due); outside a transaction, so it never waits on a sync's row lock for long.
    next_due = now + timedelta(seconds=conf.get("X_FEED_POLL_SECONDS"))
    picked = TeamFeed.objects.filter(pk__in=ids, due_at__lte=now).update(due_at=next_due)
    if picked < len(ids):
        ids = list(
            TeamFeed.objects.filter(pk__in=ids, due_at=next_due).values_list("pk", flat=True)
        )
    jobs = [(pk, costs[pk]) for pk in ids]
    _enqueue(jobs, SyncKind.POLL, conf.get("X_FEED_SPREAD_SECONDS"))
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
    ids = list(
        TeamFeed.objects.filter(enabled=True)
        .exclude(status__in=STOPPED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _enqueue([(pk, 0) for pk in ids], SyncKind.FULL, spread_seconds)
    return len(ids)


def _enqueue(jobs: list[tuple[int, int]], kind: str, spread: float) -> None:
    """One sync_feed message per (feed id, requests reserved for it), after commit, on one
    producer (engage.jobs). With the broker down they are logged and not sent: the feeds are
    due again at the next poll, and what they reserved returns with the budget's window."""
    from social.tasks import sync_feed  # tasks import services: enqueue late

    step = spread / len(jobs) if jobs else 0
    sync_feed.apply_many_on_commit(
        [
            Call(
                (feed_id,),
                {"kind": kind, "reserved": reserved},
                {"countdown": round(position * step, 2)},
            )
            for position, (feed_id, reserved) in enumerate(jobs)
        ]
    )


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
    _enqueue(jobs, SyncKind.MANUAL, 0)
    return result
