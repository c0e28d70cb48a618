"""The moderation stream over a real Redis, and the race that matters most on PostgreSQL: two
moderators deciding the same item at once."""

from __future__ import annotations

import threading

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.db import connection

from concerns.models import Concern, ConcernEvent, Notification
from engage.refusals import AlreadyHandled
from moderation import services
from moderation.models import Action, Decision, QueueItem
from moderation.services import Ruling, queue
from tests.conftest import signed_in
from tests.sockets import hello, next_event, socket

pytestmark = pytest.mark.django_db(transaction=True)


async def test_the_moderation_stream_is_for_moderators_after_two_factor(resident, moderator):
    for client in (
        None,
        await sync_to_async(signed_in)(resident),
        await sync_to_async(signed_in)(moderator),
    ):  # the last: no two-factor
        connected, code = await socket("/ws/moderation/", client=client).connect()
        assert not connected and code == 4403


async def test_moderators_see_new_claimed_and_decided_items_live(
    submit, moderator, second_moderator
):
    watcher = socket(
        "/ws/moderation/", client=await sync_to_async(signed_in)(moderator, two_factor=True)
    )
    await hello(watcher)

    item = await sync_to_async(submit)()
    assert (await next_event(watcher))["type"] == "item.new"
    await sync_to_async(queue.claim)(item, moderator=second_moderator)
    claimed = await next_event(watcher)
    assert claimed["type"] == "item.claimed" and claimed["by"] == "Alex"
    await sync_to_async(_approve)(item, second_moderator)
    decided = await next_event(watcher)
    assert decided["type"] == "item.decided" and decided["item"] == item.pk
    assert "title" not in decided and "body" not in decided  # no post text on the wire
    await watcher.disconnect()


def _approve(item, moderator):
    item.refresh_from_db()
    services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=Action.APPROVE, version=item.version)
    )


async def test_a_scoped_moderator_hears_nothing_from_other_neighbourhoods(
    submit, scoped_moderator, other_neighbourhood
):
    watcher = socket(
        "/ws/moderation/", client=await sync_to_async(signed_in)(scoped_moderator, two_factor=True)
    )
    await hello(watcher)

    await sync_to_async(submit)(title="Not yours")
    mine = await sync_to_async(submit)(title="Yours", where=other_neighbourhood)

    event = await next_event(watcher)
    assert event["item"] == mine.pk  # the first item's event was never sent
    await watcher.disconnect()


async def test_losing_the_moderator_role_closes_the_socket_at_the_next_event(submit, moderator):
    watcher = socket(
        "/ws/moderation/", client=await sync_to_async(signed_in)(moderator, two_factor=True)
    )
    await hello(watcher)
    await sync_to_async(lambda: moderator.moderator.delete())()

    await sync_to_async(submit)()

    assert await watcher.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_a_moderator_who_reconnects_gets_what_they_missed(submit, moderator):
    client = await sync_to_async(signed_in)(moderator, two_factor=True)
    first = socket("/ws/moderation/", client=client)
    last = (await hello(first))["last"]
    await first.disconnect()

    items = [await sync_to_async(submit)(title=f"Missed number {n}") for n in range(3)]

    again = socket(f"/ws/moderation/?last={last}", client=client)
    await hello(again)
    replayed = [await next_event(again) for _ in items]
    assert [e["item"] for e in replayed] == [i.pk for i in items]
    await again.disconnect()


def test_two_moderators_deciding_at_once_make_one_decision_and_one_notification(
    submit, moderator, second_moderator, resident
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking: run with DATABASE_URL set (CI does)")
    item = submit()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(who, action):
        mine = QueueItem.objects.get(pk=item.pk)
        barrier.wait()
        try:
            services.decide(
                item=mine,
                moderator=who,
                ruling=Ruling(action=action, version=mine.version, reason_code="spam"),
            )
            outcomes.append("won")
        except AlreadyHandled:
            outcomes.append("already handled")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=act, args=args)
        for args in ((moderator, Action.APPROVE), (second_moderator, Action.REJECT))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already handled", "won"]
    assert Decision.objects.count() == 1
    concern = Concern.objects.get(pk=item.concern_id)
    assert ConcernEvent.objects.filter(concern=concern).exclude(to_status="submitted").count() == 1
    assert Notification.objects.filter(user=resident).count() == 1
