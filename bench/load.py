"""Servers and load for the HTTP scenarios: start a server by pid, drive it with the closed-loop
client (bench/clients/http_load.py, its own process), and read the server's CPU from procfs
around each measurement. Every server is stopped by its pid, on success, error or Ctrl-C.
How the scenarios turn those runs into rows is in bench/measure.py.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from bench.harness import Context, cpu_seconds, process_tree, rss_kb

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/engage_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/9"
PYTHON = sys.executable
# As nginx forwards them in production (docs/deploy.md): Django sees HTTPS, so redirects, HSTS,
# secure cookies and CSRF's origin check behave as deployed.
PROXY_HEADERS = {"X-Forwarded-Proto": "https", "X-Real-IP": "127.0.0.1"}

_LIVE: dict[int, Server] = {}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_env(ctx: Context, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": ctx.database_url,
        "BENCH_REDIS_URL": ctx.redis_url,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


# The servers, each as the product would run it (docs/deploy.md), one process (or one worker)
# so CPU per request and requests per second compare per process.
def uvicorn_asgi(port: int) -> list[str]:
    """The product's ASGI application, as `make run` serves it."""
    return [
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
        "--lifespan",
        "off",
        "--ws",
        "websockets-sansio",
    ]


def gunicorn_sync(port: int, workers: int = 1) -> list[str]:
    """The product's WSGI application, as docs/deploy.md runs it (one worker here)."""
    return [
        PYTHON,
        "-m",
        "gunicorn",
        "engage.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "30",
        "--log-level",
        "warning",
    ]


def gunicorn_gthread(port: int, threads: int = 4) -> list[str]:
    return [*gunicorn_sync(port), "--worker-class", "gthread", "--threads", str(threads)]


def uvicorn_hybrid(port: int) -> list[str]:
    """One uvicorn process: HTTP through Django's WSGI handler on a thread pool, WebSockets
    through the product's ASGI router (bench/scenarios/topology.py: hybrid_application)."""
    return [
        PYTHON,
        "-m",
        "uvicorn",
        "bench.scenarios.topology:hybrid_application",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--lifespan",
        "off",
        "--ws",
        "websockets-sansio",
    ]


def asgi_hello(port: int) -> list[str]:
    return [
        PYTHON,
        "-m",
        "uvicorn",
        "bench.baselines.asgi_hello:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
        "--log-level",
        "warning",
        "--lifespan",
        "off",
    ]


@dataclass
class Server:
    name: str
    argv: list[str]
    port: int
    env: dict[str, str]
    log_path: Path
    process: subprocess.Popen | None = None
    family: list[int] = field(default_factory=list)

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, ready_path: str = "/", timeout: float = 60) -> None:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _LIVE[self.process.pid] = self
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited at start (code {self.process.returncode})"
                    f"; its log: {self.log_path}"
                )
            try:
                urllib.request.urlopen(
                    urllib.request.Request(
                        f"http://127.0.0.1:{self.port}{ready_path}", headers=PROXY_HEADERS
                    ),
                    timeout=10,
                ).read()
                break
            except urllib.error.HTTPError:
                break  # it answers: that is all "ready" means
            except OSError:
                time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"{self.name} did not answer on port {self.port} in {timeout:.0f}s")
        self.family = process_tree(self.pid)

    def stop(self, timeout: float = 10) -> None:
        if self.process is None:
            return
        family = process_tree(self.pid) or self.family
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        for pid in family[1:]:  # a worker that outlived its master: by pid, never by name
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _LIVE.pop(self.process.pid, None)
        self.process = None

    def cpu(self) -> float:
        return cpu_seconds(self.pid)

    def db_cpu(self) -> float:
        """CPU seconds of this server's PostgreSQL backends (found by application_name)."""
        pids = backend_pids(self.env.get("BENCH_DB_APPLICATION", ""), self.env)
        return sum(cpu_seconds(pid) for pid in pids)

    def rss_kb(self) -> int:
        return rss_kb(self.pid)


_ADMIN = {}


def backend_pids(application: str, env: dict[str, str]) -> list[int]:
    """PostgreSQL backend pids with this application_name (same machine: procfs reads them)."""
    import psycopg

    if not application:
        return []
    url = env.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    conn = _ADMIN.get(url)
    if conn is None or conn.closed:
        conn = _ADMIN[url] = psycopg.connect(
            url, autocommit=True, connect_timeout=3, application_name="engage-bench-probe"
        )
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [application]
    ).fetchall()
    return [row[0] for row in rows]


def stop_all() -> None:
    """Whatever is still running (Ctrl-C, an exception): each by its own pid."""
    for server in list(_LIVE.values()):
        server.stop()


@contextmanager
def serving(
    ctx: Context, name: str, command, *, env: dict[str, str] | None = None, ready_path: str = "/"
):
    port = free_port()
    log_dir = ctx.out_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **(env or server_env(ctx)),
        "BENCH_DB_APPLICATION": f"engage-bench-{port}",
        "WEBSOCKET_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}",
    }  # the exact Origin check
    server = Server(
        name, command(port), port, env, log_dir / f"{name.replace(' ', '_').replace('/', '_')}.log"
    )
    try:
        server.start(ready_path)
        yield server
    finally:
        server.stop()


def get(path: str, *, headers: dict | None = None) -> dict:
    return {"method": "GET", "path": path, "headers": {**PROXY_HEADERS, **(headers or {})}}


def drive(
    server: Server,
    requests: list[dict],
    *,
    duration: float,
    connections: int = 8,
    max_requests: int = 200_000,
) -> dict:
    """One closed-loop run against `server`; returns the client's figures plus the server's
    CPU per completed request (procfs, the whole process tree) in microseconds."""
    spec = {
        "host": "127.0.0.1",
        "port": server.port,
        "connections": connections,
        "duration": duration,
        "max_requests": max_requests,
        "requests": requests,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(spec, handle)
    try:
        db_before, before = server.db_cpu(), server.cpu()
        done = subprocess.run(
            [PYTHON, "-m", "bench.clients.http_load", handle.name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=duration + 60,
        )
        after, db_after = server.cpu(), server.db_cpu()
    finally:
        os.unlink(handle.name)
    if done.returncode:
        raise RuntimeError(f"load client failed: {done.stderr.strip()[-500:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    ok = sum(v for k, v in result["statuses"].items() if k.startswith(("2", "3")))
    result["ok"] = ok
    ops = result["ops"] or float("nan")
    result["cpu_us_per_op"] = (after - before) * 1e6 / ops
    result["db_cpu_us_per_op"] = (db_after - db_before) * 1e6 / ops
    return result


def check_answers(result: dict, what: str, expect: str = "2") -> None:
    """A benchmark of error pages measures nothing: refuse results that are not `expect`xx."""
    bad = {k: v for k, v in result["statuses"].items() if not k.startswith(expect)}
    if bad or result["errors"] or not result["ops"]:
        raise RuntimeError(
            f"{what}: unexpected answers {bad or ''} errors={result['errors']} "
            f"{result.get('first_error', '')} ops={result['ops']}"
        )
