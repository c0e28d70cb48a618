"""Recording a sync that failed: what each kind of error does to the feed's health (rate-limited
until X's reset, retrying, paused, needs attention) and telling the superusers once when a
person must act."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from engage import mail
from social import budget, twitter
from social.models import FeedStatus, SyncOutcome, TeamFeed
from social.services.attempt import Attempt, OverBudget, SyncResult
from social.services.lease import finish
from social.services.record import history, identity, status

log = logging.getLogger("social.services")


@transaction.atomic
def record_failure(
    feed: TeamFeed, token: uuid.UUID, attempt: Attempt, error: Exception
) -> SyncResult:
    outcome, to, changes, retry = failure_effects(feed, error)
    detail = str(error)[:300]
    changes.update(**status(feed, to, detail), **identity(feed, attempt))
    if not finish(feed, token, changes):
        return SyncResult(SyncOutcome.SKIPPED, detail="The lease expired and was taken over.")
    history(feed, attempt, outcome, detail=detail)
    if to == FeedStatus.NEEDS_ATTENTION and feed.status != to:
        # robust: the mail never raises, but its recipients' query could, after the commit.
        transaction.on_commit(lambda: _tell_admins(feed, detail), robust=True)
    log.warning("X feed %s: %s (%s)", feed.username, outcome, detail)
    return SyncResult(outcome, retry=retry, detail=detail)


def failure_effects(feed: TeamFeed, error: Exception) -> tuple[str, str, dict, bool]:
    """(outcome, status, other field changes, whether a retry may help) for an error."""
    if isinstance(error, twitter.RateLimited):
        return (
            SyncOutcome.RATE_LIMITED,
            FeedStatus.RATE_LIMITED,
            {"next_request_at": error.until},
            False,
        )
    if isinstance(error, OverBudget):
        until = datetime.fromtimestamp(budget.window_end(), tz=UTC)
        return SyncOutcome.OVER_BUDGET, feed.status, {"due_at": until}, False
    if isinstance(error, twitter.Transient):
        return (SyncOutcome.TRANSIENT, FeedStatus.RETRYING, {"failures": feed.failures + 1}, True)
    if isinstance(error, twitter.Unavailable):
        return SyncOutcome.PAUSED, FeedStatus.PAUSED, {"x_user_id": ""}, False
    # AuthRefused, Rejected, NotConfigured posting keys: a person must look.
    return SyncOutcome.NEEDS_ATTENTION, FeedStatus.NEEDS_ATTENTION, {}, False


def _tell_admins(feed: TeamFeed, detail: str) -> None:
    emails = list(
        get_user_model()
        .objects.filter(is_superuser=True, is_active=True)
        .values_list("email", flat=True)
    )
    # Not sent (logged): the feed still shows "needs attention" in the admin, the lasting record.
    mail.send(
        mail.Letter(
            f"X feed @{feed.username} needs attention",
            f"Syncing the X feed of {feed.team} stopped: X refused our credentials.\n\n"
            f'{detail}\n\nFix the token, then use "Sync now" in the admin.',
            emails,
        )
    )
