"""The outbox (engage/outbox.py): recorded with the change, run once after commit or by the
sweep, retried with a bound, never lost to a broker outage (issue 16, item 12)."""

from __future__ import annotations

import pytest
from django.db import transaction

from engage import circuit, outbox
from engage.models import OutboxItem

pytestmark = pytest.mark.django_db

ran: list[dict] = []


@outbox.handler("test.record")
def _record(payload: dict) -> None:
    ran.append(payload)


@outbox.handler("test.flaky")
def _flaky(payload: dict) -> None:
    raise OSError("the far end is down")


@pytest.fixture(autouse=True)
def fresh():
    ran.clear()
    yield
    ran.clear()


def test_work_recorded_in_a_rolled_back_transaction_never_runs():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("test.record", {"n": 1})
        raise RuntimeError("the change failed")

    assert OutboxItem.objects.count() == 0 and outbox.sweep() == 0 and ran == []


def test_with_the_broker_down_the_work_waits_for_the_sweep_and_runs_once(
    django_capture_on_commit_callbacks,
):
    circuit.redis.failed()  # Redis known down: the after-commit dispatch is skipped
    with django_capture_on_commit_callbacks(execute=True):
        outbox.enqueue("test.record", {"n": 2})
    assert ran == [] and outbox.pending_count() == 1

    circuit.redis.reset()
    assert outbox.sweep() == 1
    assert outbox.sweep() == 0  # done is done
    assert ran == [{"n": 2}] and outbox.pending_count() == 0


def test_a_dedupe_key_records_the_work_once():
    first = outbox.enqueue("test.record", {"n": 3}, dedupe_key="three", delay=60)
    again = outbox.enqueue("test.record", {"n": 3}, dedupe_key="three", delay=60)

    assert first.pk == again.pk and OutboxItem.objects.count() == 1


def test_a_failing_handler_is_retried_later_then_given_up_without_blocking_others(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    flaky = outbox.enqueue("test.flaky", {}, delay=0)
    fine = outbox.enqueue("test.record", {"n": 4})

    assert outbox.run(flaky.pk) == "retry"
    assert outbox.run(fine.pk) == "done"
    flaky.refresh_from_db()
    assert flaky.due_at > flaky.created_at and "far end" in flaky.last_error
    for _ in range(outbox.MAX_ATTEMPTS - 1):
        OutboxItem.objects.filter(pk=flaky.pk).update(due_at=flaky.created_at)
        outcome = outbox.run(flaky.pk)
    assert outcome == "failed"
    flaky.refresh_from_db()
    assert flaky.failed_at is not None and flaky.attempts == outbox.MAX_ATTEMPTS


def test_a_row_claimed_by_a_live_worker_is_not_run_twice():
    item = outbox.enqueue("test.record", {"n": 5}, delay=0)
    from django.utils import timezone

    OutboxItem.objects.filter(pk=item.pk).update(claimed_until=timezone.now() + outbox.LEASE)
    assert outbox.run(item.pk) == "skipped" and ran == []


def test_a_kind_has_one_handler():
    with pytest.raises(ValueError):
        outbox.handler("test.record")(lambda payload: None)
