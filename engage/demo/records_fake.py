"""A loopback fake of a force's records system: takes the hand-over webhook of
reports/records_wire.py, checks its signature, and keeps one record per Idempotency-Key.

Standard library only, and its own implementation of the documented signature scheme
(HMAC-SHA256 over timestamp + "." + body), so it checks the sender against the document
rather than against the sender's code.

    receiver = RecordsReceiver(secret="s3cret").serve()   # 127.0.0.1, a free port
    receiver.url                                          # RECORDS_WEBHOOK_URL
    receiver.down = True        # 503 to everything; .drop = True closes the socket unanswered
    receiver.hold_next()        # the next good POST is stored, then blocks until .release()
    receiver.records            # reference -> Record (one per reference, ever)
    receiver.requests           # every request, with its status
    receiver.close()

Answers: 401 for a missing or wrong signature or a stale timestamp, 400 for a body that is
not JSON or has no reference, 201 with {"receipt": ...} for a new reference, 409 with the same
receipt for a reference it already has.

For the demo: `python -m engage.demo.records_fake --port 8766 --secret demo`.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOLERANCE_SECONDS = 300


@dataclass
class Record:
    reference: str
    receipt: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Request:
    key: str
    status: int
    at: float = field(default_factory=time.time)


class RecordsReceiver:
    def __init__(self, *, secret: str) -> None:
        self.secret = secret
        self.records: dict[str, Record] = {}
        self.requests: list[Request] = []
        self.down = False
        self.drop = False
        self._hold: threading.Event | None = None
        self.held = threading.Event()  # set when a held request has arrived
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "serve() first"
        return f"http://127.0.0.1:{self._server.server_port}/records"

    def arrivals(self) -> Counter[str]:
        """How many times each reference was stored (the assertion: 1 each)."""
        return Counter(record.reference for record in self.records.values())

    def count(self, status: int | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if status is None or r.status == status)

    def hold_next(self) -> None:
        self.held.clear()
        self._hold = threading.Event()

    def release(self) -> None:
        if self._hold is not None:
            self._hold.set()

    def signed_ok(self, timestamp: str, body: bytes, signature: str) -> bool:
        try:
            fresh = abs(time.time() - int(timestamp)) <= TOLERANCE_SECONDS
        except ValueError:
            return False
        mac = hmac.new(self.secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
        return fresh and hmac.compare_digest("sha256=" + mac.hexdigest(), signature)

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        key = handler.headers.get("Idempotency-Key", "")
        if self.drop:
            self._log(key, 0)
            handler.close_connection = True
            return  # no status line at all: the sender sees a dropped connection
        status, reply, hold = self._decide(handler, key, body)
        self._log(key, status)
        if hold is not None:
            self.held.set()
            hold.wait(60)
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(reply)))
        handler.end_headers()
        handler.wfile.write(reply)

    def _decide(
        self, handler: BaseHTTPRequestHandler, key: str, body: bytes
    ) -> tuple[int, bytes, threading.Event | None]:
        if self.down:
            return 503, b'{"error": "down for maintenance"}', None
        timestamp = handler.headers.get("X-Engage-Timestamp", "")
        if not self.signed_ok(timestamp, body, handler.headers.get("X-Engage-Signature", "")):
            return 401, b'{"error": "bad signature"}', None
        try:
            data = json.loads(body)
            reference = data["reference"]
        except (ValueError, KeyError, TypeError):
            return 400, b'{"error": "not a report"}', None
        with self._lock:
            existing = self.records.get(key or reference)
            if existing is not None:
                return 409, json.dumps({"receipt": existing.receipt}).encode(), None
            receipt = f"RMS-{len(self.records) + 1:06d}"
            self.records[key or reference] = Record(
                reference, receipt, data, dict(handler.headers.items())
            )
            hold, self._hold = self._hold, None
        # Stored before the answer is held: a sender killed now has delivered, unknowingly.
        return 201, json.dumps({"receipt": receipt}).encode(), hold

    def _log(self, key: str, status: int) -> None:
        with self._lock:
            self.requests.append(Request(key, status))

    def serve(self, port: int = 0) -> RecordsReceiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802  (http.server's name)
                receiver.answer(self)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def close(self) -> None:
        self.release()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


DEMO_SECRET = "demo-records-secret-not-for-production"  # 32+ characters, as reports.E002 asks


def configure(env: dict[str, str]) -> int | None:
    """For `make run`: a free loopback port for the demo's records system, and the children's
    `env` pointed at it; None when a real RECORDS_WEBHOOK_URL is set (nothing to fake)."""
    if env.get("RECORDS_WEBHOOK_URL"):
        return None
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    env.update(
        RECORDS_WEBHOOK_URL=f"http://127.0.0.1:{port}/records",
        RECORDS_WEBHOOK_SECRET=DEMO_SECRET,
    )
    return port


def command(port: int) -> list[str]:
    import sys

    return [
        sys.executable,
        "-m",
        "engage.demo.records_fake",
        "--port",
        str(port),
        "--secret",
        DEMO_SECRET,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake records system for the demo.")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--secret", default="demo")
    options = parser.parse_args()
    receiver = RecordsReceiver(secret=options.secret).serve(options.port)
    print(f"records system on {receiver.url}")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        receiver.close()


if __name__ == "__main__":
    main()
