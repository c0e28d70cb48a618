"""Baseline for the feeds scenario: a bare asyncio HTTP/1.1 loop making the same X requests
as one sync cycle (a user lookup then a timeline page per feed on a cold cycle; one timeline
page with since_id on a warm one), with the same number of requests in flight as the workers
have threads, each on its own keep-alive connection. No Django, no Celery, no database, no
tweepy: the floor that latency and concurrency allow."""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlencode, urlparse

FIELDS = {
    "max_results": 100,
    "exclude": "retweets,replies",
    "tweet.fields": "created_at,entities,public_metrics,attachments,referenced_tweets,author_id",
    "expansions": "attachments.media_keys,author_id",
    "media.fields": "type,url,preview_image_url,alt_text",
    "user.fields": "username,name,protected",
}


class Connection:
    def __init__(self, host: str, port: int, bearer: str) -> None:
        self.host, self.port, self.bearer = host, port, bearer
        self.reader = self.writer = None

    async def get(self, path: str) -> dict:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(
            (
                f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Authorization: Bearer {self.bearer}\r\n\r\n"
            ).encode()
        )
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        return json.loads(await self.reader.readexactly(length))

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _cycle(
    base_url: str, bearer: str, work: list[tuple[str, str | None, str | None]], concurrency: int
) -> int:
    """work: (username, user id or None to look it up, since_id or None). Returns requests."""
    url = urlparse(base_url)
    queue: asyncio.Queue = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    made = 0

    async def worker() -> None:
        nonlocal made
        connection = Connection(url.hostname, url.port, bearer)
        try:
            while not queue.empty():
                username, user_id, since = queue.get_nowait()
                if user_id is None:
                    user = await connection.get(
                        f"/2/users/by/username/{username}?user.fields=username,name,protected"
                    )
                    user_id, made = user["data"]["id"], made + 1
                params = dict(FIELDS, **({"since_id": since} if since else {}))
                await connection.get(f"/2/users/{user_id}/tweets?{urlencode(params)}")
                made += 1
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return made


def run_cycle(base_url: str, bearer: str, work: list, concurrency: int) -> tuple[float, int]:
    """Wall seconds and requests made for one cycle."""
    started = time.perf_counter()
    made = asyncio.run(_cycle(base_url, bearer, work, concurrency))
    return time.perf_counter() - started, made
