"""Live streams over a real Redis: who may listen, resume without gaps or repeats, outages."""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from channels.db import database_sync_to_async as sync_to_async

from concerns import services
from concerns.states import ConcernStatus as S
from engage import embedded_redis, realtime
from tests.conftest import signed_in
from tests.sockets import frames_before_marker, hello, next_event, socket

pytestmark = pytest.mark.django_db(transaction=True)


async def reply(concern, officer, body: str):
    return await sync_to_async(services.reply_to_concern)(
        concern=concern, author=officer, body=body
    )


async def test_an_officer_reply_reaches_an_open_concern_page_with_its_html(concern_by, officer):
    concern = await sync_to_async(concern_by)("published")
    listener = socket(f"/ws/concerns/{concern.ref}/")
    await hello(listener)

    await reply(concern, officer, "We are **on it**.")

    event = await listener.receive_json_from(timeout=5)
    assert event["type"] == "reply.added" and event["visible"] is True
    assert "PC Jane Smith, Camden Town team" in event["html"]
    assert "<strong>on it</strong>" in event["html"]
    await listener.disconnect()


@pytest.mark.parametrize("state", ["submitted", "hidden", "rejected", "withdrawn"])
async def test_a_non_public_concern_stream_is_refused_to_the_public_but_not_its_author(
    concern_by, resident, other_resident, state
):
    concern = await sync_to_async(concern_by)(state)
    author = await sync_to_async(signed_in)(resident)
    stranger = await sync_to_async(signed_in)(other_resident)

    for client in (None, stranger):
        connected, code = await socket(f"/ws/concerns/{concern.ref}/", client=client).connect()
        assert not connected and code == 4404
    own = socket(f"/ws/concerns/{concern.ref}/", client=author)
    await hello(own)
    await own.disconnect()


@pytest.mark.parametrize(
    "origin", [None, b"https://evil.example", b"null", b"http://localhost.evil.example"]
)
async def test_a_socket_from_another_site_is_refused(concern_by, origin):
    concern = await sync_to_async(concern_by)("published")
    connected, _ = await socket(
        f"/ws/concerns/{concern.ref}/", origin=(b"origin", origin) if origin else None
    ).connect()
    assert not connected


async def test_a_concern_that_is_hidden_stops_reaching_the_public_at_once(
    concern_by, officer, moderator
):
    concern = await sync_to_async(concern_by)("published")
    public = socket(f"/ws/concerns/{concern.ref}/")
    await hello(public)

    await sync_to_async(services.transition_concern)(concern, S.HIDDEN, actor=moderator)
    await sync_to_async(services.transition_concern)(concern, S.PUBLISHED, actor=moderator)
    await sync_to_async(services.transition_concern)(concern, S.HIDDEN, actor=moderator)

    # Only the restores are public: the hides never reach a member of the public. The second
    # restore is the barrier: were the last hide sent, it would arrive before it.
    restored = await next_event(public)
    assert (restored["status"], restored["visible"]) == ("published", True)
    await sync_to_async(services.transition_concern)(concern, S.PUBLISHED, actor=moderator)
    again = await next_event(public)
    assert (again["status"], again["visible"]) == ("published", True)
    assert again["id"] > restored["id"] + 1  # the hide between them was skipped
    await public.disconnect()


async def test_resume_delivers_exactly_the_missed_events_in_order_once(concern_by, officer):
    concern = await sync_to_async(concern_by)("published")
    first = socket(f"/ws/concerns/{concern.ref}/")
    await hello(first)
    await reply(concern, officer, "one")
    seen = (await first.receive_json_from(timeout=5))["id"]
    await first.disconnect()

    for body in ("two", "three", "four"):
        await reply(concern, officer, body)
    again = socket(f"/ws/concerns/{concern.ref}/?last={seen}")
    await hello(again)
    missed = [await again.receive_json_from(timeout=5) for _ in range(3)]

    assert [e["type"] for e in missed] == ["reply.added"] * 3
    assert [e["id"] for e in missed] == sorted(e["id"] for e in missed) and missed[0]["id"] > seen
    assert [
        "two" in missed[0]["html"],
        "three" in missed[1]["html"],
        "four" in missed[2]["html"],
    ] == [True, True, True]
    await reply(concern, officer, "five")  # the barrier: a repeat would arrive before it
    assert "five" in (await next_event(again))["html"]
    await again.disconnect()


