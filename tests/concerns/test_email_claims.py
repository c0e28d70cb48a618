"""A notification claimed by a worker that died mid-send is sent later, and a resend is
recognisable by its Message-ID (issue 16, item 7: 1 email lost per kill -9 of the pool child)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from concerns import services
from concerns.models import EmailState, Notification
from concerns.services import digests, notifications
from engage.models import EmailPreference

pytestmark = pytest.mark.django_db


def replied(concern_by, follower, officer, *, email_state=EmailState.PENDING) -> Notification:
    concern = concern_by("published")
    services.follow(user=follower, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="We are on it.")
    notification = Notification.objects.get(user=follower, event__concern=concern)
    Notification.objects.filter(pk=notification.pk).update(email_state=email_state)
    Notification.objects.exclude(pk=notification.pk).update(email_state=EmailState.NONE)
    return notification


def orphan(notification, *, seconds_ago: int, digest: bool = False) -> None:
    """As a worker killed between claiming and finishing leaves it."""
    Notification.objects.filter(pk=notification.pk).update(
        email_state=EmailState.SENDING,
        claimed_at=timezone.now() - timedelta(seconds=seconds_ago),
        claim="8b6f2f4e-5d0b-4c59-9d8e-0a6a53d1f1a1" if digest else None,
    )


def test_a_claim_older_than_the_claim_time_is_taken_back_and_sent(
    concern_by, other_resident, officer, settings
):
    settings.EMAIL_CLAIM_SECONDS = 60
    notification = replied(concern_by, other_resident, officer)
    orphan(notification, seconds_ago=61)
    mail.outbox.clear()

    assert notifications.send_pending_emails() == 1

    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT and notification.email_attempts == 1
    assert [message.to for message in mail.outbox] == [[other_resident.email]]


def test_a_fresh_claim_is_left_to_the_worker_that_holds_it(
    concern_by, other_resident, officer, settings
):
    settings.EMAIL_CLAIM_SECONDS = 60
    notification = replied(concern_by, other_resident, officer)
    orphan(notification, seconds_ago=5)
    mail.outbox.clear()

    assert notifications.send_pending_emails() == 0

    assert Notification.objects.get(pk=notification.pk).email_state == EmailState.SENDING
    assert mail.outbox == []


def test_a_stale_digest_claim_goes_back_to_the_digest(
    concern_by, other_resident, officer, settings
):
    settings.EMAIL_CLAIM_SECONDS = 60
    other_resident.email_preference = EmailPreference.DAILY
    other_resident.save()
    notification = replied(concern_by, other_resident, officer, email_state=EmailState.DIGEST)
    orphan(notification, seconds_ago=120, digest=True)
    mail.outbox.clear()

    assert digests.send_daily_digests() == 1
    assert Notification.objects.get(pk=notification.pk).email_state == EmailState.SENT


def test_a_resent_email_carries_the_same_message_id(concern_by, other_resident, officer):
    notification = replied(concern_by, other_resident, officer)
    mail.outbox.clear()
    notifications.send_pending_emails()
    Notification.objects.filter(pk=notification.pk).update(email_state=EmailState.PENDING)

    notifications.send_pending_emails()

    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(ids) == 2 and ids[0] == ids[1] == f"<notification-{notification.pk}@127.0.0.1>"


def test_a_row_past_its_attempts_is_failed_not_reclaimed_for_ever(
    concern_by, other_resident, officer, settings
):
    settings.EMAIL_CLAIM_SECONDS = 60
    notification = replied(concern_by, other_resident, officer)
    Notification.objects.filter(pk=notification.pk).update(
        email_attempts=notifications.MAX_ATTEMPTS - 1
    )
    orphan(notification, seconds_ago=61)

    notifications.send_pending_emails()

    assert Notification.objects.get(pk=notification.pk).email_state == EmailState.FAILED
