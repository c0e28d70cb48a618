"""The two commands behind `make run` and `make test`.

    python -m engage.launcher run     migrate, seed, then Redis (embedded unless REDIS_URL is
                                      set), a Celery worker, Celery beat and the ASGI web
                                      server on http://127.0.0.1:8000; Ctrl-C stops them all.
    python -m engage.launcher test [pytest args]
                                      the whole suite against a real Redis (embedded unless
                                      REDIS_URL is set) and DATABASE_URL (SQLite if unset).

Standard library only until the children start: the settings need the Redis URL chosen here.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from engage import embedded_redis
from engage.demo import fake_x

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable


def say(message: str) -> None:
    print(f"engage: {message}", flush=True)


def use_redis(workdir: Path) -> tuple[str, embedded_redis.EmbeddedRedis | None]:
    """The operator's Redis if REDIS_URL is set (it must answer), else a private one."""
    url = embedded_redis.environment_url()
    if url:
        parsed = urlparse(url)
        if not embedded_redis.ping(parsed.port or 6379, parsed.hostname or "127.0.0.1"):
            raise SystemExit(f"engage: REDIS_URL={url} does not answer PING. Start that Redis, "
                             "or unset REDIS_URL to use a private one.")
        say(f"using Redis at {url}")
        return url, None
    server = embedded_redis.start(workdir)
    say(f"started a private Redis on 127.0.0.1:{server.port}")
    return server.url, server


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("engage: the web server exited at start; see the output above.")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"engage: the web server did not open port {port} within {timeout:.0f}s.")


def manage(*args: str, env: dict[str, str]) -> None:
    result = subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env)
    if result.returncode:
        raise SystemExit(f"engage: `manage.py {' '.join(args)}` failed (exit "
                         f"{result.returncode}); see the message above.")


def stop_all(children: list[tuple[str, subprocess.Popen]], timeout: float = 10.0) -> None:
    """Stop in reverse start order: web first (no new work), then beat, then the worker."""
    for name, process in reversed(children):
        if process.poll() is None:
            say(f"stopping {name}")
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for name, process in reversed(children):
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} did not stop in {timeout:.0f}s; killing it")
            process.kill()
            process.wait()


def run(port: int) -> int:
    # A shell that starts us in the background hands us SIGINT ignored; Ctrl-C must still work.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    if not port_is_free(port):
        raise SystemExit(f"engage: port {port} is in use. Stop whatever is using it, "
                         f"or choose another port: PORT=8001 make run")
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true"), "PYTHONUNBUFFERED": "1",
           "SITE_URL": f"http://127.0.0.1:{port}"}
    redis_url, redis = use_redis(VAR / "redis")
    env["REDIS_URL"] = redis_url
    if redis:
        (VAR / "redis.url").write_text(redis_url)  # lets a second shell's manage.py find it
    children: list[tuple[str, subprocess.Popen]] = []
    logs = VAR / "log"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        demo_x = fake_x.start(ROOT, env, logs)  # one demo team cross-posts to a loopback X
        if demo_x:
            children.append(("fake X", demo_x))
            say(f"started a loopback fake X on {env['X_API_BASE_URL']} (log: var/log/fake-x.log)")
        say("migrating the database")
        manage("migrate", "--noinput", "-v", "0", env=env)
        manage("seed_demo", "--quiet-logins", env=env)
        celery = [PYTHON, "-m", "celery", "-A", "engage"]
        for name, args in [("worker", [*celery, "worker", "-l", "info", "--concurrency", "2"]),
                           ("beat", [*celery, "beat", "-l", "info", "--pidfile="])]:
            log = open(logs / f"{name}.log", "ab")
            children.append((name, subprocess.Popen(args, cwd=ROOT, env=env, stdout=log,
                                                    stderr=subprocess.STDOUT,
                                                    start_new_session=True)))
            say(f"started the Celery {name} (log: var/log/{name}.log)")
        web = subprocess.Popen([PYTHON, "-m", "uvicorn", "engage.asgi:application", "--host",
                                "127.0.0.1", "--port", str(port), "--no-access-log",
                                "--log-level", "warning", "--ws", "websockets-sansio",
                                "--ws-per-message-deflate", "false"],
                               cwd=ROOT, env=env, start_new_session=True)
        children.append(("web server", web))
        wait_for_port(port, web)
        manage("seed_demo", "--logins-only", env=env)
        say(f"ready: http://127.0.0.1:{port}/  (HTTP and WebSockets). Press Ctrl-C to stop.")
        return supervise(children)
    except KeyboardInterrupt:
        return 0
    finally:
        stop_all(children)
        if redis:
            redis.stop()
            (VAR / "redis.url").unlink(missing_ok=True)
        say("stopped")


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM stops everything exactly as Ctrl-C does


def supervise(children: list[tuple[str, subprocess.Popen]]) -> int:
    signal.signal(signal.SIGTERM, _interrupt)
    while True:
        for name, process in children:
            if process.poll() is not None:
                say(f"the {name} stopped unexpectedly (exit {process.returncode}); "
                    f"stopping everything. Its log is in var/log/ or above.")
                return 1
        time.sleep(0.5)


def test(pytest_args: list[str]) -> int:
    redis_url, redis = use_redis(VAR / "redis-test")
    env = {**os.environ, "REDIS_URL": redis_url, "PYTHONUNBUFFERED": "1"}
    # Importing engage (for its Celery app) defaults this to the product settings; the
    # test settings come from pyproject.toml unless the caller chose otherwise.
    if env.get("DJANGO_SETTINGS_MODULE") == "engage.settings":
        del env["DJANGO_SETTINGS_MODULE"]
    try:
        code = subprocess.call([PYTHON, "-m", "pytest", *pytest_args], cwd=ROOT, env=env)
    finally:
        if redis:
            redis.stop()
    if code == 5:
        say("pytest collected no tests; a run that tests nothing counts as a failure here.")
        return 1
    return code


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    VAR.mkdir(exist_ok=True)
    if argv[0] == "run":
        return run(int(os.environ.get("PORT", "8000")))
    return test(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
