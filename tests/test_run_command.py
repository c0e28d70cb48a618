"""The README's run command, end to end: serves pages and sockets, every demo login works,
Ctrl-C stops every process it started."""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psutil
import pytest
from websockets.sync.client import connect

from engage.demo.seed import DEMO_PASSWORD, demo_logins
from engage.embedded_redis import free_port

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def running(tmp_path_factory):
    port = free_port()
    database = tmp_path_factory.mktemp("run") / "engage.sqlite3"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update(PORT=str(port), DATABASE_URL=f"sqlite:///{database}")
    # Started with SIGINT ignored, as a shell's background job would be: Ctrl-C must still work.
    process = subprocess.Popen(
        [sys.executable, "-m", "engage.launcher", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
    )
    lines = []
    started = time.monotonic()
    for line in process.stdout:
        lines.append(line)
        if "engage: ready" in line:
            break
        assert time.monotonic() - started < 90, "".join(lines)
    assert process.poll() is None, "".join(lines)
    yield {
        "url": f"http://127.0.0.1:{port}",
        "port": port,
        "process": process,
        "database": database,
        "output": "".join(lines),
        "started_in": time.monotonic() - started,
    }
    if process.poll() is None:
        process.kill()


def test_the_run_command_serves_the_home_page(running):
    with urllib.request.urlopen(running["url"] + "/") as response:
        assert response.status == 200
        assert b"Find your neighbourhood" in response.read()


def test_the_run_command_accepts_a_websocket(running):
    url = f"ws://127.0.0.1:{running['port']}/ws/neighbourhoods/camden-town/"

    with connect(url, origin=running["url"], open_timeout=10) as socket:
        hello = json.loads(socket.recv(timeout=10))

    assert hello["type"] == "stream.hello" and hello["stream"] == "neighbourhood"


def test_the_run_command_prints_and_accepts_every_demo_login(running):
    for login in demo_logins():
        assert login.email in running["output"]
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(running["url"] + "/account/login/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token, "username": login.email, "password": DEMO_PASSWORD}
        ).encode()
        landed = opener.open(
            urllib.request.Request(
                running["url"] + "/account/login/",
                data=form,
                headers={"Referer": running["url"] + "/account/login/"},
            )
        )
        assert landed.url.endswith("/account/profile/"), login.email


def test_the_run_command_starts_a_loopback_x_for_the_demo_team(running):
    assert "started a loopback fake X on http://127.0.0.1:" in running["output"]


def test_the_run_command_announces_the_demo_mailbox(running):
    assert f"{running['url']}/demo/mailbox/" in running["output"]


def test_demo_code_works_from_a_second_shell_beside_the_run_command(running):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}
    }
    env["DATABASE_URL"] = f"sqlite:///{running['database']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_code", "moderator@engage.example"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"\d{6}", result.stdout.strip())


def test_a_bad_url_under_the_run_command_is_the_friendly_page(running):
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(running["url"] + "/no-such-page/")

    assert error.value.code == 404
    page = error.value.read()
    assert b"Page not found" in page and b"URLconf" not in page


def test_ctrl_c_stops_every_process_the_run_command_started(running):
    process = running["process"]
    children = psutil.Process(process.pid).children(recursive=True)
    assert len(children) >= 3  # worker, beat, web server (and Redis when embedded)

    process.send_signal(signal.SIGINT)

    assert process.wait(timeout=30) == 0
    gone, alive = psutil.wait_procs(children, timeout=10)
    assert alive == []
