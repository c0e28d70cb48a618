"""Row 3 of the resilience plan: every non-public concern (each hidden state, with a marker in
its title and body), a reply awaiting sign-off and a moderation note, looked for by an
anonymous visitor, another resident and an officer of another team, over every URL of the
URLconf (pages, feeds, lists, search) and every socket (handshake and `?last=0` replay).
Pass: the marker appears in 0 responses and 0 socket frames."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from engage.asgi import application
from tests.conftest import NON_PUBLIC_STATES, signed_in
from tests.resilience.test_csrf_everywhere import urls

pytestmark = pytest.mark.django_db(transaction=True)
MARK = "Zq7secretmark"


def _world(concern_by, neighbourhood, officer, moderator):
    from concerns import services
    from moderation import services as moderation_services
    from moderation.services import queue

    hidden = {
        state: concern_by(
            state, title=f"{MARK} {state} title", body=f"{MARK} {state} body", tags=["pavement"]
        )
        for state in NON_PUBLIC_STATES
    }
    public = concern_by("published", title="An ordinary public concern")
    neighbourhood.team.replies_need_signoff = True
    neighbourhood.team.save()
    services.reply_to_concern(concern=public, author=officer, body=f"{MARK} unsigned reply")
    item = queue.enqueue(kind="concern", concern=hidden["submitted"], lane="standard")
    moderation_services.add_note(item=item, moderator=moderator, text=f"{MARK} note")
    return hidden, public, item


def _values(hidden, public, item, neighbourhood, ref):
    return {
        "ref": ref,
        "slug": neighbourhood.slug,
        "pk": str(item.pk),
        "reply_id": "1",
        "tag": "pavement",
        "token": "x",
        "uidb64": "MQ",
    }


def _personas(other_resident, other_officer):
    return {
        "anonymous": Client(),
        "other resident": signed_in(other_resident),
        "other team's officer": signed_in(other_officer, two_factor=True),
    }


def test_no_page_feed_list_or_search_shows_a_non_public_concern_to_those_who_may_not_see_it(
    concern_by, neighbourhood, officer, moderator, other_resident, other_officer
):
    hidden, public, item = _world(concern_by, neighbourhood, officer, moderator)
    targets = {
        f"/concerns/search/?q={MARK}",
        f"/concerns/?q={MARK}",
        f"/neighbourhoods/{neighbourhood.slug}/feed/",
        "/tags/pavement/feed/",
    }
    for concern in [*hidden.values(), public]:
        targets |= {
            *urls(_values(hidden, public, item, neighbourhood, concern.ref)),
            f"/concerns/{concern.ref}/{concern.slug}/",
        }
    secrets = [f"{MARK} {state}" for state in NON_PUBLIC_STATES] + [
        f"{MARK} unsigned",
        f"{MARK} note",
    ]
    leaks, fetched = [], 0
    for persona, client in _personas(other_resident, other_officer).items():
        for url in sorted(targets):
            response = client.get(url, follow=True)
            fetched += 1
            body = (
                b"".join(response.streaming_content) if response.streaming else response.content
            ).decode(errors="replace")
            leaks += [(persona, url, secret) for secret in secrets if secret in body]

    print(f"\ncrawl: {fetched} fetches, {len(leaks)} leaks")
    assert fetched > 300 and leaks == []


async def _frames(path: str, client: Client | None) -> list[str]:
    headers = [(b"origin", b"http://localhost")]
    if client is not None and "sessionid" in client.cookies:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    frames = []
    if connected:
        try:
            while True:
                frames.append(await communicator.receive_from(timeout=0.5))
        except (TimeoutError, asyncio.CancelledError, AssertionError):
            pass  # quiet: everything it would replay has been sent
        with contextlib.suppress(TimeoutError, asyncio.CancelledError):
            await communicator.disconnect()
    return frames


async def test_no_socket_carries_a_non_public_concern_to_those_who_may_not_see_it(
    concern_by, neighbourhood, officer, moderator, other_resident, other_officer
):
    hidden, public, item = await sync_to_async(_world)(
        concern_by, neighbourhood, officer, moderator
    )
    personas = await sync_to_async(_personas)(other_resident, other_officer)
    leaks, opened = [], 0
    for persona, client in personas.items():
        paths = [f"/ws/concerns/{c.ref}/?last=0" for c in [*hidden.values(), public]]
        paths += [
            f"/ws/neighbourhoods/{neighbourhood.slug}/?last=0",
            "/ws/me/?last=0",
            "/ws/moderation/?last=0",
        ]
        for path in paths:
            frames = await _frames(path, client)
            opened += bool(frames)
            leaks += [(persona, path) for frame in frames if MARK in frame]  # no query echo

    print(f"\nsockets: {len(personas) * 10} tried, {opened} opened, {len(leaks)} leaks")
    assert leaks == []
