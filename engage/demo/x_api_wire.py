"""The fake X's wire: its HTTP server and handler, and X API v2's JSON shapes (users, problems,
entities, timestamps) that engage/demo/x_api_fake.py and engage/demo/x_api_endpoints.py answer
with. Standard library only."""

from __future__ import annotations

import json
import random
import re
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

if TYPE_CHECKING:
    from engage.demo.x_api_fake import Account, FakeX

URL_RE = re.compile(r"https?://\S+")
TAG_RE = re.compile(r"(?<!\w)#(\w+)")
MENTION_RE = re.compile(r"(?<!\w)@(\w{1,15})")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 1024  # read by listen() in __init__: 64 clients connecting at once


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes: without TCP_NODELAY the body waits for the
    # client's delayed ACK (40 ms on Linux), which would add to every answer's latency knob.
    disable_nagle_algorithm = True
    x: FakeX

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._handle(None)

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        self._handle(json.loads(raw) if raw else {})

    def _handle(self, body: dict | None) -> None:
        url = urlparse(self.path)
        if url.path == "/_fake/stats":  # for the benchmark, which runs this in a process
            return self._send(200, {}, self.x.stats())
        log = self.x.record(
            self.command,
            url.path,
            {k: v[0] for k, v in parse_qs(url.query).items()},
            {k.lower(): v for k, v in self.headers.items()},
        )
        low, high = self.x.latency
        if high:
            time.sleep(random.uniform(low, high))
        status, headers, payload = self.x.answer(log, body)
        log.status = status
        self._send(status, headers, payload)

    def _send(self, status: int, headers: dict, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json; charset=utf-8")
        self.send_header("content-length", str(len(data)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def refers(post: dict, kind: str) -> bool:
    return any(ref["type"] == kind for ref in post.get("referenced_tweets", []))


def user_json(account: Account) -> dict:
    return {
        "id": account.id,
        "name": account.name,
        "username": account.username,
        "protected": account.protected,
    }


def problem(status: int, title: str) -> dict:
    return {"title": title, "detail": title, "type": "about:blank", "status": status}


def not_found(parameter: str, value: str, detail: str) -> dict:
    return {
        "value": value,
        "detail": detail,
        "title": "Not Found Error",
        "resource_type": "user",
        "parameter": parameter,
        "resource_id": value,
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }


def with_entities(text: str) -> tuple[str, dict]:
    """As X does: links become t.co in the text (entities keep the address), & < > escaped,
    offsets in code points of the text as sent."""
    out, urls, position = "", [], 0
    for match in URL_RE.finditer(text):
        out += escape(text[position : match.start()])
        short = f"https://t.co/{abs(hash(match.group())) % 10**8:08d}"
        urls.append(
            {
                "start": len(out),
                "end": len(out) + len(short),
                "url": short,
                "expanded_url": match.group(),
                "display_url": match.group().split("://", 1)[1][:24],
            }
        )
        out += short
        position = match.end()
    out += escape(text[position:])
    entities: dict = {}
    if urls:
        entities["urls"] = urls
    tags = [{"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in TAG_RE.finditer(out)]
    mentions = [
        {"start": m.start(), "end": m.end(), "username": m.group(1)}
        for m in MENTION_RE.finditer(out)
    ]
    if tags:
        entities["hashtags"] = tags
    if mentions:
        entities["mentions"] = mentions
    return out, entities


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def expanded(post: dict) -> str:
    text = post["text"]
    for item in sorted(post.get("entities", {}).get("urls", []), key=lambda u: -u["start"]):
        text = text[: item["start"]] + item["expanded_url"] + text[item["end"] :]
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
