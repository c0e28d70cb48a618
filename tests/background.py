"""Real background processes for the slow tests (shared by tests/social and tests/moderation):
a Celery worker or beat on the test's own database and Redis, stopped by its process group, and
a bounded wait for what it should do."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
NO_X = "http://127.0.0.1:9"  # the worker settings want an X to point at; nothing listens here


def database_url() -> str:
    """The test database, as a child process's DATABASE_URL."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


def start_celery(kind: str, fake_x_url: str = NO_X, **env_extra: str) -> subprocess.Popen:
    """A Celery "worker" (prefork, two children) or "beat" (django-celery-beat's schedule,
    checked every second) in its own process group, with tests/social/worker_settings.py."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.social.worker_settings",
        FAKE_X_URL=fake_x_url,
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        **env_extra,
    )
    command = {
        "worker": [
            "worker",
            "-P",
            "prefork",
            "-c",
            "2",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-l",
            "warning",
        ],
        "beat": [
            "beat",
            "-S",
            "django_celery_beat.schedulers:DatabaseScheduler",
            "--max-interval",
            "1",
            "-l",
            "warning",
            "-s",
            str(ROOT / "var" / f"beat-{os.getpid()}"),
        ],
    }[kind]
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "engage", *command],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def stop_process(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Signal the whole process group (a prefork worker's children too) and wait for it."""
    if process.poll() is None:
        os.killpg(process.pid, sig)
        process.wait(20)


def wait_until(
    predicate: Callable[[], object], *, timeout: float = 40, explain: Callable[[], str] = lambda: ""
) -> None:
    """Poll `predicate` every 0.2 s; fail the test, saying `explain()`, after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out: {explain()}"
        time.sleep(0.2)
