"""The socket scenarios' servers and load clients (fanout, sockets): a server process of each
kind (the product, F1, F0, F2) on a free port, and the WebSocket client in a process of its own.
Not a scenario itself (bench.run skips modules whose names start with "_")."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import Context
from engage.embedded_redis import free_port

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
PRODUCT, F1, F0, F2 = "product", "F1", "F0", "F2"
LABELS = {
    PRODUCT: "engage.asgi (relay in Channels)",
    F1: "F1 thin relay (raw ASGI + Redis pub/sub)",
    F0: "F0 raw websockets broadcast",
    F2: "F2 bare Channels group (pubsub layer)",
}
UVICORN = [
    "-m",
    "uvicorn",
    "--host",
    "127.0.0.1",
    "--ws",
    "websockets-sansio",
    "--lifespan",
    "off",
    "--no-access-log",
    "--log-level",
    "warning",
    "--backlog",
    "4096",
]
PIPE_LIMIT = 1 << 27  # a collect report holds N x events receipt times on one line


# --- servers ------------------------------------------------------------------------------------
@dataclass
class Server:
    kind: str
    process: asyncio.subprocess.Process
    port: int
    log: Path
    channel: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def errors(self) -> list[str]:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [
            line
            for line in text.splitlines()
            if "Traceback" in line or "ERROR" in line or "Error:" in line
        ]

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def product_env(ctx: Context) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DATABASE_URL=ctx.database_url,
        REDIS_URL=ctx.redis_url,
        DEBUG="false",
        SECRET_KEY="bench-only-secret-key-" + "w" * 40,
        DB_CONN_MAX_AGE="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SETTINGS_MODULE="engage.settings",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    return env


async def start_server(
    kind: str, ctx: Context, *, deflate: bool = False, channel: str | None = None
) -> Server:
    """One server process of `kind` on a free port; `deflate`: accept permessage-deflate;
    `channel`: the baselines' pub/sub channel (shared by the processes of one measurement)."""
    port = free_port()
    channel = channel or f"bench:{kind}:{os.getpid()}:{port}"
    env = product_env(ctx) if kind == PRODUCT else {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.update(
        BENCH_REDIS_URL=ctx.redis_url,
        BENCH_CHANNEL=channel,
        WEBSOCKET_ALLOWED_ORIGINS=f"http://127.0.0.1:{port}",
    )  # the exact Origin check
    flags = ["--port", str(port), "--ws-per-message-deflate", "true" if deflate else "false"]
    command = {
        PRODUCT: [*UVICORN, "engage.asgi:application", *flags],
        F1: [*UVICORN, "bench.baselines.asgi_ws_relay:app", *flags],
        F2: [*UVICORN, "bench.baselines.channels_bare:application", *flags],
        F0: [
            "-m",
            "bench.baselines.ws_raw_broadcast",
            "--port",
            str(port),
            *(["--deflate"] if deflate else []),
        ],
    }[kind]
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    log = ctx.out_dir / f"ws-{kind}-{port}.log"
    process = await asyncio.create_subprocess_exec(
        PYTHON,
        *command,
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=open(log, "wb"),
    )
    server = Server(kind, process, port, log, channel)
    deadline = time.monotonic() + 60
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            return server
        except OSError:
            if process.returncode is not None or time.monotonic() > deadline:
                await server.stop()
                raise RuntimeError(f"{kind} server did not start; see {log}") from None
            await asyncio.sleep(0.1)


# --- the load client (a separate process: its CPU is not the server's) ------------------------
class Clients:
    def __init__(self, process: asyncio.subprocess.Process, ready: dict) -> None:
        self.process, self.ready = process, ready

    @classmethod
    async def start(
        cls,
        port: int,
        path: str,
        n: int,
        *,
        deflate: bool = False,
        resume: bool = False,
        in_flight: int = 200,
    ) -> Clients:
        process = await asyncio.create_subprocess_exec(
            PYTHON,
            "-m",
            "bench.clients.ws_fanout_client",
            "--port",
            str(port),
            "--path",
            path,
            "--n",
            str(n),
            "--in-flight",
            str(in_flight),
            *(["--deflate"] if deflate else []),
            *(["--resume"] if resume else []),
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=PIPE_LIMIT,
        )
        line = await asyncio.wait_for(process.stdout.readline(), 300)
        if not line:
            raise RuntimeError("the WebSocket client exited before connecting")
        return cls(process, json.loads(line))

    async def ask(self, command: dict, timeout: float = 300) -> dict:
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        return json.loads(await asyncio.wait_for(self.process.stdout.readline(), timeout))

    async def quit(self) -> None:
        if self.process.returncode is None:
            try:
                self.process.stdin.write(b'{"cmd": "quit"}\n')
                await self.process.stdin.drain()
                await asyncio.wait_for(self.process.wait(), 10)
            except (TimeoutError, ConnectionError):
                self.process.kill()
                await self.process.wait()
