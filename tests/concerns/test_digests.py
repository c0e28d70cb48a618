"""Daily digests (concerns.services.digests): one email for daily people, none for never
people, and a digest claimed by one run is not sent by another."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail

from concerns import services
from concerns.models import EmailState, Notification
from concerns.services import notifications
from concerns.services.digests import send_daily_digests
from engage.models import EmailPreference

pytestmark = pytest.mark.django_db


def test_daily_digest_people_get_one_email_and_never_people_none(
    concern_by, officer, resident, other_resident
):
    resident.email_preference = EmailPreference.DAILY
    resident.save()
    other_resident.email_preference = EmailPreference.NEVER
    other_resident.save()
    concern = concern_by("published")
    services.follow(user=other_resident, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="One.")
    services.reply_to_concern(concern=concern, author=officer, body="Two.")

    assert notifications.send_pending_emails() == 0
    assert send_daily_digests() == 1 and send_daily_digests() == 0
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert mail.outbox[0].body.count("replied to") == 2


def test_a_digest_claimed_by_one_run_is_not_sent_by_another(concern_by, officer, resident):
    resident.email_preference = EmailPreference.DAILY
    resident.save()
    services.reply_to_concern(concern=concern_by("published"), author=officer, body="One.")
    Notification.objects.update(email_state=EmailState.SENDING, claim=uuid.uuid4())  # run A

    assert send_daily_digests() == 0  # run B finds nothing of its own
    assert mail.outbox == []
