"""A loopback fake of the X API v2 endpoints the team feeds use, in exact v2 shape.

    GET  /2/users/by/username/:username   user lookup (200 + `errors` for missing/suspended)
    GET  /2/users/:id/tweets               timeline: since_id, max_results, pagination_token,
                                           exclude, expansions (media, author), meta
    POST /2/tweets                         create a post (OAuth 1.0a: the access token says who)

Knobs: `latency` (min, max seconds per response), `limit` requests per window per endpoint
family, answered with 429 and `x-rate-limit-reset` (every response carries the three
x-rate-limit headers), `fail_next(n, status)` for bursts of 5xx, `hang_after_post` (the post is
made, then the answer is late: a client timeout that still posted), `bearer` (anything else
gets 401), `clock` (what time it is for the rate-limit windows: tests make it stand still).
Every request is logged in `requests`.

Product code, standard library only: the demo serves it (engage/demo/fake_x.py) and the tests
fake X with it (tests/social/conftest.py); its HTTP handler and X's JSON shapes are in
engage/demo/x_api_wire.py, the three endpoints' answers in engage/demo/x_api_endpoints.py.
Tweepy is pointed here through its session's transport (settings.X_API_BASE_URL). Also a
command for the benchmark, which runs it in its own process:

    python -m engage.demo.x_api_fake --port 8765 --accounts 600 --posts 3 --latency 0.1 0.3
"""

from __future__ import annotations

import argparse
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from engage.demo.x_api_endpoints import XEndpoints
from engage.demo.x_api_wire import Handler, Server, iso, problem, with_entities

FIRST_ID = 1_850_000_000_000_000_000


@dataclass
class Account:
    id: str
    username: str
    name: str
    protected: bool = False
    suspended: bool = False
    tokens: tuple[str, str] | None = None  # (access token, secret) for posting


@dataclass
class RequestLog:
    method: str
    path: str
    params: dict
    headers: dict
    status: int = 0
    at: float = field(default_factory=time.time)


