"""Background work for team feeds: thin tasks that take ids and call services.

Each is safe to run twice (services hold the rules: the lease, unique posts, the forward-only
cursor, the cross-post claim). acks_late + reject_on_worker_lost: a worker that dies mid-task
gives the message back instead of losing it. Retries only for transient errors, bounded, with
exponential backoff and full jitter.
"""

from __future__ import annotations

import random
from typing import Any

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError, close_old_connections

from social import conf, services
from social.models import SyncKind
from social.services import crosspost

TASK_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "ignore_result": True,
}


def backoff(retries: int, base: float | None = None, cap: float = 900) -> float:
    """Full jitter: uniform in [base/2, base * 2**retries], capped."""
    base = float(conf.get("X_FEED_RETRY_BASE_SECONDS") if base is None else base)
    ceiling = min(cap, base * 2**retries)
    return random.uniform(min(base / 2, ceiling), ceiling)


@shared_task(name="social.dispatch_feed_syncs", **TASK_OPTIONS)
def dispatch_feed_syncs() -> int:
    """Run by beat every minute: enqueue the due feeds within the request budget."""
    return services.dispatch_due_feeds()


@shared_task(name="social.refresh_all_feeds", **TASK_OPTIONS)
def refresh_all_feeds() -> int:
    """Run by beat daily: a full refresh of every feed, which also drops deleted posts."""
    return services.dispatch_full_refreshes()


@shared_task(bind=True, name="social.sync_feed", max_retries=None, **TASK_OPTIONS)
def sync_feed(
    self: Task[Any, Any], feed_id: int, kind: str = SyncKind.POLL, reserved: int = 0
) -> str:
    """`reserved`: requests the dispatcher took from the budget for this feed (an older
    message's True counts as one). A retry has none: the first run gave back what it did not
    use."""
    # Where workers keep database connections across tasks (CELERY_DB_REUSE_MAX), drop one
    # that broke or outlived CONN_MAX_AGE first, as Django does before each request (not when
    # run eagerly: the caller may be inside a transaction).
    if not self.request.is_eager:
        close_old_connections()
    try:
        result = services.sync_team_feed(
            feed_id=feed_id, kind=kind, reserved=0 if self.request.retries else int(reserved)
        )
    except (OperationalError, InterfaceError) as error:
        # The database refused or dropped us (restart, no connection slot left): nothing was
        # written (the recording is one transaction), a held lease expires on its own.
        if self.request.retries >= conf.get("X_FEED_MAX_RETRIES"):
            raise
        raise self.retry(
            exc=error, countdown=backoff(self.request.retries), kwargs={"kind": kind, "reserved": 0}
        ) from error
    if result.retry and self.request.retries < conf.get("X_FEED_MAX_RETRIES"):
        raise self.retry(
            countdown=backoff(self.request.retries), kwargs={"kind": kind, "reserved": 0}
        )
    return result.outcome


@shared_task(bind=True, name="social.post_crosspost", max_retries=None, **TASK_OPTIONS)
def post_crosspost(self: Task[Any, Any], crosspost_id: int) -> str:
    result = crosspost.deliver(crosspost_id=crosspost_id)
    if result.retry and self.request.retries < conf.get("X_FEED_MAX_RETRIES"):
        raise self.retry(
            countdown=backoff(self.request.retries, base=conf.get("X_CROSSPOST_RETRY_BASE_SECONDS"))
        )
    return result.outcome
