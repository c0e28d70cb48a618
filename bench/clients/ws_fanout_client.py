"""Many WebSocket clients in one asyncio process, cheap enough not to be the bottleneck.

One `asyncio.Protocol` per socket with a minimal RFC 6455 frame parser (no per-message objects
beyond the payload bytes): a handwritten upgrade request, unmasked server frames parsed in place,
pings answered, close answered. Each text frame that carries an `"id": <int>` key is recorded as
(id, receipt time) for its socket; frames without one (hello, heartbeat) are only counted. The
event id is found with `bytes.find`, not a JSON parse, so the client costs the same for every
server under test whatever the message size.

Used two ways:
  * as a library (`FanoutClient`) by the test suite's reconnect-storm test;
  * as a process driven by a benchmark scenario over stdin/stdout (one JSON object per line):

        python -m bench.clients.ws_fanout_client --port 8001 --path /ws/x/ --n 1000
        -> {"ready": ..., "connect_s": ..., "failures": ...}
        <- {"cmd": "collect", "ids": [3, 4, 5], "timeout": 10}
        -> {"received": {"3": [t, t, ...]}, "missing": 0, "duplicates": 0, ...}
        <- {"cmd": "storm"}            drop every socket at once, reconnect all at once
        -> {"resubscribed_s": ..., "failures": ...}
        <- {"cmd": "quit"}
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import os
import resource
import struct
import sys
import time
from collections.abc import Callable

ID_KEY = b'"id": '
DEFLATE_OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"


def raise_fd_limit(wanted: int = 65536) -> int:
    """Lift this process's soft open-files limit towards the hard limit (children inherit it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return max(soft, target)


def _masked(opcode: int, payload: bytes = b"") -> bytes:
    """A client frame (clients must mask; a zero mask keeps the payload as is)."""
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + b"\0\0\0\0" + payload


class Socket(asyncio.Protocol):
    """One WebSocket connection: handshake, then frames."""

    def __init__(self, owner: FanoutClient, index: int, request: bytes) -> None:
        self.owner, self.index, self.request = owner, index, request
        self.transport: asyncio.Transport | None = None
        self.buffer = b""
        self.upgraded = False
        self.opened: asyncio.Future = asyncio.get_running_loop().create_future()
        self.closed = False
        self.frames = 0

    def connection_made(self, transport) -> None:
        self.transport = transport
        transport.write(self.request)

    def connection_lost(self, exc) -> None:
        self.closed = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError(f"closed before the upgrade: {exc}"))

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data if self.buffer else data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = buffer
                return
            status = buffer[: buffer.find(b"\r\n")]
            if b" 101 " not in status + b" ":
                self.buffer = b""
                self.opened.set_exception(ConnectionError(status.decode(errors="replace")))
                self.transport.close()
                return
            self.upgraded = True
            self.opened.set_result(time.time())
            buffer = buffer[end + 4 :]
        self.buffer = self._frames(buffer)

    def _frames(self, buffer: bytes) -> bytes:
        """Parse every complete frame in `buffer`; return what is left over."""
        pos, size = 0, len(buffer)
        while size - pos >= 2:
            first, length = buffer[pos], buffer[pos + 1] & 0x7F
            head = 2
            if length == 126:
                if size - pos < 4:
                    break
                length, head = struct.unpack_from("!H", buffer, pos + 2)[0], 4
            elif length == 127:
                if size - pos < 10:
                    break
                length, head = struct.unpack_from("!Q", buffer, pos + 2)[0], 10
            if size - pos < head + length:
                break
            payload = buffer[pos + head : pos + head + length]
            pos += head + length
            opcode = first & 0x0F
            if opcode == 1:
                self.frames += 1
                self.owner.on_text(self, payload, first & 0x40)
            elif opcode == 9:
                self.transport.write(_masked(0xA, payload))
            elif opcode == 8:
                self.owner.on_server_close(self, payload)
                self.transport.write(_masked(0x8, payload[:2]))
                self.transport.close()
        return buffer[pos:]

    def abort(self) -> None:
        if self.transport is not None and not self.closed:
            self.transport.abort()


