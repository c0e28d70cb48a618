"""Every write about team feeds: syncing a feed, dispatching due feeds within the request
budget, what operators ask for ("sync now", new tokens), and cross-posting officers' replies
to the team's X account exactly once (`crosspost`, an outbox handler).

The rules they enforce:
- One sync per feed at a time: a lease claimed by a conditional UPDATE, checked again in the
  transaction that records the result (a sync whose lease expired and was taken over writes
  nothing). `lease`
- No network inside a transaction: X is asked first (`sync`), then one transaction stores the
  posts (unique per feed), moves the cursor only forward (conditional UPDATE), sets the status,
  releases the lease and writes the SyncRun (`record`, or `health` for a failure), and appends
  the new posts to the neighbourhood streams (`stream`). A worker killed at any moment leaves
  all or none.
- Never more requests than the budget (social.budget), and never a request before X's
  x-rate-limit-reset (`attempt`, `dispatch`).

Callers use `from social import services` and the names below.
"""

from social.services.attempt import OverBudget, SyncResult
from social.services.dispatch import (
    SyncNowResult,
    dispatch_due_feeds,
    dispatch_full_refreshes,
    per_tick_allowance,
    request_sync_now,
)
from social.services.lease import LeaseLost, claim_feed, lease_seconds
from social.services.lease import claim as _claim  # noqa: F401  tests read the raw claim
from social.services.record import render_post
from social.services.sync import sync_team_feed
from social.services.tokens import set_team_tokens

__all__ = [
    "LeaseLost",
    "OverBudget",
    "SyncNowResult",
    "SyncResult",
    "claim_feed",
    "dispatch_due_feeds",
    "dispatch_full_refreshes",
    "lease_seconds",
    "per_tick_allowance",
    "render_post",
    "request_sync_now",
    "set_team_tokens",
    "sync_team_feed",
]
