"""What a socket may hear is decided again as things change (issue 16, items 3 and 4): a replay
of the personal stream leaves out concerns hidden since, and a concern socket stops carrying
what only staff may see once its holder signs out or loses the role."""

from __future__ import annotations

import asyncio

import pytest
from channels.db import database_sync_to_async as sync_to_async

from concerns import services
from concerns.models import Notification
from concerns.states import ConcernStatus as S
from engage.models import Moderator
from tests.conftest import signed_in
from tests.factories import ModeratorFactory, UserFactory
from tests.sockets import hello, next_event, socket

pytestmark = pytest.mark.django_db(transaction=True)


def _followed_and_replied(concern_by, follower, officer, title):
    concern = concern_by("published", title=title)
    services.follow(user=follower, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body=f"About {title}")
    assert Notification.objects.filter(user=follower, event__concern=concern).exists()
    return concern


async def test_a_replay_of_the_personal_stream_leaves_out_concerns_hidden_since(
    concern_by, other_resident, officer, moderator
):
    hidden = await sync_to_async(_followed_and_replied)(
        concern_by, other_resident, officer, "Since hidden"
    )
    await sync_to_async(services.transition_concern)(hidden, S.HIDDEN, actor=moderator)
    still_public = await sync_to_async(_followed_and_replied)(
        concern_by, other_resident, officer, "Still public"
    )
    mine = socket("/ws/me/?last=0", client=await sync_to_async(signed_in)(other_resident))

    await hello(mine)
    first = await next_event(mine)

    assert first["url"] == still_public.get_absolute_url()  # the hidden one was skipped
    await mine.disconnect()


def _acting_moderator():
    return ModeratorFactory(user=UserFactory(email="acting.moderator@example.com")).user


async def _staff_socket_then(concern_by, user, change):
    acting = await sync_to_async(_acting_moderator)()
    concern = await sync_to_async(concern_by)("published")
    client = await sync_to_async(signed_in)(user, two_factor=True)
    listener = socket(f"/ws/concerns/{concern.ref}/", client=client)
    await hello(listener)
    await sync_to_async(services.transition_concern)(concern, S.HIDDEN, actor=acting)
    hidden = await next_event(listener)
    assert hidden["type"] == "concern.status" and hidden["visible"] is False  # staff hear it

    await sync_to_async(change)(client)
    await sync_to_async(services.transition_concern)(concern, S.PUBLISHED, actor=acting)
    await sync_to_async(services.transition_concern)(concern, S.HIDDEN, actor=acting)
    await sync_to_async(services.transition_concern)(concern, S.PUBLISHED, actor=acting)
    heard = [await next_event(listener) for _ in range(2)]
    await listener.disconnect()
    return heard


async def test_an_officer_who_signs_out_stops_hearing_a_hidden_concern_at_the_next_event(
    concern_by, officer
):
    heard = await _staff_socket_then(concern_by, officer, lambda client: client.logout())

    assert [event["status"] for event in heard] == ["published", "published"]
    assert all(event["visible"] for event in heard)  # the hide in between did not reach them


async def test_a_moderator_demoted_mid_socket_stops_hearing_a_hidden_concern(concern_by, moderator):
    def demote(client):
        Moderator.objects.filter(user=moderator).delete()

    heard = await _staff_socket_then(concern_by, moderator, demote)

    assert [event["status"] for event in heard] == ["published", "published"]
    assert all(event["visible"] for event in heard)


async def test_a_signed_in_officer_still_hears_what_staff_may_see(concern_by, officer):
    heard = await _staff_socket_then(concern_by, officer, lambda client: None)

    assert [event["visible"] for event in heard] == [True, False]
    await asyncio.sleep(0)