async def test_a_new_concern_reaches_the_neighbourhood_page(concern_by, moderator, neighbourhood):
    concern = await sync_to_async(concern_by)("submitted")
    listener = socket(f"/ws/neighbourhoods/{neighbourhood.slug}/")
    await hello(listener)

    await sync_to_async(services.transition_concern)(concern, S.PUBLISHED, actor=moderator)

    event = await listener.receive_json_from(timeout=5)
    assert event["type"] == "concern.published" and event["title"] == concern.title
    await listener.disconnect()


async def test_the_personal_stream_needs_sign_in_and_closes_after_sign_out(
    concern_by, resident, officer
):
    connected, code = await socket("/ws/me/").connect()
    assert not connected and code == 4403
    client = await sync_to_async(signed_in)(resident)
    mine = socket("/ws/me/", client=client)
    await hello(mine)
    concern = await sync_to_async(concern_by)("published")

    await reply(concern, officer, "first")
    assert (await mine.receive_json_from(timeout=5))["type"] == "notification.added"
    await sync_to_async(client.logout)()
    await reply(concern, officer, "second")

    output = await mine.receive_output(timeout=5)
    assert output == {"type": "websocket.close", "code": 4403}


async def test_with_redis_gone_and_back_the_socket_catches_up(
    concern_by, officer, settings, tmp_path
):
    server = embedded_redis.start(tmp_path / "redis")
    settings.REDIS_URL = server.url
    realtime._client = None
    concern = await sync_to_async(concern_by)("published")
    listener = socket(f"/ws/concerns/{concern.ref}/")
    try:
        await hello(listener)
        server.stop()
        assert (
            await sync_to_async(services.reply_to_concern)(
                concern=concern, author=officer, body="while Redis was down"
            )
        ).pk  # no error
        server = embedded_redis.start(tmp_path / "redis", port=server.port)

        event = await next_event(listener, timeout=40)
        assert event["type"] == "reply.added" and "while Redis was down" in event["html"]
    finally:
        await listener.disconnect()
        server.stop()
        realtime._client = None


