"""The socket Origin check compares scheme, host and port exactly (issue 16, item 2)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.testing import WebsocketCommunicator

from engage.asgi import application
from engage.origins import origin_allowed
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db(transaction=True)

REFUSED = [
    None,
    "null",
    "",
    "http://127.0.0.1:9999",
    "https://127.0.0.1:8000",
    "ws://127.0.0.1:8000",
    "http://127.0.0.1:8000.evil.com",
    "http://127.0.0.1:8102.evil.com",
    "http://127.0.0.1",
    "http://evil.example",
    "http://127.0.0.1.evil.example:8000",
    "http://user@127.0.0.1:8000",
    "http://127.0.0.1:8000/path",
    "http://localhost:8000",
    "https://localhost",
    "http://localhost.evil.example",
]


@pytest.mark.parametrize("origin", REFUSED)
def test_an_origin_that_differs_in_scheme_host_or_port_is_refused(origin, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.WEBSOCKET_ALLOWED_ORIGINS = ["http://localhost"]
    assert not origin_allowed(origin)


@pytest.mark.parametrize(
    "origin",
    ["http://127.0.0.1:8000", "HTTP://127.0.0.1:8000", "http://localhost", "http://localhost:80"],
)
def test_site_urls_own_origin_and_the_allow_list_are_accepted(origin, settings):
    settings.SITE_URL = "http://127.0.0.1:8000/"
    settings.WEBSOCKET_ALLOWED_ORIGINS = ["http://localhost"]
    assert origin_allowed(origin)


def test_an_https_site_accepts_its_own_origin_with_or_without_the_default_port(settings):
    settings.SITE_URL = "https://engage.example.police.uk"
    settings.WEBSOCKET_ALLOWED_ORIGINS = []
    assert origin_allowed("https://engage.example.police.uk")
    assert origin_allowed("https://engage.example.police.uk:443")
    assert not origin_allowed("http://engage.example.police.uk")
    assert not origin_allowed("https://engage.example.police.uk:8443")


def sockets(concern, resident, moderator) -> dict[str, object]:
    """Every socket, each with a caller the right Origin lets in."""
    return {
        "/ws/me/": signed_in(resident),
        f"/ws/neighbourhoods/{concern.neighbourhood.slug}/": None,
        f"/ws/concerns/{concern.ref}/": None,
        "/ws/moderation/": signed_in(moderator, two_factor=True),
    }


async def opens(path: str, client, origin: bytes | None) -> bool:
    headers = [(b"origin", origin)] if origin else []
    if client is not None:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect(timeout=5)
    if connected:
        await communicator.disconnect()
    return connected


BAD_ORIGINS = [
    None,
    b"null",
    b"https://evil.example",
    b"http://127.0.0.1:9999",
    b"http://localhost:9999",
    b"http://127.0.0.1:8000.evil.com",
    b"https://localhost",
    b"http://localhost.evil.example",
]


async def test_every_socket_refuses_every_bad_origin_at_the_handshake_and_opens_for_ours(
    concern_by, resident, moderator
):
    concern = await sync_to_async(concern_by)("published")
    for path, client in (await sync_to_async(sockets)(concern, resident, moderator)).items():
        assert await opens(path, client, b"http://localhost"), path
        for origin in BAD_ORIGINS:
            assert not await opens(path, client, origin), (path, origin)
