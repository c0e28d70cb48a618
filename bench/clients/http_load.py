"""A closed-loop HTTP/1.1 load client on asyncio (uvloop when installed), run as its own process
so its CPU never counts as the server's:

    python -m bench.clients.http_load SPEC.json      -> one JSON line on stdout

SPEC: {"host", "port", "connections", "duration", "max_requests", "warmup",
       "requests": [{"method", "path", "headers": {...}, "body": "...", "unique": "KEY"}]}

Each connection sends a request, reads the whole response, and sends the next (closed loop,
like wrk). Keep-alive when the server allows it; a server that closes after each response
(gunicorn's sync worker) gets a new connection per request, as nginx would open. The requests
are cycled in order; in a body, the text `{unique}` is replaced by a fresh UUID per request
(a new form submission each time). Bounded by count and by time, loopback only.

Reports latency percentiles over the measured window (after `warmup` seconds), status counts,
errors and the first error text.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass
class Tally:
    measure_from: float
    stop_at: float
    max_requests: int
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    errors: int = 0
    first_error: str = ""
    sent: int = 0
    bytes_in: int = 0

    def more(self) -> bool:
        return self.sent < self.max_requests and time.monotonic() < self.stop_at


def encode(request: dict, host: str, port: int) -> tuple[bytes, bytes]:
    """The head (without the length line) and the body template of one request."""
    body = request.get("body", "").encode()
    headers = {
        "Host": f"{host}:{port}",
        "User-Agent": "engage-bench",
        "Accept": "text/html",
        **request.get("headers", {}),
    }
    head = f"{request.get('method', 'GET')} {request['path']} HTTP/1.1\r\n"
    head += "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    return head.encode(), body


async def read_response(reader: asyncio.StreamReader) -> tuple[int, int, bool]:
    """(status, body bytes, keep-alive) of one response."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    keep = headers.get("connection", "").lower() != "close" and lines[0].startswith("HTTP/1.1")
    if "content-length" in headers:
        size = int(headers["content-length"])
        await reader.readexactly(size)
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        size = 0
        while True:
            chunk = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
            await reader.readexactly(chunk + 2)
            size += chunk
            if chunk == 0:
                break
    else:
        size = len(await reader.read())
        keep = False
    return status, size, keep


async def connection(
    host: str, port: int, requests: list[tuple[bytes, bytes]], offset: int, tally: Tally
) -> None:
    reader = writer = None
    index = offset
    while tally.more():
        head, body = requests[index % len(requests)]
        index += 1
        if b"{unique}" in body:
            body = body.replace(b"{unique}", str(uuid.uuid4()).encode())
        message = head + b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body
        tally.sent += 1
        started = time.monotonic()
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            writer.write(message)
            status, size, keep = await asyncio.wait_for(read_response(reader), 30)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            tally.errors += 1
            tally.first_error = tally.first_error or f"{type(error).__name__}: {error}"
            writer = close(writer)
            await asyncio.sleep(0.01)
            continue
        finished = time.monotonic()
        if started >= tally.measure_from:
            tally.latencies.append(finished - started)
            tally.statuses[status] += 1
            tally.bytes_in += size
        if not keep:
            writer = close(writer)
    close(writer)


def close(writer) -> None:
    if writer is not None:
        writer.close()
    return None


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


async def run(spec: dict) -> dict:
    host, port = spec.get("host", "127.0.0.1"), int(spec["port"])
    if host not in LOOPBACK:
        raise SystemExit(f"http_load: {host} is not loopback; the bench only loads this machine")
    requests = [encode(r, host, port) for r in spec["requests"]]
    now = time.monotonic()
    warmup, duration = float(spec.get("warmup", 0)), float(spec["duration"])
    tally = Tally(now + warmup, now + warmup + duration, int(spec.get("max_requests", 10**7)))
    conns = int(spec.get("connections", 8))
    await asyncio.gather(*(connection(host, port, requests, i, tally) for i in range(conns)))
    elapsed = time.monotonic() - tally.measure_from
    ordered = sorted(tally.latencies)
    return {
        "ops": len(ordered),
        "duration_s": round(elapsed, 3),
        "rps": round(len(ordered) / elapsed, 1) if elapsed > 0 else 0.0,
        "p50_ms": percentile(ordered, 50) * 1000,
        "p90_ms": percentile(ordered, 90) * 1000,
        "p99_ms": percentile(ordered, 99) * 1000,
        "max_ms": (ordered[-1] * 1000) if ordered else float("nan"),
        "statuses": {str(k): v for k, v in tally.statuses.items()},
        "errors": tally.errors,
        "first_error": tally.first_error,
        "bytes_per_response": round(tally.bytes_in / len(ordered)) if ordered else 0,
    }


def main(argv: list[str]) -> int:
    spec = json.loads(open(argv[0]).read()) if argv and argv[0] != "-" else json.load(sys.stdin)
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:
        runner = asyncio.run
    print(json.dumps(runner(run(spec))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
