"""`make run` keeps running what it started and stops all of it (issue 16, item 1)."""

from __future__ import annotations

import os
import signal
import time

import psutil
import pytest

from engage import embedded_redis
from tests.resilience.launcher import ROOT, MakeRun

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def make_run(tmp_path_factory):
    run = MakeRun(tmp_path_factory.mktemp("make-run"))
    yield run
    run.kill()


def pages_while(run: MakeRun, seconds: float) -> list[int]:
    statuses = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        statuses.append(run.get("/"))
        time.sleep(0.2)
    return statuses


def test_a_worker_killed_with_sigkill_is_restarted_and_the_web_server_stays_up(make_run):
    worker = make_run.child("worker")
    pool = worker.children()

    worker.kill()
    statuses = pages_while(make_run, 2.5)
    restarted = make_run.wait_for_child("worker", not_pid=worker.pid)

    assert set(statuses) == {200}
    assert restarted.pid != worker.pid
    assert psutil.wait_procs(pool, timeout=10)[1] == []  # its pool children went with it
    log = (ROOT / "var" / "log" / "launcher.log").read_text()
    assert "the Celery worker exited (code -9)" in log


def test_the_private_redis_is_restarted_on_its_port_and_pages_keep_serving(make_run):
    redis = make_run.child("redis-server")
    port = int(" ".join(redis.cmdline()).split("127.0.0.1:")[1].split()[0])  # its title

    redis.kill()
    statuses = pages_while(make_run, 2.5)
    restarted = make_run.wait_for_child("redis-server", not_pid=redis.pid)
    deadline = time.monotonic() + 10
    while not embedded_redis.ping(port) and time.monotonic() < deadline:
        time.sleep(0.1)

    assert set(statuses) == {200}
    assert embedded_redis.ping(port) and restarted.pid != redis.pid


def test_sigterm_to_the_process_group_of_make_run_stops_everything_cleanly(make_run):
    everything = make_run.descendants()
    assert len(everything) >= 5  # launcher, Redis, worker (+ pool), beat, web server

    os.killpg(make_run.process.pid, signal.SIGTERM)

    output = make_run.finish_output()
    gone, alive = psutil.wait_procs(everything, timeout=15)
    assert alive == [], output
    assert "Traceback" not in output
    assert "engage: stopped (signal SIGTERM)" in output


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT])
def test_sighup_or_sigint_to_the_group_stops_everything_cleanly(tmp_path, signum):
    run = MakeRun(tmp_path)
    try:
        everything = run.descendants()

        os.killpg(run.process.pid, signum)

        output = run.finish_output()
        gone, alive = psutil.wait_procs(everything, timeout=15)
    finally:
        run.kill()
    assert alive == [], output
    assert "Traceback" not in output
    assert f"engage: stopped (signal {signal.Signals(signum).name})" in output
