"""The Celery tasks are thin: what they retry, and how often."""

from __future__ import annotations

from django.db import OperationalError

from social import services, tasks
from social.models import SyncOutcome


def test_a_sync_the_database_refused_is_retried_a_bounded_number_of_times(monkeypatch, settings):
    settings.X_FEED_MAX_RETRIES = 2
    calls = []

    def refused(**kwargs):
        calls.append(kwargs)
        raise OperationalError("sorry, too many clients already")

    monkeypatch.setattr(services, "sync_team_feed", refused)

    result = tasks.sync_feed.apply(args=[7], kwargs={"kind": "poll", "reserved": 1})

    assert len(calls) == 3  # the first run and two retries
    assert [c["reserved"] for c in calls] == [1, 0, 0]  # a retry has nothing reserved
    assert isinstance(result.result, OperationalError)


def test_a_sync_that_succeeds_after_a_refusal_returns_its_outcome(monkeypatch):
    outcomes = iter(
        [OperationalError("the database restarted"), services.SyncResult(SyncOutcome.OK)]
    )

    def flaky(**kwargs):
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(services, "sync_team_feed", flaky)

    assert tasks.sync_feed.apply(args=[7]).result == SyncOutcome.OK