class FakeX(XEndpoints):
    """The state and behaviour; `serve()` puts it on a loopback port."""

    def __init__(
        self,
        *,
        bearer: str = "test-bearer",
        latency: tuple[float, float] = (0, 0),
        limit: int | None = None,
        window: int = 900,
        first_id: int = FIRST_ID,
    ) -> None:
        self.bearer = bearer
        self.latency = latency
        self.limit, self.window = limit, window
        self.accounts: dict[str, Account] = {}
        self.posts: dict[str, list[dict]] = {}  # account id -> posts, newest first
        self.media: dict[str, dict] = {}
        self.requests: list[RequestLog] = []
        self.hang_after_post = 0.0
        self.hangs_left: int | None = None  # how many posts hang (None: all of them)
        # A callable(RequestLog) run before each answer (tests).
        self.before_answer: Callable[[RequestLog], object] | None = None
        self.clock: Callable[[], float] = time.time  # seconds since the epoch, for the windows
        self._failures: list[int] = []
        self._used: dict[tuple[str, int], int] = {}
        self._next_id = first_id
        self._lock = threading.RLock()
        self.server: Server | None = None

    # --- setting the scene ----------------------------------------------------------------
    def add_account(
        self,
        username: str,
        *,
        name: str = "",
        protected: bool = False,
        tokens: tuple[str, str] | None = None,
    ) -> Account:
        with self._lock:
            account = Account(
                id=str(10_000 + len(self.accounts)),
                username=username,
                name=name or f"{username} team",
                protected=protected,
                tokens=tokens,
            )
            self.accounts[account.id] = account
            self.posts[account.id] = []
            return account

    def account(self, username: str) -> Account:
        return next(a for a in self.accounts.values() if a.username.lower() == username.lower())

    def add_post(
        self,
        username: str,
        text: str,
        *,
        reply_to: str | None = None,
        repost_of: str | None = None,
        media_alt: str | None = None,
        created_at: datetime | None = None,
    ) -> dict:
        with self._lock:
            account = self.account(username)
            self._next_id += random.randint(1, 999) * 4096
            post_id = str(self._next_id)
            text, entities = with_entities(text)
            post: dict[str, Any] = {
                "id": post_id,
                "text": text,
                "author_id": account.id,
                "edit_history_tweet_ids": [post_id],
                "created_at": iso(created_at or datetime.now(UTC)),
                "public_metrics": {
                    "retweet_count": 0,
                    "reply_count": 0,
                    "like_count": 0,
                    "quote_count": 0,
                    "bookmark_count": 0,
                    "impression_count": 0,
                },
            }
            if entities:
                post["entities"] = entities
            refs = ([{"type": "replied_to", "id": reply_to}] if reply_to else []) + (
                [{"type": "retweeted", "id": repost_of}] if repost_of else []
            )
            if refs:
                post["referenced_tweets"] = refs
            if media_alt is not None:
                key = f"3_{post_id}"
                self.media[key] = {
                    "media_key": key,
                    "type": "photo",
                    "url": f"https://pbs.twimg.com/media/{post_id}.jpg",
                    **({"alt_text": media_alt} if media_alt else {}),
                }
                post["attachments"] = {"media_keys": [key]}
                short = f"https://t.co/m{post_id[-6:]}"
                start = len(post["text"]) + 1
                post["text"] += f" {short}"
                post.setdefault("entities", {}).setdefault("urls", []).append(
                    {
                        "start": start,
                        "end": start + len(short),
                        "url": short,
                        "expanded_url": f"https://x.com/{username}/status/{post_id}/photo/1",
                        "display_url": "pic.x.com/abc",
                        "media_key": key,
                    }
                )
            self.posts[account.id].insert(0, post)
            return post

    def add_posts(self, username: str, count: int) -> list[dict]:
        return [
            self.add_post(username, f"Update {n} from @{username} #SaferNeighbourhoods")
            for n in range(count)
        ]

    def delete_post(self, post_id: str) -> None:
        with self._lock:
            for posts in self.posts.values():
                posts[:] = [p for p in posts if p["id"] != post_id]

    def fail_next(self, count: int, status: int = 503) -> None:
        with self._lock:
            self._failures += [status] * count

    def count(self, method: str = "GET", path_part: str = "") -> int:
        return sum(1 for r in list(self.requests) if r.method == method and path_part in r.path)

    def stats(self) -> dict:
        """What `/_fake/stats` answers (the benchmark runs the fake in its own process)."""
        return {
            "requests": len(self.requests),
            "by_window": {
                f"{family}@{start}": used for (family, start), used in self._used.items()
            },
        }

    # --- serving ---------------------------------------------------------------------------
    def serve(self, port: int = 0) -> str:
        fake = self

        class Bound(Handler):
            x = fake

        self.server = Server(("127.0.0.1", port), Bound)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self.url

    @property
    def url(self) -> str:
        assert self.server is not None, "serve() first"
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    # --- answering --------------------------------------------------------------------------
    def record(self, method: str, path: str, params: dict, headers: dict) -> RequestLog:
        log = RequestLog(method, path, params, headers)
        self.requests.append(log)
        return log

    def answer(self, log: RequestLog, body: dict | None) -> tuple[int, dict, dict]:
        if self.before_answer is not None:
            self.before_answer(log)
        with self._lock:
            family = "post" if log.method == "POST" else log.path.split("/")[2]
            window_start = int(self.clock() // self.window * self.window)
            reset = window_start + self.window
            used = self._used.get((family, window_start), 0) + 1
            self._used[(family, window_start)] = used
            headers = {
                "x-rate-limit-limit": str(self.limit or 10_000),
                "x-rate-limit-remaining": str(max(0, (self.limit or 10_000) - used)),
                "x-rate-limit-reset": str(reset),
            }
            if self.limit is not None and used > self.limit:
                return 429, headers, problem(429, "Too Many Requests")
            if self._failures:
                status = self._failures.pop(0)
                return status, headers, problem(status, "Service Unavailable")
        if log.method == "GET" and not self._authorised_bearer(log):
            return 401, headers, problem(401, "Unauthorized")
        status, payload = self._route(log, body)
        return status, headers, payload

    def _authorised_bearer(self, log: RequestLog) -> bool:
        return log.headers.get("authorization", "") == f"Bearer {self.bearer}"


def seeded(accounts: int, posts: int, **knobs: Any) -> FakeX:
    """`accounts` accounts named team0..teamN, each with `posts` posts."""
    fake = FakeX(**knobs)
    for n in range(accounts):
        fake.add_account(f"team{n}")
        fake.add_posts(f"team{n}", posts)
    return fake


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--accounts", type=int, default=600)
    parser.add_argument("--posts", type=int, default=3)
    parser.add_argument("--latency", type=float, nargs=2, default=(0.1, 0.3))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--bearer", default="bench-bearer")
    args = parser.parse_args()
    fake = seeded(
        args.accounts, args.posts, bearer=args.bearer, latency=tuple(args.latency), limit=args.limit
    )
    fake.serve(args.port)
    print(f"fake X on {fake.url}", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