class FanoutClient:
    """N sockets to one server; `path(index, last_id)` gives each socket's request path."""

    def __init__(
        self,
        host: str,
        port: int,
        path: Callable[[int, int | None], str] | str,
        n: int,
        *,
        origin: str | None = None,
        deflate: bool = False,
    ) -> None:
        self.host, self.port, self.n, self.deflate = host, port, n, deflate
        self.path = path if callable(path) else (lambda index, last: path)
        self.origin = origin or f"http://{host}:{port}"
        self.sockets: list[Socket | None] = [None] * n
        self.received: list[dict[int, float]] = [dict() for _ in range(n)]
        self.duplicates = 0
        self.compressed = 0
        self.server_closes: list[bytes] = []
        self.errors: list[str] = []
        self.arrived = asyncio.Event()

    def _request(self, index: int) -> bytes:
        seen = self.received[index]
        last = max(seen) if seen else None
        key = base64.b64encode(os.urandom(16)).decode()
        return (
            f"GET {self.path(index, last)} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            f"Sec-WebSocket-Version: 13\r\nOrigin: {self.origin}\r\n"
            f"{DEFLATE_OFFER if self.deflate else ''}\r\n"
        ).encode()

    def on_text(self, socket: Socket, payload: bytes, compressed: int) -> None:
        if compressed:
            self.compressed += 1  # only memory runs accept compression; they read no events
            return
        at = time.time()
        start = payload.find(ID_KEY)
        if start < 0:
            return  # hello, heartbeat
        start += len(ID_KEY)
        end = start
        while payload[end : end + 1].isdigit():
            end += 1
        event_id = int(payload[start:end])
        seen = self.received[socket.index]
        if event_id in seen:
            self.duplicates += 1
        else:
            seen[event_id] = at
            self.arrived.set()

    def on_server_close(self, socket: Socket, payload: bytes) -> None:
        self.server_closes.append(payload[:2])

    async def _open(self, index: int, timeout: float) -> None:
        loop = asyncio.get_running_loop()
        try:
            async with asyncio.timeout(timeout):
                _, socket = await loop.create_connection(
                    lambda: Socket(self, index, self._request(index)), self.host, self.port
                )
                self.sockets[index] = socket
                await socket.opened
        except (OSError, TimeoutError, ConnectionError) as error:
            self.errors.append(f"socket {index}: {type(error).__name__}: {error}")

    async def connect_all(self, *, in_flight: int | None = None, timeout: float = 60) -> float:
        """Open every socket; all at once unless `in_flight` bounds the handshakes in progress.
        Returns the seconds until the last upgrade completed; failures land in `errors`."""
        started = time.monotonic()
        gate = asyncio.Semaphore(in_flight or self.n)

        async def one(index: int) -> None:
            async with gate:
                await self._open(index, timeout)

        await asyncio.gather(*(one(index) for index in range(self.n)))
        return time.monotonic() - started

    def drop(self) -> None:
        """Drop every socket at once (TCP reset, as when a network or a proxy goes)."""
        for socket in self.sockets:
            if socket is not None:
                socket.abort()

    async def storm(self, *, timeout: float = 60) -> float:
        """Drop every socket at once, then reconnect them all at once, each resuming from the
        last id it saw. Returns the seconds until every upgrade completed."""
        self.drop()
        await asyncio.sleep(0)
        return await self.connect_all(timeout=timeout)

    async def collect(self, ids: list[int], timeout: float) -> dict:
        """Wait until every socket has every id in `ids` (or `timeout`), then report."""
        wanted = set(ids)
        deadline = time.monotonic() + timeout
        while True:
            missing = sum(len(wanted - seen.keys()) for seen in self.received)
            if not missing or time.monotonic() >= deadline:
                break
            self.arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.arrived.wait(), max(0.01, deadline - time.monotonic()))
        return {
            "received": {str(i): [seen[i] for seen in self.received if i in seen] for i in ids},
            "missing": missing,
            "duplicates": self.duplicates,
            "sockets_missing": sum(1 for seen in self.received if wanted - seen.keys()),
            "errors": self.errors[:20],
            "error_count": len(self.errors),
            "server_closes": len(self.server_closes),
        }

    def close(self) -> None:
        for socket in self.sockets:
            if socket is not None and socket.transport is not None and not socket.closed:
                socket.transport.write(_masked(0x8, struct.pack("!H", 1000)))
                socket.transport.close()


async def _serve(args: argparse.Namespace) -> None:
    def path(index: int, last: int | None) -> str:
        return args.path + (f"?last={last}" if last is not None and args.resume else "")

    client = FanoutClient(args.host, args.port, path, args.n, deflate=args.deflate)
    connect_s = await client.connect_all(in_flight=args.in_flight)
    _say(
        {
            "ready": args.n - len(client.errors),
            "connect_s": connect_s,
            "failures": len(client.errors),
            "errors": client.errors[:5],
        }
    )
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    while line := await reader.readline():
        command = json.loads(line)
        if command["cmd"] == "collect":
            _say(await client.collect(command["ids"], command.get("timeout", 30)))
        elif command["cmd"] == "storm":
            before = len(client.errors)
            seconds = await client.storm()
            _say(
                {
                    "resubscribed_s": seconds,
                    "failures": len(client.errors) - before,
                    "errors": client.errors[before : before + 5],
                }
            )
        elif command["cmd"] == "quit":
            break
    client.close()
    await asyncio.sleep(0.2)


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--n", type=int, required=True)
    parser.add_argument(
        "--in-flight",
        type=int,
        default=200,
        help="handshakes in progress at once for the first connect",
    )
    parser.add_argument("--deflate", action="store_true", help="offer permessage-deflate")
    parser.add_argument(
        "--resume", action="store_true", help="reconnect with ?last=<the last id this socket saw>"
    )
    args = parser.parse_args()
    raise_fd_limit(args.n * 2 + 1024)
    try:
        from uvloop import new_event_loop
    except ImportError:
        new_event_loop = None
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        runner.run(_serve(args))


if __name__ == "__main__":
    main()
