"""Two real server processes on one Redis: a reply posted through one reaches a socket held by
the other (the relay, not shared memory, carries it)."""

from __future__ import annotations

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
from django.db import connection
from websockets.sync.client import connect

from concerns.models import Reply
from engage.embedded_redis import free_port
from tests.conftest import signed_in

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def two_servers():
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DEBUG="true", DATABASE_URL=database_url(), REDIS_URL=settings.REDIS_URL,
               SECRET_KEY=settings.SECRET_KEY, PYTHONUNBUFFERED="1")
    ports = [free_port(), free_port()]
    servers = [subprocess.Popen([sys.executable, "-m", "uvicorn", "engage.asgi:application",
                                 "--port", str(port), "--log-level", "warning"],
                                cwd=ROOT, env=env) for port in ports]
    deadline = time.monotonic() + 30
    for port in ports:
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/accessibility/", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "a server did not start"
                time.sleep(0.2)
    yield [f"127.0.0.1:{port}" for port in ports]
    for server in servers:
        server.terminate()
        server.wait(10)


def post_reply_through(host: str, client, ref: str, body: str) -> None:
    """Sign-in cookie from the test client, CSRF token from the form, as a browser would."""
    jar = CookieJar()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    jar.set_cookie(Cookie(0, settings.SESSION_COOKIE_NAME, session, None, False, "127.0.0.1",
                          False, False, "/", True, False, None, True, None, None, {}))
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(f"http://{host}/concerns/{ref}/reply/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "body": body}).encode()
    opener.open(urllib.request.Request(f"http://{host}/concerns/{ref}/reply/", data=data,
                                       headers={"Referer": f"http://{host}/"}))


def test_a_reply_through_one_process_reaches_a_socket_on_the_other(two_servers, concern_by,
                                                                   officer):
    first, second = two_servers
    concern = concern_by("published")
    officer_client = signed_in(officer, two_factor=True)

    with connect(f"ws://{second}/ws/concerns/{concern.ref}/", origin=f"http://{second}",
                 open_timeout=10) as socket:
        assert json.loads(socket.recv(timeout=10))["type"] == "stream.hello"
        post_reply_through(first, officer_client, concern.ref, "Sent through the first server")
        event = json.loads(socket.recv(timeout=15))

    assert Reply.objects.filter(concern=concern).count() == 1
    assert event["type"] == "reply.added" and "Sent through the first server" in event["html"]
