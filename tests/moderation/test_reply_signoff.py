"""Teams that ask for it have their officers' replies signed off by a moderator before the
public, or followers, see them."""

from __future__ import annotations

import pytest
from django.test import Client

from concerns import services as concern_services
from concerns.models import ConcernEvent, Notification, Reply
from engage.refusals import NotAllowed
from moderation import services
from moderation.models import Action, QueueItem
from moderation.services import Ruling
from tests.conftest import signed_in


@pytest.fixture
def signoff_team(neighbourhood):
    neighbourhood.team.replies_need_signoff = True
    neighbourhood.team.save()
    return neighbourhood.team


@pytest.fixture
def held_reply(signoff_team, concern_by, officer, other_resident):
    concern = concern_by("published")
    concern_services.follow(user=other_resident, concern=concern)
    return concern_services.reply_to_concern(
        concern=concern, author=officer, body="We will patrol. Call PC Smith on 07700 900123."
    )


def decide(item, moderator, action, **extra):
    item.refresh_from_db()
    return services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=action, version=item.version, **extra)
    )


def test_a_held_reply_waits_unseen_in_the_queue(held_reply, other_resident):
    concern = held_reply.concern

    assert held_reply.status == "pending"
    item = QueueItem.objects.get(reply=held_reply, state="pending")
    assert item.kind == "reply" and item.lane == "personal_data"  # screened like any post
    page = Client().get(concern.get_absolute_url()).content.decode()
    assert "We will patrol" not in page
    feed = Client().get(f"/concerns/{concern.ref}/feed/").content.decode()
    assert "We will patrol" not in feed
    assert not Notification.objects.filter(user=other_resident).exists()
    assert not ConcernEvent.objects.filter(concern=concern, kind="reply.added").exists()


def test_signing_off_publishes_it_with_redactions_and_tells_followers(
    held_reply, moderator, other_resident
):
    item = QueueItem.objects.get(reply=held_reply)

    decide(item, moderator, Action.REDACT, body="We will patrol.")

    reply = Reply.objects.get(pk=held_reply.pk)
    assert reply.status == "published" and "07700" not in reply.body_html
    assert "We will patrol." in Client().get(reply.concern.get_absolute_url()).content.decode()
    assert Notification.objects.filter(user=other_resident, message__contains="replied to").exists()
    assert reply.concern.__class__.objects.get(pk=reply.concern_id).first_reply_at is not None


def test_a_rejected_reply_stays_private_and_the_officer_is_told_why(
    held_reply, moderator, officer, other_resident
):
    item = QueueItem.objects.get(reply=held_reply)

    decide(
        item,
        moderator,
        Action.REJECT,
        reason_code="",
        reason_extra="Please don't name officers' phone numbers.",
    )

    assert Reply.objects.get(pk=held_reply.pk).status == "rejected"
    assert Notification.objects.filter(user=officer, message__contains="not published").exists()
    assert not Notification.objects.filter(user=other_resident).exists()


def test_the_officer_who_wrote_it_cannot_sign_it_off_even_as_a_moderator(held_reply, officer):
    from tests.factories import ModeratorFactory

    ModeratorFactory(user=officer)
    item = QueueItem.objects.get(reply=held_reply)

    with pytest.raises(NotAllowed):
        decide(item, officer, Action.APPROVE)


def test_the_reply_page_tells_the_officer_it_waits_for_sign_off(signoff_team, concern_by, officer):
    concern = concern_by("published")

    response = signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/reply/", {"body": "On our way."}, follow=True
    )

    assert "waiting for a moderator" in response.content.decode()


def test_teams_without_sign_off_publish_at_once(concern_by, officer):
    reply = concern_services.reply_to_concern(
        concern=concern_by("published"), author=officer, body="Done."
    )
    assert reply.status == "published" and not QueueItem.objects.filter(reply=reply).exists()


def test_a_reply_waiting_for_sign_off_cannot_be_edited(held_reply, officer):
    with pytest.raises(NotAllowed, match="waiting"):
        concern_services.edit_reply(reply=held_reply, editor=officer, body="Changed")


def test_an_edit_to_a_signed_off_reply_waits_for_sign_off_again_and_never_leaks(
    held_reply, moderator, officer
):
    from concerns.live import event_payload

    decide(
        QueueItem.objects.get(reply=held_reply), moderator, Action.REDACT, body="We will patrol."
    )
    reply = Reply.objects.get(pk=held_reply.pk)

    concern_services.edit_reply(reply=reply, editor=officer, body="LEAKED 07700 900999")

    reply.refresh_from_db()
    assert reply.status == "pending"
    assert QueueItem.objects.filter(reply=reply, state="pending").exists()
    assert "LEAKED" not in Client().get(reply.concern.get_absolute_url()).content.decode()
    for event in ConcernEvent.objects.filter(concern=reply.concern, reply=reply):
        assert "LEAKED" not in repr(event_payload(event))  # replays carry no held text
