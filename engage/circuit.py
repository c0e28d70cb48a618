"""A circuit breaker for Redis calls on the request path (issue 16, item 12).

While Redis was down every post paid for each synchronous Redis call in turn (the rate limit,
the cache, the live publish, the Celery enqueue): 6-8 s. One failure opens the circuit for
`reset_after` seconds: calls are then skipped at once (each caller has its fallback: a rate
limit fails open with its database backstop, a cache read misses, a publish or an enqueue is
left to the outbox sweep). After that one call is let through as a trial; success closes it.

Per process, thread-safe, no I/O of its own.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


class Circuit:
    def __init__(self, name: str, *, threshold: int = 1, reset_after: float = 5.0) -> None:
        self.name = name
        self.threshold = threshold
        self.reset_after = reset_after
        self.failures = 0
        self.open_until = 0.0
        self.lock = threading.Lock()

    @property
    def is_open(self) -> bool:
        return self.failures >= self.threshold

    def allows(self) -> bool:
        """True if a call may be tried now: closed, or open and due a trial (then only this
        caller gets it: the others keep skipping until it reports)."""
        with self.lock:
            if not self.is_open:
                return True
            now = time.monotonic()
            if now < self.open_until:
                return False
            self.open_until = now + self.reset_after  # one trial per period
            return True

    def succeeded(self) -> None:
        with self.lock:
            if self.is_open:
                log.warning("%s is answering again: circuit closed", self.name)
            self.failures = 0
            self.open_until = 0.0

    def failed(self) -> None:
        with self.lock:
            self.failures += 1
            if self.failures == self.threshold:
                log.warning(
                    "%s failed: circuit open, calls skipped for %.0fs at a time",
                    self.name,
                    self.reset_after,
                )
            if self.is_open:
                self.open_until = time.monotonic() + self.reset_after

    def call(self, fn: Callable[[], T], *, fallback: T, errors: tuple = (Exception,)) -> T:
        """fn() if the circuit allows it and it works, else `fallback`."""
        if not self.allows():
            return fallback
        try:
            result = fn()
        except errors:
            self.failed()
            log.debug("%s call failed", self.name, exc_info=True)
            return fallback
        self.succeeded()
        return result

    def reset(self) -> None:
        """Closed again (tests; an operator's shell)."""
        with self.lock:
            self.failures = 0
            self.open_until = 0.0


# Redis: the cache, rate limits, the live publisher and the Celery broker are one server.
redis = Circuit("Redis")
