"""The two commands behind `make run` and `make test`.

    python -m engage.launcher run     Redis (embedded unless REDIS_URL is set), migrate, seed,
                                      then a Celery worker, Celery beat and the ASGI web
                                      server on http://127.0.0.1:8000, each restarted with
                                      back-off if it stops; Ctrl-C (or SIGTERM/SIGHUP) stops
                                      them all. Log: var/log/launcher.log.
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
from pathlib import Path
from urllib.parse import urlparse

from engage import embedded_redis
from engage.demo import fake_x, records_fake
from engage.supervisor import Child, Stopping, Supervisor, log_to

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var"
PYTHON = sys.executable


def say(message: str) -> None:
    print(f"engage: {message}", flush=True)


def operator_redis() -> str | None:
    """The operator's Redis if REDIS_URL is set (it must answer); None: start a private one."""
    url = embedded_redis.environment_url()
    if url:
        parsed = urlparse(url)
        if not embedded_redis.ping(parsed.port or 6379, parsed.hostname or "127.0.0.1"):
            raise SystemExit(
                f"engage: REDIS_URL={url} does not answer PING. Start that Redis, "
                "or unset REDIS_URL to use a private one."
            )
    return url


def use_redis(workdir: Path) -> tuple[str, embedded_redis.EmbeddedRedis | None]:
    """For `test`: the operator's Redis, else a private one for the run."""
    url = operator_redis()
    if url:
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


def port_answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        return True
    except OSError:
        return False


def children(port: int, env: dict[str, str], logs: Path) -> list[Child]:
    """The worker, beat and web server `make run` keeps running (Redis is started first)."""
    celery = [PYTHON, "-m", "celery", "-A", "engage"]
    web = [
        PYTHON,
        "-m",
        "uvicorn",
        "engage.asgi:application",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--ws",
        "websockets-sansio",
        "--ws-per-message-deflate",
        "false",
    ]
    return [
        Child(
            "Celery worker",
            [*celery, "worker", "-l", "info", "--concurrency", "2"],
            env=env,
            cwd=ROOT,
            log=logs / "worker.log",
        ),
        Child(
            "Celery beat",
            [*celery, "beat", "-l", "info", "--pidfile="],
            env=env,
            cwd=ROOT,
            log=logs / "beat.log",
        ),
        Child("web server", web, env=env, cwd=ROOT, log=logs / "web.log"),
    ]


def run(port: int) -> int:
    """`make run`: supervise everything until SIGINT, SIGTERM or SIGHUP (engage/supervisor.py).
    Exit 0 on a clean stop by signal."""
    global say
    logs = VAR / "log"
    say = log_to(logs / "launcher.log")
    supervisor = Supervisor(say)
    supervisor.install_signals()
    if not port_is_free(port):
        raise SystemExit(
            f"engage: port {port} is in use. Stop whatever is using it, "
            f"or choose another port: PORT=8001 make run"
        )
    env = {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "true"),
        "PYTHONUNBUFFERED": "1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "WEBSOCKET_ALLOWED_ORIGINS": os.environ.get(
            "WEBSOCKET_ALLOWED_ORIGINS", f"http://localhost:{port}"
        ),
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    private_redis = not operator_redis()
    try:
        if private_redis:
            redis_port = embedded_redis.free_port()
            workdir = VAR / "redis"
            workdir.mkdir(parents=True, exist_ok=True)
            supervisor.start(
                Child(
                    "private Redis",
                    embedded_redis.command(workdir, redis_port),
                    log=logs / "redis.log",
                ),
                ready=lambda: embedded_redis.ping(redis_port),
            )
            env["REDIS_URL"] = f"redis://127.0.0.1:{redis_port}/0"
            (VAR / "redis.url").write_text(env["REDIS_URL"])  # a second shell's manage.py
            say(f"started a private Redis on 127.0.0.1:{redis_port} (restarted if it stops)")
        else:
            env["REDIS_URL"] = embedded_redis.environment_url()
            say(f"using Redis at {env['REDIS_URL']}")
        x_port = fake_x.configure(env)  # one demo team cross-posts to a loopback X
        if x_port is not None:
            supervisor.start(
                Child("fake X", fake_x.command(x_port), env=env, cwd=ROOT, log=logs / "fake-x.log"),
                ready=lambda: port_answers(x_port),
            )
            say(f"started a loopback fake X on {env['X_API_BASE_URL']} (log: var/log/fake-x.log)")
        records_port = records_fake.configure(env)  # recorded reports are handed over here
        if records_port is not None:
            supervisor.start(
                Child(
                    "fake records system",
                    records_fake.command(records_port),
                    env=env,
                    cwd=ROOT,
                    log=logs / "records.log",
                ),
                ready=lambda: port_answers(records_port),
            )
            say(f"started a loopback records system on {env['RECORDS_WEBHOOK_URL']}")
        say("migrating the database")
        manage(supervisor, "migrate", "--noinput", "-v", "0", env=env)
        manage(supervisor, "seed_demo", "--quiet-logins", env=env)
        worker, beat, web = children(port, env, logs)
        for child in (worker, beat):
            supervisor.start(child)
            say(f"started the {child.name} (log: var/log/{child.log.name})")
        supervisor.start(web, ready=lambda: port_answers(port))
        manage(supervisor, "seed_demo", "--logins-only", env=env)
        say(
            f"ready: http://127.0.0.1:{port}/  (HTTP and WebSockets). Press Ctrl-C to stop. "
            f"A child that stops is restarted (log: var/log/launcher.log)."
        )
        supervisor.watch()
    except Stopping:
        pass
    finally:
        supervisor.stop_all()
        if private_redis:
            (VAR / "redis.url").unlink(missing_ok=True)
        supervisor.restore_signals()
    say(f"stopped (signal {signal.Signals(supervisor.stop_signal).name})")
    return 0


def manage(supervisor: Supervisor, *args: str, env: dict[str, str]) -> None:
    code = supervisor.run_once([PYTHON, "manage.py", *args], env=env, cwd=ROOT)
    if code:
        raise SystemExit(
            f"engage: `manage.py {' '.join(args)}` failed (exit {code}); see the message above."
        )


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
