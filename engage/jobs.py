"""The base of every Celery task here: enqueue after commit, never at the request's expense.

Celery's `delay_on_commit` / `apply_async_on_commit` (celery.contrib.django.task.DjangoTask,
Celery 5.4) register `transaction.on_commit(partial(task.delay, ...))`. That callback is not
robust: with Redis down at commit it raises out of the caller's atomic block after the change
committed (a 500 for work that was saved), and kombu's publish retries make it wait first
(6-8 s a post in issue 16, item 12). engage/celery.py makes this subclass the app's task class
so the two names keep Celery's meaning and add what the broker breaker needs: behind the
Redis circuit (engage/circuit.py), no publish retries, never raising, and a message the broker
refused is logged and left to the work's own sweep or schedule.

Use them only for work that something already sweeps (the email sweep, the outbox sweep, the
next dispatcher tick). Work that is lost if its one message is lost goes through an outbox row
(docs/outbox.md), whose dispatch is built on `try_apply_async` here.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from typing import Any, NamedTuple

from celery.contrib.django.task import DjangoTask
from django.db import transaction

from engage import circuit

log = logging.getLogger(__name__)


class Call(NamedTuple):
    """One message: the task's positional and keyword arguments, and apply_async options."""

    args: Sequence[Any]
    kwargs: dict[str, Any]
    options: dict[str, Any]


class Task(DjangoTask):
    # The stubs say these return an AsyncResult; Celery's own return None too (on_commit).
    def delay_on_commit(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """`delay` once the transaction commits (at once outside one); never raises."""
        self.apply_async_on_commit(args, kwargs)

    def apply_async_on_commit(  # type: ignore[override]
        self,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        **options: Any,
    ) -> None:
        """`apply_async` once the transaction commits (at once outside one); never raises."""
        self.apply_many_on_commit([Call(args or (), kwargs or {}, options)])

    def apply_many_on_commit(self, calls: Sequence[Call]) -> None:
        """Several messages after commit, on one producer (a pool checkout per message cost
        more than the message when a dispatcher sends hundreds)."""
        if calls:
            transaction.on_commit(functools.partial(self._after_commit, list(calls)), robust=True)

    def try_apply_async(
        self,
        args: Sequence[Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        **options: Any,
    ) -> bool:
        """Publish now if the broker takes it: False at once while Redis is known down, or if
        it refuses. Never raises."""
        return self.try_apply_many([Call(args or (), kwargs or {}, options)])

    def try_apply_many(self, calls: Sequence[Call]) -> bool:
        """Publish every call now, on one producer; False if the broker did not take them
        all (some may have gone: the work they start must be safe to repeat). Never raises."""

        def publish() -> bool:
            with self.app.producer_or_acquire() as producer:
                for call in calls:
                    self.apply_async(
                        tuple(call.args),
                        call.kwargs,
                        producer=producer,
                        **{"retry": False, **call.options},
                    )
            return True

        return circuit.redis.call(publish, fallback=False)

    def _after_commit(self, calls: list[Call]) -> None:
        if not self.try_apply_many(calls):
            log.warning(
                "could not enqueue %s (%d) after commit: its sweep or schedule runs it",
                self.name,
                len(calls),
            )
