"""The one rule for enqueueing after commit (engage.jobs, the app's task class): a task is sent
only once the change commits, never when it rolls back, and a broker outage at commit costs
the request nothing (no exception, no wait) and leaves the work to its sweep."""

from __future__ import annotations

import logging
import time

import pytest
from django.db import transaction

from engage import circuit
from engage.celery import ping
from engage.jobs import Call
from tests.broker import broker_at_a_closed_port
from tests.social.helpers import clear_queue, queued_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_queue() -> None:
    clear_queue()


def test_a_task_enqueued_in_a_transaction_is_sent_only_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        ping.delay_on_commit()
        assert queued_tasks() == []

    for callback in callbacks:
        callback()
    assert [task["task"] for task in queued_tasks()] == ["engage.ping"]


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        ping.apply_async_on_commit(countdown=5)
        raise RuntimeError("the change failed")

    assert callbacks == [] and queued_tasks() == []


def test_many_messages_go_in_order_with_their_options(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ping.apply_many_on_commit([Call((), {}, {"countdown": n * 10}) for n in range(3)])

    etas = [task["eta"] for task in queued_tasks()]
    assert len(etas) == 3 and etas[0] is None and etas[1] < etas[2]


def test_with_the_broker_unreachable_at_commit_the_request_does_not_fail(
    django_capture_on_commit_callbacks, caplog
):
    with broker_at_a_closed_port(), caplog.at_level(logging.WARNING, logger="engage.jobs"):
        with django_capture_on_commit_callbacks(execute=True):
            ping.delay_on_commit()  # the one trial pays kombu's connect timeout (4 s)

        assert circuit.redis.is_open  # really tried, refused, remembered
        assert "could not enqueue engage.ping" in caplog.text
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            ping.delay_on_commit()
        assert time.monotonic() - started < 0.5  # the next requests: not even tried


def test_while_redis_is_known_down_nothing_is_tried_and_nothing_sent():
    circuit.redis.failed()

    assert ping.try_apply_async() is False
    assert queued_tasks() == []
    circuit.redis.reset()
    assert ping.try_apply_async() is True and len(queued_tasks()) == 1
