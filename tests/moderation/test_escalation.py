"""Time to eyes for urgent items: an urgent item nobody claims within URGENT_ESCALATE_MINUTES
is escalated exactly once, by email and by a signed webhook to a control room (a loopback
fake), retried with backoff until delivered, shown on the dashboard and on the stream; then
the same on a real Celery worker and beat."""

from __future__ import annotations

import hashlib
import hmac
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from moderation.models import QueueEvent, QueueItem, UrgentEscalation
from moderation.services import escalation, queue
from tests.background import start_celery, stop_process, wait_until
from tests.conftest import mail_server_back, signed_in
from tests.fakes.control_room import ControlRoom

KNIFE = ("Man with a knife", "A man is waving a knife outside the station right now.")


@pytest.fixture
def control_room(settings):
    room = ControlRoom().serve()
    settings.URGENT_WEBHOOK_URL = room.url
    settings.URGENT_WEBHOOK_SECRET = "shared-with-the-control-room"
    settings.URGENT_ESCALATION_EMAIL = "duty.inspector@example.com"
    yield room
    room.close()


def waited(item: QueueItem, minutes: float) -> QueueItem:
    QueueItem.objects.filter(pk=item.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
    item.refresh_from_db()
    return item


def test_an_unclaimed_urgent_item_is_escalated_once_by_email_and_webhook(
    submit, moderator, control_room
):
    item = waited(submit(*KNIFE), 6)
    assert item.lane == "urgent"

    first, second = escalation.sweep(), escalation.sweep()

    assert first == {"escalated": 1, "emailed": 1, "webhooks": 1}
    assert second == {"escalated": 0, "emailed": 0, "webhooks": 0}
    assert UrgentEscalation.objects.get().item == item
    assert len(mail.outbox) == 1
    assert sorted(mail.outbox[0].to) == ["duty.inspector@example.com", moderator.email]
    assert "waiting 6 minutes" in mail.outbox[0].subject
    (alert,) = control_room.received
    payload = alert.json
    assert payload["reference"] == item.concern.ref and payload["text"] == KNIFE[1]
    assert payload["waited_seconds"] >= 360 and payload["reasons"]
    assert alert.headers["Idempotency-Key"] == f"urgent-{payload['escalation']}"
    expected = hmac.new(b"shared-with-the-control-room", alert.body, hashlib.sha256).hexdigest()
    assert alert.headers["X-Engage-Signature"] == f"sha256={expected}"
    assert QueueEvent.objects.filter(item=item, kind="item.escalated").count() == 1


def test_claimed_recent_and_calmer_items_are_not_escalated(submit, moderator, control_room):
    claimed = waited(submit(*KNIFE), 10)
    queue.claim(claimed, moderator=moderator)
    waited(submit(title="Another knife", body="Someone is stabbing a man outside now!"), 2)
    waited(submit(title="Bins", body="The bins were left out again."), 60)

    assert escalation.sweep()["escalated"] == 0

    QueueItem.objects.filter(pk=claimed.pk).update(
        claim_expires_at=timezone.now() - timedelta(seconds=1)
    )  # the claim lapsed
    assert escalation.sweep()["escalated"] == 1


def test_a_control_room_that_is_down_gets_the_alert_later_and_only_once(submit, control_room):
    waited(submit(*KNIFE), 6)
    control_room.fail_next(2, status=503)

    escalation.sweep()
    row = UrgentEscalation.objects.get()
    assert row.webhook_state == "retrying" and row.webhook_last_error == "HTTP 503"
    assert escalation.sweep()["webhooks"] == 0  # not due yet: backing off

    for _ in range(2):
        UrgentEscalation.objects.update(webhook_next_attempt_at=timezone.now())
        escalation.sweep()

    row.refresh_from_db()
    assert row.webhook_state == "delivered" and row.webhook_attempts == 3
    assert len(control_room.delivered()) == 1 and len(control_room.received) == 3
    assert len({r.headers["Idempotency-Key"] for r in control_room.received}) == 1


def test_after_the_last_attempt_it_is_marked_failed_on_the_dashboard(
    submit, moderator, control_room, settings
):
    settings.URGENT_WEBHOOK_MAX_ATTEMPTS = 2
    item = waited(submit(*KNIFE), 6)
    control_room.fail_next(5, status=500)
    for _ in range(3):
        UrgentEscalation.objects.update(webhook_next_attempt_at=timezone.now())
        escalation.sweep()

    assert UrgentEscalation.objects.get().webhook_state == "failed"
    assert len(control_room.received) == 2
    page = signed_in(moderator, two_factor=True).get("/moderation/dashboard/").content.decode()
    assert item.concern.ref in page and "Failed after 2 tries: HTTP 500" in page
    assert "Still waiting" in page


def test_the_queue_page_shows_the_urgent_alert_without_javascript(submit, moderator):
    client = signed_in(moderator, two_factor=True)
    assert 'data-urgent-alert data-count="0" hidden' in client.get("/moderation/").content.decode()

    submit(*KNIFE)

    page = client.get("/moderation/").content.decode()
    assert 'data-urgent-alert data-count="1">' in page
    assert "1 urgent item is waiting: someone may be in danger now." in page


def test_mail_that_fails_is_sent_by_a_later_sweep(submit, moderator, mail_server_down):
    mail_server_down.URGENT_WEBHOOK_URL = ""
    waited(submit(*KNIFE), 6)

    assert escalation.sweep() == {"escalated": 1, "emailed": 0, "webhooks": 0}
    assert UrgentEscalation.objects.get().emailed_at is None
    mail_server_back(mail_server_down)

    assert escalation.sweep()["emailed"] == 1
    assert len(mail.outbox) == 1


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_and_beat_escalate_once_and_retry_the_control_room(submit, moderator):
    room = ControlRoom().serve()
    room.fail_next(1, status=503)
    try:
        every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period="seconds")
        PeriodicTask.objects.exclude(task="moderation.escalate_urgent").update(enabled=False)
        PeriodicTask.objects.update_or_create(
            name="moderation: escalate unclaimed urgent items",
            defaults={
                "task": "moderation.escalate_urgent",
                "interval": every_second,
                "enabled": True,
            },
        )
        item = waited(submit(*KNIFE), 6)
        worker = start_celery("worker", URGENT_WEBHOOK_URL=room.url)
        beat = start_celery("beat", URGENT_WEBHOOK_URL=room.url)
        try:
            wait_until(
                lambda: room.delivered(),
                timeout=60,
                explain=lambda: str([r.status for r in room.received]),
            )
            # The barrier, instead of a silence: a second urgent item, made after the first
            # alert was delivered, is alerted by a sweep that began after that delivery. The
            # worker's warm shutdown below lets any sweep still running finish, so `received`
            # is everything ever sent: a repeat of the first alert would be in it.
            later = waited(
                submit(title="Another knife", body="Someone is stabbing a man outside now!"), 6
            )
            assert later.lane == "urgent"
            wait_until(
                lambda: len(room.delivered()) >= 2,
                timeout=60,
                explain=lambda: str([r.status for r in room.received]),
            )
        finally:
            stop_process(beat)
            stop_process(worker)
    finally:
        room.close()

    alerts = [(r.json["reference"], r.status) for r in room.received]
    assert alerts == [(item.concern.ref, 503), (item.concern.ref, 200), (later.concern.ref, 200)]
    row = UrgentEscalation.objects.get(item=item)
    assert row.webhook_attempts == 2 and row.webhook_delivered_at is not None
    assert row.emailed_at is not None and row.email_recipients == 1
