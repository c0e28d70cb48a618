"""The outbox: work that must not be lost when the broker is down (docs/outbox.md).

    from engage import outbox

    @outbox.handler("moderation.rescreen")
    def rescreen(payload: dict) -> None:          # runs in a worker, at least once
        rescreen_item(payload["item"])

    outbox.enqueue("moderation.rescreen", {"item": item.pk}, dedupe_key=f"rescreen:{item.pk}")

`enqueue` writes an OutboxItem row in the caller's transaction (so the work commits, or rolls
back, with the change), and after commit asks Celery to run it at once if the broker answers
(behind the Redis circuit breaker, so a broker outage costs a request nothing). Whatever was not
run, or failed, is run by `sweep`, which Celery beat starts every 10 s. A handler:

- takes the JSON payload (ids, not model instances) and must be safe to run twice: delivery is
  at least once (a worker killed after the work but before marking it done runs it again);
- raises `RetryLater(seconds)` to be tried again later, or any exception to be retried with
  exponential backoff and jitter, up to MAX_ATTEMPTS, then the row is marked failed (logged);
- is registered at import time; modules holding handlers are imported by their app's tasks.py,
  which Celery imports in every worker.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from engage.models import OutboxItem

if TYPE_CHECKING:
    from engage.jobs import Task

log = logging.getLogger(__name__)
Handler = Callable[[dict], None]
MAX_ATTEMPTS = 8
LEASE = timedelta(minutes=5)  # a claim a dead worker left expires after this
SWEEP_BATCH = 200
KEEP_DONE = timedelta(days=7)
_handlers: dict[str, Handler] = {}


class RetryLater(Exception):
    """Raised by a handler: not now (a rate limit, a budget), try again in `seconds`."""

    def __init__(self, seconds: float, reason: str = "") -> None:
        super().__init__(reason or f"retry in {seconds:.0f}s")
        self.seconds = seconds


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register `fn(payload)` as the handler of `kind` (one handler per kind)."""

    def register(fn: Handler) -> Handler:
        if _handlers.get(kind, fn) is not fn:
            raise ValueError(f"outbox kind {kind!r} already has a handler")
        _handlers[kind] = fn
        return fn

    return register


def enqueue(
    kind: str, payload: dict, dedupe_key: str | None = None, *, delay: float = 0
) -> OutboxItem:
    """Record `kind` work in the current transaction and dispatch it after commit. With a
    `dedupe_key` already recorded, nothing new is written and the existing row is returned."""
    due = timezone.now() + timedelta(seconds=delay)
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the caller's intact
            item = OutboxItem.objects.create(
                kind=kind, payload=payload, dedupe_key=dedupe_key, due_at=due
            )
    except IntegrityError:
        if dedupe_key is None:
            raise
        return OutboxItem.objects.get(dedupe_key=dedupe_key)
    if not delay:
        _runner().apply_async_on_commit((item.pk,))  # engage.jobs: else the sweep runs it
    return item


def dispatch(item_id: int, countdown: float = 0) -> bool:
    """Hand the row to a worker now if the broker answers (engage.jobs); else leave it to the
    sweep. Never raises, and costs nothing while the Redis circuit is open."""
    options = {"countdown": countdown} if countdown else {}
    return _runner().try_apply_async((item_id,), **options)


def _runner() -> Task:
    from engage.tasks import run_outbox_item  # tasks imports this module

    return run_outbox_item


def run(item_id: int) -> str:
    """Claim one due row, run its handler, record the outcome. 'skipped' if it is not due,
    already done, or claimed by another worker."""
    now = timezone.now()
    claimed = (
        OutboxItem.objects.filter(
            pk=item_id, done_at__isnull=True, failed_at__isnull=True, due_at__lte=now
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + LEASE, attempts=F("attempts") + 1)
    )
    if not claimed:
        return "skipped"
    item = OutboxItem.objects.get(pk=item_id)
    try:
        _handler(item.kind)(item.payload)
    except RetryLater as later:
        _reschedule(item, later.seconds, str(later))
        return "later"
    except Exception as error:  # noqa: BLE001  any failure: retried, bounded
        if item.attempts >= MAX_ATTEMPTS:
            OutboxItem.objects.filter(pk=item_id).update(
                failed_at=timezone.now(), claimed_until=None, last_error=repr(error)[:500]
            )
            log.error("outbox %s gave up after %s attempts", item, item.attempts, exc_info=True)
            return "failed"
        _reschedule(item, backoff(item.attempts), repr(error))
        log.warning("outbox %s failed (attempt %s); retrying", item, item.attempts, exc_info=True)
        return "retry"
    OutboxItem.objects.filter(pk=item_id).update(
        done_at=timezone.now(), claimed_until=None, last_error=""
    )
    return "done"


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Run every due row (oldest first, up to `limit`); returns how many were done. Each row is
    claimed on its own, so a failing one never holds up the others."""
    now = timezone.now()
    due = (
        OutboxItem.objects.filter(done_at__isnull=True, failed_at__isnull=True, due_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .order_by("due_at", "id")
        .values_list("id", flat=True)[:limit]
    )
    done = sum(run(item_id) == "done" for item_id in list(due))
    prune()
    return done


def pending_count() -> int:
    return OutboxItem.objects.filter(done_at__isnull=True, failed_at__isnull=True).count()


def prune(batch: int = 1000) -> int:
    old = OutboxItem.objects.filter(done_at__lt=timezone.now() - KEEP_DONE).values_list(
        "id", flat=True
    )[:batch]
    return OutboxItem.objects.filter(pk__in=list(old)).delete()[0]


def backoff(attempts: int, base: float = 2.0, cap: float = 600.0) -> float:
    """Full jitter: uniform in [base/2, base * 2**attempts], capped."""
    ceiling = min(cap, base * 2**attempts)
    return random.uniform(min(base / 2, ceiling), ceiling)


def _reschedule(item: OutboxItem, seconds: float, reason: str) -> None:
    """Due again in `seconds`; a message is sent for then (the sweep is the safety net)."""
    OutboxItem.objects.filter(pk=item.pk).update(
        due_at=timezone.now() + timedelta(seconds=seconds),
        claimed_until=None,
        last_error=reason[:500],
    )
    dispatch(item.pk, countdown=seconds + 0.05)


@handler("live.publish")
def _live_publish(payload: dict) -> None:
    from engage import realtime

    realtime.publish_deferred(payload)


def _handler(kind: str) -> Handler:
    if kind not in _handlers:
        autodiscover_modules("tasks")  # a process that never imported the apps' tasks
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"no outbox handler for {kind!r}") from None
