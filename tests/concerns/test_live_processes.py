"""Real uvicorn server processes running engage.asgi on a real Redis: a reply posted through one
reaches a socket held by the other (the relay, not shared memory, carries it), and a thousand
sockets connecting and reconnecting at once are all served, missing nothing."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import Cookie, CookieJar
from pathlib import Path

import pytest
from django.conf import settings
from websockets.sync.client import connect

from bench.clients.ws_fanout_client import FanoutClient, raise_fd_limit
from concerns import services
from concerns.models import ConcernEvent, Reply
from engage.embedded_redis import free_port
from tests.background import database_url
from tests.conftest import signed_in

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def start_servers(count: int, log_dir: Path) -> tuple[list[subprocess.Popen], list[int]]:
    """`count` uvicorn processes serving engage.asgi as deployed (docs/deploy.md flags)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        SECRET_KEY=settings.SECRET_KEY,
        PYTHONUNBUFFERED="1",
        DB_CONN_MAX_AGE="0",
    )
    raise_fd_limit()  # the servers inherit it
    ports = [free_port() for _ in range(count)]
    # The socket Origin check is exact (scheme, host, port): each server knows every port.
    env["WEBSOCKET_ALLOWED_ORIGINS"] = ",".join(f"http://127.0.0.1:{port}" for port in ports)
    servers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "engage.asgi:application",
                "--port",
                str(port),
                "--log-level",
                "warning",
                "--ws",
                "websockets-sansio",
                "--ws-per-message-deflate",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(log_dir / f"server-{port}.log", "wb"),
        )
        for port in ports
    ]
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accessibility/", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "a server did not start"
                time.sleep(0.2)
    return servers, ports


def stop_servers(servers: list[subprocess.Popen]) -> None:
    for server in servers:
        server.terminate()
        server.wait(10)


@pytest.fixture
def two_servers(tmp_path):
    servers, ports = start_servers(2, tmp_path)
    yield [f"127.0.0.1:{port}" for port in ports]
    stop_servers(servers)


@pytest.fixture
def one_server(tmp_path):
    """A server process, and (once the test is done) what it wrote to stderr."""
    servers, ports = start_servers(1, tmp_path)
    log = tmp_path / f"server-{ports[0]}.log"
    yield ports[0], log
    stop_servers(servers)


def post_reply_through(host: str, client, ref: str, body: str) -> None:
    """Sign-in cookie from the test client, CSRF token from the form, as a browser would."""
    jar = CookieJar()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    jar.set_cookie(
        Cookie(
            0,
            settings.SESSION_COOKIE_NAME,
            session,
            None,
            False,
            "127.0.0.1",
            False,
            False,
            "/",
            True,
            False,
            None,
            True,
            None,
            None,
            {},
        )
    )
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"http://{host}/concerns/{ref}/reply/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "body": body}).encode()
    opener.open(
        urllib.request.Request(
            f"http://{host}/concerns/{ref}/reply/",
            data=data,
            headers={"Referer": f"http://{host}/"},
        )
    )


def test_a_reply_through_one_process_reaches_a_socket_on_the_other(
    two_servers, concern_by, officer
):
    first, second = two_servers
    concern = concern_by("published")
    officer_client = signed_in(officer, two_factor=True)

    with connect(
        f"ws://{second}/ws/concerns/{concern.ref}/", origin=f"http://{second}", open_timeout=10
    ) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "stream.hello"
        post_reply_through(first, officer_client, concern.ref, "Sent through the first server")
        event = json.loads(socket.recv(timeout=15))

    assert Reply.objects.filter(concern=concern).count() == 1
    assert event["type"] == "reply.added" and "Sent through the first server" in event["html"]


def newest_event_id(concern) -> int:
    return ConcernEvent.objects.filter(concern=concern).latest("pk").pk


def test_a_thousand_sockets_connecting_and_reconnecting_at_once_miss_nothing(
    one_server, concern_by, officer
):
    """All handshakes at once, no limit on those in flight (a deploy or a network blip): no
    refusal, no server error; a reply made while they were all away reaches every one of them
    once they resume, and so does the next one."""
    port, server_log = one_server
    concern = concern_by("published")
    stream = f"/ws/concerns/{concern.ref}/"
    client = FanoutClient(
        "127.0.0.1",
        port,
        lambda index, last: stream + (f"?last={last}" if last else ""),
        1000,
        origin=f"http://127.0.0.1:{port}",
    )
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(client.connect_all(timeout=60))
        assert client.errors == []
        services.reply_to_concern(concern=concern, author=officer, body="first")
        ids = [newest_event_id(concern)]
        assert loop.run_until_complete(client.collect(ids, timeout=60))["missing"] == 0

        client.drop()
        services.reply_to_concern(concern=concern, author=officer, body="while away")
        ids.append(newest_event_id(concern))
        loop.run_until_complete(client.connect_all(timeout=60))
        assert client.errors == []
        services.reply_to_concern(concern=concern, author=officer, body="after")
        ids.append(newest_event_id(concern))
        report = loop.run_until_complete(client.collect(ids, timeout=60))
        client.close()
        loop.run_until_complete(asyncio.sleep(0.2))
    finally:
        loop.close()

    assert (report["missing"], report["duplicates"], report["error_count"]) == (0, 0, 0)
    assert all(len(report["received"][str(i)]) == 1000 for i in ids)
    assert "Traceback" not in server_log.read_text(errors="replace")
