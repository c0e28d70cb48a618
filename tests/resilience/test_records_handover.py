"""Issue 12's "done means" for the hand-over: it survives a records system that is down for a
while and a worker killed mid-send, and every recorded report arrives once.

A real Celery worker and beat (tests/background.py) on the test's database (the embedded
SQLite, or PostgreSQL when DATABASE_URL says so) and real Redis, sending to the loopback
receiver (engage/demo/records_fake.py):

1. the receiver stores the first report, then holds its answer; the worker is killed with
   SIGKILL while it waits (the send happened, the worker never learnt it). The dead worker's
   outbox lease (5 minutes) is made to run out now rather than waited for; a new worker starts.
2. the receiver goes down (503) while more reports are recorded, stays down for OUTAGE_SECONDS
   (a short stand-in for "a minute": the retries' backoff is what is tested, not the clock),
   then comes back.

Pass: every report's Delivery is delivered, the receiver holds exactly one record per
reference and crime reference, and each case has exactly one HANDED_OVER history row.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from casework.models import CaseEvent, CaseEventKind
from engage.models import OutboxItem
from reports.models import Delivery
from reports.services import handover
from tests.background import start_celery, stop_process, wait_until
from tests.factories import CaseFactory
from tests.fakes.records import SECRET, serving
from tests.social.helpers import clear_queue

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
OUTAGE_SECONDS = float(os.environ.get("RECORDS_OUTAGE_SECONDS", "5"))
REPORTS_DURING_OUTAGE = 5


@pytest.fixture
def records_system(settings):
    with serving(settings) as receiver:
        settings.RECORDS_WEBHOOK_TIMEOUT_SECONDS = 30
        yield receiver


@pytest.fixture
def sweep_every_second(db):
    """Only the outbox sweep, every second (operators set its interval in the admin)."""
    PeriodicTask.objects.exclude(task="engage.sweep_outbox").update(enabled=False)
    every, _ = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
    PeriodicTask.objects.update_or_create(
        name="engage: sweep the outbox",
        defaults={"task": "engage.sweep_outbox", "interval": every, "enabled": True},
    )
    clear_queue()


def record_a_crime():
    """What the contact centre's record_crime does: the case, and its hand-over, atomically."""
    with transaction.atomic():
        case = CaseFactory(recorded=True)
        handover.queue_hand_over(case)
    return case


def worker(receiver):
    return start_celery(
        "worker",
        RECORDS_WEBHOOK_URL=receiver.url,
        RECORDS_WEBHOOK_SECRET=SECRET,
        RECORDS_WEBHOOK_TIMEOUT_SECONDS="30",
    )


def states() -> str:
    return "; ".join(
        f"{d.case.reference} attempts={d.attempts} delivered={bool(d.delivered_at)} "
        f"error={d.last_error!r}"
        for d in Delivery.objects.select_related("case")
    )


def test_every_recorded_report_arrives_once_through_an_outage_and_a_killed_worker(
    records_system, sweep_every_second
):
    receiver = records_system
    receiver.hold_next()
    beat = start_celery("beat")
    first_worker = worker(receiver)
    try:
        cases = [record_a_crime()]
        wait_until(receiver.held.is_set, timeout=60, explain=states)
        stop_process(first_worker, signal.SIGKILL)  # mid-send: stored, the answer never read
        receiver.release()
        assert receiver.arrivals() == {cases[0].reference: 1}
        assert Delivery.objects.get(case=cases[0]).delivered_at is None
        # The dead worker's claim would lapse after outbox.LEASE; let it lapse now.
        OutboxItem.objects.filter(kind=handover.KIND, done_at=None).update(
            claimed_until=timezone.now()
        )

        receiver.down = True
        second_worker = worker(receiver)
        try:
            cases += [record_a_crime() for _ in range(REPORTS_DURING_OUTAGE)]
            wait_until(lambda: receiver.count(503) >= len(cases), timeout=60, explain=states)
            time.sleep(OUTAGE_SECONDS)  # still down while the retries back off
            receiver.down = False
            wait_until(
                lambda: Delivery.objects.filter(delivered_at__isnull=False).count() == len(cases),
                timeout=120,
                explain=states,
            )
        finally:
            stop_process(second_worker)
    finally:
        stop_process(beat)
        stop_process(first_worker, signal.SIGKILL)

    print(
        f"\nrecords hand-over: {len(cases)} reports, {receiver.count()} requests "
        f"({receiver.count(503)} refused while down, {receiver.count(409)} repeats answered 409)"
    )
    assert receiver.arrivals() == {case.reference: 1 for case in cases}
    assert receiver.count(409) >= 1  # the killed worker's send came again and was recognised
    handed_over = CaseEvent.objects.filter(kind=CaseEventKind.HANDED_OVER)
    assert sorted(handed_over.values_list("case_id", flat=True)) == sorted(c.pk for c in cases)
    assert not OutboxItem.objects.filter(kind=handover.KIND, failed_at__isnull=False).exists()