def test_publishing_with_redis_down_reports_failure_instead_of_raising(settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    realtime._client = None
    try:
        assert realtime.publish(["concern:C-XXXXXX"], {"type": "x.y", "id": 1}) is False
    finally:
        realtime._client = None


async def test_an_officer_needs_two_factor_to_follow_an_unpublished_concern_live(
    concern_by, officer
):
    concern = await sync_to_async(concern_by)("submitted")
    password_only = await sync_to_async(signed_in)(officer)
    with_code = await sync_to_async(signed_in)(officer, two_factor=True)

    connected, code = await socket(f"/ws/concerns/{concern.ref}/", client=password_only).connect()
    assert not connected and code == 4404
    verified = socket(f"/ws/concerns/{concern.ref}/", client=with_code)
    await hello(verified)
    await verified.disconnect()


async def test_a_quiet_socket_hears_heartbeats_while_another_stream_is_busy(
    concern_by, monkeypatch
):
    monkeypatch.setattr(realtime, "HEARTBEAT_SECONDS", 1.0)
    quiet_concern = await sync_to_async(concern_by)("published")
    busy_concern = await sync_to_async(concern_by)("published")
    quiet = socket(f"/ws/concerns/{quiet_concern.ref}/")
    busy = socket(f"/ws/concerns/{busy_concern.ref}/")
    await hello(quiet)
    await hello(busy)
    stream = realtime.concern_stream(busy_concern.ref)

    published_at = []
    for number in range(1, 51):  # an event every 50 ms on the busy stream for 2.5 s
        await asyncio.to_thread(
            realtime.publish,
            [stream],
            {"type": "reply.added", "id": 10**6 + number, "visible": True},
        )
        published_at.append(time.monotonic())
        await asyncio.sleep(0.05)
    # A socket is sent a heartbeat after half the interval without a frame (0.5 s here). A
    # loaded machine can stall the loop that long between two events; the busy socket is then
    # rightly sent one, so the rule is checked only when the events kept well inside it.
    longest_gap = max(b - a for a, b in itertools.pairwise(published_at))
    # A marker on each stream, published after everything else: a frame the socket should not
    # have been sent (a busy stream's event on the quiet socket) would arrive before it.
    heard = await frames_before_marker(quiet, realtime.concern_stream(quiet_concern.ref))
    busy_types = set(await frames_before_marker(busy, stream))

    assert heard and set(heard) == {"stream.heartbeat"}
    if longest_gap < realtime.HEARTBEAT_SECONDS / 4:
        assert busy_types == {"reply.added"}  # a socket that is talking needs no heartbeat
    else:
        assert "reply.added" in busy_types
    await quiet.disconnect()
    await busy.disconnect()


def test_a_burst_of_publishes_waits_for_a_redis_connection_instead_of_failing(monkeypatch):
    """redis-py 8 pools raise 'Too many connections' past their size; ours waits briefly."""
    monkeypatch.setattr(realtime, "PUBLISH_MAX_CONNECTIONS", 2)
    realtime._client = None
    start = threading.Barrier(30)

    def publish_at_once(number: int) -> bool:
        start.wait()
        return realtime.publish(["concern:C-BURST"], {"type": "x.y", "id": number})

    try:
        with ThreadPoolExecutor(30) as pool:
            results = list(pool.map(publish_at_once, range(30)))
    finally:
        realtime._client = None
    assert results == [True] * 30


async def test_an_edited_reply_replaces_itself_on_open_pages(concern_by, officer):
    concern = await sync_to_async(concern_by)("published")
    first = await reply(concern, officer, "We will patrol on Friday.")
    listener = socket(f"/ws/concerns/{concern.ref}/")
    await hello(listener)

    await sync_to_async(services.edit_reply)(
        reply=first, editor=officer, body="We will patrol on Saturday."
    )

    event = await next_event(listener)
    assert event["type"] == "reply.edited" and "Saturday" in event["html"]
    await listener.disconnect()


@pytest.mark.django_db(transaction=False)  # on_commit callbacks are captured, not run
def test_the_payload_is_built_before_commit_so_publishing_reads_nothing(
    concern_by, officer, django_capture_on_commit_callbacks, django_assert_num_queries
):
    concern = concern_by("published")
    with django_capture_on_commit_callbacks() as callbacks:
        services.reply_to_concern(concern=concern, author=officer, body="On our way.")

    sends = [c for c in callbacks if getattr(c, "__name__", "") == "send"]
    assert len(sends) == 1
    with django_assert_num_queries(0):
        sends[0]()


async def test_sockets_resuming_at_once_from_different_ids_each_get_exactly_what_they_missed(
    concern_by, officer
):
    from concerns.models import ConcernEvent

    concern = await sync_to_async(concern_by)("published")
    for body in ("one", "two", "three", "four"):
        await reply(concern, officer, body)
    ids = await sync_to_async(
        lambda: list(
            ConcernEvent.objects.filter(concern=concern, kind="reply.added").values_list(
                "pk", flat=True
            )
        )
    )()
    sockets = {
        last: socket(f"/ws/concerns/{concern.ref}/?last={last}")
        for last in (ids[0], ids[1], ids[3])
    }

    await asyncio.gather(*(hello(listener) for listener in sockets.values()))  # at once
    for last, listener in sockets.items():
        missed = [
            (await listener.receive_json_from(timeout=5))["id"]
            for _ in range(len([i for i in ids if i > last]))
        ]
        assert missed == [i for i in ids if i > last]

    # Then live, once each: "five" comes next (not a repeat of the replay), then "six" (not
    # a second copy of "five").
    await reply(concern, officer, "five")
    await reply(concern, officer, "six")
    for listener in sockets.values():
        assert "five" in (await next_event(listener))["html"]
        assert "six" in (await next_event(listener))["html"]
        await listener.disconnect()


async def test_sockets_of_a_hidden_concern_connecting_at_once_are_judged_one_by_one(
    concern_by, resident, other_resident
):
    concern = await sync_to_async(concern_by)("hidden")
    author = await sync_to_async(signed_in)(resident)
    stranger = await sync_to_async(signed_in)(other_resident)
    path = f"/ws/concerns/{concern.ref}/"

    listeners = [socket(path, client=author), socket(path, client=stranger), socket(path)]

    own, theirs, anyone = await asyncio.gather(
        *(listener.connect(timeout=5) for listener in listeners)
    )

    assert own[0] is True
    assert theirs == (False, 4404) and anyone == (False, 4404)
    await listeners[0].disconnect()
