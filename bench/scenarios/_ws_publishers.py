"""What the socket scenarios publish with: the product driver (a Django process making
officer replies through the real service: `python -m bench.scenarios._ws_publishers`) and the
baselines' publishers. Not a scenario itself (bench.run skips modules whose names start with
"_")."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

from bench.harness import Context
from bench.scenarios._ws_servers import F1, F2, PRODUCT, PYTHON, ROOT, Server, product_env


# --- publishers: each returns (event id, send time) -----------------------------------------------
class ProductDriver:
    """A Django process (this module, run on its own) that makes replies through the service."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, ctx: Context) -> ProductDriver:
        process = await asyncio.create_subprocess_exec(
            PYTHON,
            "-m",
            "bench.scenarios._ws_publishers",
            cwd=ROOT,
            env=product_env(ctx),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        driver = cls(process)
        await driver.ask({"cmd": "ping"}, timeout=300)  # migrated and seeded
        return driver

    async def ask(self, command: dict, timeout: float = 60) -> dict:
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError("the product driver exited; see its stderr above")
        return json.loads(line)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.stdin.close()
            await asyncio.wait_for(self.process.wait(), 30)


class ProductPublisher:
    def __init__(self, driver: ProductDriver, ref: str) -> None:
        self.driver, self.ref = driver, ref
        self.publisher_ms: list[float] = []

    @property
    def path(self) -> str:
        return f"/ws/concerns/{self.ref}/"

    async def send(self) -> tuple[int, float]:
        answer = await self.driver.ask({"cmd": "reply", "ref": self.ref})
        self.publisher_ms.append(answer["publisher_ms"])
        return answer["id"], answer["t"]

    async def close(self) -> None:
        pass


class BaselinePublisher:
    """Messages shaped like the product's (`"id": <seq>` first, padded to the same size)."""

    path = "/ws/bench/"

    def __init__(self, server: Server, ctx: Context, size: int) -> None:
        self.server, self.ctx, self.size, self.seq = server, ctx, size, 0
        self.sender = None
        self.publisher_ms: list[float] = []

    def message(self) -> str:
        self.seq += 1
        head = json.dumps({"type": "reply.added", "id": self.seq, "pad": ""})
        return head[:-2] + "x" * max(0, self.size - len(head)) + '"}'

    async def open(self) -> BaselinePublisher:
        kind = self.server.kind
        if kind == F1:
            import redis.asyncio as aioredis

            client = aioredis.Redis.from_url(self.ctx.redis_url)
            self.sender = lambda text: client.publish(self.server.channel, text)
            self._close = client.aclose
        elif kind == F2:
            from channels_redis.pubsub import RedisPubSubChannelLayer

            from bench.baselines.channels_bare import GROUP, layer_config

            config = layer_config(redis_url=self.ctx.redis_url, prefix=self.server.channel)
            layer = RedisPubSubChannelLayer(**config["CONFIG"])
            self.sender = lambda text: layer.group_send(
                GROUP, {"type": "bench.event", "text": text}
            )
            self._close = layer.flush
        else:
            from websockets.asyncio.client import connect

            control = await connect(f"ws://127.0.0.1:{self.server.port}/control", compression=None)
            self.sender = control.send
            self._close = control.close
        return self

    async def send(self) -> tuple[int, float]:
        text = self.message()
        sent_at = time.time()
        await self.sender(text)
        self.publisher_ms.append((time.time() - sent_at) * 1e3)
        return self.seq, sent_at

    async def close(self) -> None:
        await self._close()


async def publisher_for(server: Server, ctx: Context, driver: ProductDriver, size: int):
    if server.kind == PRODUCT:
        return ProductPublisher(driver, (await driver.ask({"cmd": "concern"}))["ref"])
    return await BaselinePublisher(server, ctx, size).open()


# --- the product driver (a separate Django process) -----------------------------------------------
def ensure_database(url: str) -> None:
    """Create the bench's PostgreSQL database if it does not exist yet."""
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def driver() -> None:
    """Reads one JSON command per line on stdin, answers one per line on stdout."""
    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from concerns import services
    from concerns.live import event_payload
    from concerns.models import ConcernEvent
    from tests.factories import (
        BoroughFactory,
        CategoryFactory,
        ConcernFactory,
        NeighbourhoodFactory,
        OfficerFactory,
        TeamFactory,
        UserFactory,
    )

    call_command("migrate", verbosity=0, interactive=False)
    from engage.models import Neighbourhood, Officer, User

    place = Neighbourhood.objects.filter(slug="bench-ws-ward").first()
    if place is None:  # once per database
        team = TeamFactory(
            name="Bench WS Team",
            slug="bench-ws-snt",
            email="bench.ws.snt@example.com",
            x_handle="BenchWsSNT",
        )
        place = NeighbourhoodFactory(
            name="Bench WS Ward",
            slug="bench-ws-ward",
            ward_code="E05999998",
            team=team,
            borough=BoroughFactory(code="E09999998", name="Bench WS", slug="bench-ws"),
        )
        OfficerFactory(
            team=team,
            name_on_badge="Bench Officer",
            user=UserFactory(email="bench.ws.officer@example.com"),
        )
        UserFactory(email="bench.ws.resident@example.com")
    officer = Officer.objects.get(user__email="bench.ws.officer@example.com")
    resident = User.objects.get(email="bench.ws.resident@example.com")
    category = CategoryFactory(name="Bench WS", slug="bench-ws")

    def new_concern():
        return ConcernFactory(
            neighbourhood=place,
            author=resident,
            category=category,
            status="published",
            published_at=timezone.now(),
        )

    def reply(ref: str) -> dict:
        from concerns.models import Concern

        concern = Concern.objects.get(ref=ref)
        stamp: dict = {}
        with transaction.atomic():
            # Registered before the service's own callbacks, so it runs first: the commit time.
            transaction.on_commit(lambda: stamp.setdefault("t", time.time()))
            services.reply_to_concern(
                concern=concern,
                author=officer.user,
                body="We will run speed checks on **Tuesday** morning, "
                "and we will tell you here what we found.",
            )
            # After the service's callbacks: what publishing cost the request, after commit.
            transaction.on_commit(lambda: stamp.setdefault("done", time.time()))
        event = ConcernEvent.objects.filter(concern=concern).latest("pk")
        return {"id": event.pk, "t": stamp["t"], "publisher_ms": (stamp["done"] - stamp["t"]) * 1e3}

    for line in sys.stdin:
        command = json.loads(line)
        if command["cmd"] == "ping":
            answer = {"ok": True}
        elif command["cmd"] == "concern":
            answer = {"ref": new_concern().ref}
        elif command["cmd"] == "size":
            made = reply(new_concern().ref)
            event = ConcernEvent.objects.select_related(
                "concern__neighbourhood", "reply", "update"
            ).get(pk=made["id"])
            answer = {"size": len(json.dumps(event_payload(event)))}
        else:
            made = reply(command["ref"])
            answer = made
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    driver()
