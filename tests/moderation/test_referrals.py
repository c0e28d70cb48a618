"""Referrals go through the outbox (moderation.services.referrals, docs/outbox.md): every
diversion with a desk to tell is an outbox row written with the decision, a broker outage at
commit leaves it waiting, and the sweep sends the referral email exactly once."""

from __future__ import annotations

import pytest
from django.core import mail as django_mail
from django.db import transaction

from concerns.models import Concern
from engage import circuit, outbox
from engage.models import OutboxItem
from moderation.models import Action
from moderation.services import decisions
from moderation.services.decisions import Ruling
from moderation.services.referrals import REFERRAL
from moderation.tasks import send_referral
from tests.broker import broker_at_a_closed_port

pytestmark = pytest.mark.django_db
SAFEGUARDING = ("Worried about a child", "The boy next door is left alone and hit every night.")
DESKS = {
    "safeguarding": "safeguarding@met.example",
    "101": "101@met.example",
    "crime_report": "crime-report@met.example",
}


@pytest.fixture(autouse=True)
def desks(settings) -> None:
    settings.DIVERSION_REFERRAL_EMAILS = dict(DESKS)


def divert(item, moderator, to: str) -> None:
    item.refresh_from_db()
    decisions.decide(
        item=item,
        moderator=moderator,
        ruling=Ruling(
            action=Action.DIVERT, version=item.version, diverted_to=to, reason_extra="Referred."
        ),
    )


def referrals() -> list[OutboxItem]:
    return list(OutboxItem.objects.filter(kind=REFERRAL).order_by("pk"))


def referral_emails() -> list:
    return [message for message in django_mail.outbox if "referral" in message.subject]


def test_a_safeguarding_diversion_with_the_broker_unreachable_waits_then_is_sent_once(
    submit, moderator, django_capture_on_commit_callbacks
):
    item = submit(*SAFEGUARDING)
    with broker_at_a_closed_port():
        with django_capture_on_commit_callbacks(execute=True):
            divert(item, moderator, "safeguarding")

        assert circuit.redis.is_open  # the after-commit dispatch really met a dead broker
        [row] = referrals()
        assert row.done_at is None and row.payload["diverted_to"] == "safeguarding"
        assert referral_emails() == []

    circuit.redis.reset()  # Redis is back; beat's sweep runs what was left
    outbox.sweep()
    outbox.sweep()

    [letter] = referral_emails()
    concern = Concern.objects.get(pk=item.concern_id)
    assert letter.to == [DESKS["safeguarding"]] and concern.ref in letter.subject
    assert concern.body in letter.body and "Referred." in letter.body
    row.refresh_from_db()
    assert row.done_at is not None


@pytest.mark.parametrize("desk", list(DESKS))
def test_every_diversion_with_a_desk_is_an_outbox_row_written_with_the_decision(
    desk, submit, moderator
):
    item = submit(title="Bike stolen", body="My bike was stolen from outside the station.")

    divert(item, moderator, desk)  # the test's transaction has not committed: nor has the row

    [row] = referrals()
    assert row.payload == {
        "concern": item.concern_id,
        "diverted_to": desk,
        "reason": row.payload["reason"],
    }
    assert row.dedupe_key == f"referral:{item.concern_id}:{desk}"
    assert referral_emails() == []  # nothing is sent inside the transaction


def test_a_decision_that_rolls_back_leaves_no_referral(submit, moderator):
    item = submit(*SAFEGUARDING)

    with pytest.raises(RuntimeError), transaction.atomic():
        divert(item, moderator, "safeguarding")
        raise RuntimeError("the decision failed after the referral was recorded")

    assert referrals() == []


def test_a_diversion_to_a_desk_without_an_address_is_recorded_without_a_referral(
    submit, moderator, settings
):
    settings.DIVERSION_REFERRAL_EMAILS = {**DESKS, "101": ""}
    item = submit(title="Bike stolen", body="My bike was stolen from outside the station.")

    divert(item, moderator, "101")

    assert Concern.objects.get(pk=item.concern_id).diverted_to == "101"
    assert referrals() == []


def test_a_message_from_an_older_release_becomes_the_same_single_outbox_row(submit, moderator):
    item = submit(*SAFEGUARDING)
    divert(item, moderator, "safeguarding")

    assert send_referral.apply(args=(item.concern_id, "safeguarding", "old")).get() is True
    assert send_referral.apply(args=(10**9, "safeguarding", "gone")).get() is False

    assert len(referrals()) == 1 and referral_emails() == []
    assert outbox.sweep() >= 1 and len(referral_emails()) == 1
