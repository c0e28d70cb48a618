"""What one sync of a feed carries from asking X to recording the answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from social import budget, twitter
from social.services.lease import Lease


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
class Attempt:
    """What one sync has done so far (the SyncRun is written from it at the end)."""

    kind: str
    reserved: int
    lease: Lease | None = None
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


def give_back(requests: int) -> None:
    """Return reserved requests this sync did not make."""
    if requests:
        budget.release(requests)
