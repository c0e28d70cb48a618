"""W1: an officer's reply reaching N followers' open sockets, against the thin relay.

The product path, end to end: N sockets on `/ws/concerns/<ref>/` served by uvicorn running
`engage.asgi` (PostgreSQL + Redis, as deployed: websockets-sansio, no permessage-deflate); a
driver process makes officer replies through the real service (`services.reply_to_concern`:
reply row + event row + notifications in one transaction, then after commit the payload is
built and published); the relay of the server process delivers. Latency is commit to receipt:
the driver stamps the time in an `on_commit` callback registered before the service's, the
client stamps each frame on arrival (one clock, one machine).

Baselines, measured in the same run, rounds interleaved, same client, same message size
(the baselines' messages are padded to the product payload's size):
  F1 raw ASGI on uvicorn relaying Redis pub/sub (the thin relay: the targets are ratios to it),
  F0 raw `websockets` in-process broadcast (the floor),
  F2 bare Channels consumer + group on `RedisPubSubChannelLayer` (the framework as shipped).
The baselines' send time is stamped just before PUBLISH / group_send / the control write.

CPU per delivery is the server process tree's utime+stime (procfs) over the measured events
divided by the frames delivered. Lost = expected (socket, event) pairs never received.

Two-process variant (full tier, or --processes 2): the followers spread evenly over two server
processes on one Redis, one client process each, the servers' CPU summed; F1 the same way.

    python -m bench.scenarios.fanout [--tier quick|full] [--rounds 3] [--n 100,1000]
                                     [--processes 1,2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness import Context, Row, cpu_seconds, percentile, rss_kb
from engage.embedded_redis import free_port

NAME = "fanout"
ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/engage_bench_ws"
REDIS_URL = "redis://127.0.0.1:6379/10"
PRODUCT, F1, F0, F2 = "product", "F1", "F0", "F2"
LABELS = {PRODUCT: "engage.asgi (relay in Channels)",
          F1: "F1 thin relay (raw ASGI + Redis pub/sub)",
          F0: "F0 raw websockets broadcast",
          F2: "F2 bare Channels group (pubsub layer)"}
UVICORN = ["-m", "uvicorn", "--host", "127.0.0.1", "--ws", "websockets-sansio", "--lifespan",
           "off", "--no-access-log", "--log-level", "warning", "--backlog", "4096"]
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
        return [line for line in text.splitlines()
                if "Traceback" in line or "ERROR" in line or "Error:" in line]

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 10)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()


def product_env(ctx: Context) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DATABASE_URL=ctx.database_url, REDIS_URL=ctx.redis_url, DEBUG="false",
               SECRET_KEY="bench-only-secret-key-" + "w" * 40, DB_CONN_MAX_AGE="0",
               ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_SETTINGS_MODULE="engage.settings",
               LOG_LEVEL="WARNING", PYTHONUNBUFFERED="1")
    return env


async def start_server(kind: str, ctx: Context, *, deflate: bool = False,
                       channel: str | None = None) -> Server:
    """One server process of `kind` on a free port; `deflate`: accept permessage-deflate;
    `channel`: the baselines' pub/sub channel (shared by the processes of one measurement)."""
    port = free_port()
    channel = channel or f"bench:{kind}:{os.getpid()}:{port}"
    env = product_env(ctx) if kind == PRODUCT else {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.update(BENCH_REDIS_URL=ctx.redis_url, BENCH_CHANNEL=channel,
               WEBSOCKET_ALLOWED_ORIGINS=f"http://127.0.0.1:{port}")  # the exact Origin check
    flags = ["--port", str(port), "--ws-per-message-deflate", "true" if deflate else "false"]
    command = {PRODUCT: [*UVICORN, "engage.asgi:application", *flags],
               F1: [*UVICORN, "bench.baselines.asgi_ws_relay:app", *flags],
               F2: [*UVICORN, "bench.baselines.channels_bare:application", *flags],
               F0: ["-m", "bench.baselines.ws_raw_broadcast", "--port", str(port),
                    *(["--deflate"] if deflate else [])]}[kind]
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    log = ctx.out_dir / f"ws-{kind}-{port}.log"
    process = await asyncio.create_subprocess_exec(
        PYTHON, *command, cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
        stderr=open(log, "wb"))
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
    async def start(cls, port: int, path: str, n: int, *, deflate: bool = False,
                    resume: bool = False, in_flight: int = 200) -> Clients:
        process = await asyncio.create_subprocess_exec(
            PYTHON, "-m", "bench.clients.ws_fanout_client", "--port", str(port), "--path", path,
            "--n", str(n), "--in-flight", str(in_flight), *(["--deflate"] if deflate else []),
            *(["--resume"] if resume else []), cwd=ROOT, stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, limit=PIPE_LIMIT)
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


# --- publishers: each returns (event id, send time) ---------------------------------------------
class ProductDriver:
    """A Django process (this module with --driver) that makes replies through the service."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, ctx: Context) -> ProductDriver:
        process = await asyncio.create_subprocess_exec(
            PYTHON, "-m", "bench.scenarios.fanout", "--driver", cwd=ROOT, env=product_env(ctx),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
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
            from bench.baselines.channels_bare import GROUP, layer_config
            from channels_redis.pubsub import RedisPubSubChannelLayer
            config = layer_config(redis_url=self.ctx.redis_url, prefix=self.server.channel)
            layer = RedisPubSubChannelLayer(**config["CONFIG"])
            self.sender = lambda text: layer.group_send(GROUP, {"type": "bench.event",
                                                               "text": text})
            self._close = layer.flush
        else:
            from websockets.asyncio.client import connect
            control = await connect(f"ws://127.0.0.1:{self.server.port}/control",
                                    compression=None)
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


# --- one measurement ------------------------------------------------------------------------------
def latencies_ms(report: dict, sent: dict[int, float]) -> list[float]:
    return [(received - sent[int(event_id)]) * 1000
            for event_id, times in report["received"].items() for received in times]


def merged(reports: list[dict]) -> dict:
    """One collect report from those of several client processes."""
    received: dict[str, list[float]] = {}
    for report in reports:
        for event_id, times in report["received"].items():
            received.setdefault(event_id, []).extend(times)
    return {"received": received, "duplicates": sum(r["duplicates"] for r in reports)}


async def fanout_once(kind: str, ctx: Context, driver: ProductDriver, *, n: int, events: int,
                      interval: float, size: int, processes: int = 1) -> dict:
    """N followers spread evenly over `processes` server processes on one Redis (one client
    process per server), CPU summed over the servers."""
    channel = f"bench:{kind}:{os.getpid()}:{free_port()}"
    servers: list[Server] = []
    clients: list[Clients] = []
    publisher = None
    try:
        for _ in range(processes):
            servers.append(await start_server(kind, ctx, channel=channel))
        publisher = await publisher_for(servers[0], ctx, driver, size)
        for index, server in enumerate(servers):
            share = n // processes + (index < n % processes)
            clients.append(await Clients.start(server.port, publisher.path, share))

        async def collect(ids: list[int]) -> dict:
            return merged(await asyncio.gather(*(c.ask({"cmd": "collect", "ids": ids,
                                                        "timeout": 60}) for c in clients)))

        warm_id, _ = await publisher.send()  # warms every path; not measured
        await collect([warm_id])
        rss_before = sum(rss_kb(server.pid) for server in servers)
        cpu_before = sum(cpu_seconds(server.pid) for server in servers)
        sent: dict[int, float] = {}
        for _ in range(events):
            event_id, sent_at = await publisher.send()
            sent[event_id] = sent_at
            await asyncio.sleep(interval)
        report = await collect(list(sent))
        cpu = sum(cpu_seconds(server.pid) for server in servers) - cpu_before
        delivered = sum(len(times) for times in report["received"].values())
        latency = latencies_ms(report, sent)
        return {"kind": kind, "n": n, "processes": processes, "events": events,
                "connected": sum(c.ready["ready"] for c in clients),
                "connect_s": max(c.ready["connect_s"] for c in clients), "delivered": delivered,
                "lost": n * events - delivered, "duplicates": report["duplicates"],
                "p50_ms": percentile(latency, 50), "p99_ms": percentile(latency, 99),
                "max_ms": max(latency, default=float("nan")),
                "cpu_us_per_delivery": cpu / max(delivered, 1) * 1e6,
                "rss_kb": rss_before, "server_errors": sum(len(s.errors()) for s in servers),
                "publisher_ms": statistics.median(publisher.publisher_ms[1:])}
    finally:
        for client in clients:
            await client.quit()
        if publisher is not None:
            await publisher.close()
        for server in servers:
            await server.stop()


def plan(ctx: Context, only_n: list[int] | None = None,
         processes: list[int] | None = None) -> list[tuple[int, int, float, int]]:
    """(followers, events per round, seconds between events, server processes)."""
    # Enough deliveries per round that procfs's 10 ms CPU ticks stay small against the total.
    ladder = [(100, 30, 0.2), (1000, 6, 1.0)] if ctx.quick else [
        (100, 50, 0.2), (1000, 10, 1.0), (5000, 6, 3.0)]
    counts = processes or ([1] if ctx.quick else [1, 2])
    steps = [(n, events, interval, count) for count in counts
             for n, events, interval in ladder if count == 1 or n >= 1000]
    return [step for step in steps if not only_n or step[0] in only_n]


async def measure(ctx: Context, only_n: list[int] | None = None,
                  processes: list[int] | None = None) -> list[dict]:
    driver = await ProductDriver.start(ctx)
    results: list[dict] = []
    try:
        size = (await driver.ask({"cmd": "size"}))["size"]
        for n, events, interval, count in plan(ctx, only_n, processes):
            for round_no in range(ctx.rounds):
                # Interleaved: product and F1 every round; F0 and F2 every round in the full
                # tier, in the first round only in the quick one.
                kinds = [PRODUCT, F1] + ([F0, F2] if count == 1 and (
                    not ctx.quick or round_no == 0) else [])
                if round_no % 2:
                    kinds = [F1, PRODUCT] + kinds[2:]
                for kind in kinds:
                    result = await fanout_once(kind, ctx, driver, n=n, events=events,
                                               interval=interval, size=size, processes=count)
                    result.update(round=round_no, size=size)
                    results.append(result)
                    print(f"  fanout {kind:8} N={n:5} x{count} round {round_no}: p50 "
                          f"{result['p50_ms']:.1f} ms p99 {result['p99_ms']:.1f} ms, "
                          f"{result['cpu_us_per_delivery']:.1f} us/delivery, lost "
                          f"{result['lost']}, dup {result['duplicates']}, publisher "
                          f"{result['publisher_ms']:.2f} ms", file=sys.stderr)
    finally:
        await driver.stop()
    (ctx.out_dir / "fanout-raw.json").write_text(json.dumps(results, indent=1))
    return results


# --- rows -----------------------------------------------------------------------------------------
METRICS = [("p50 commit-to-receipt latency", "p50_ms", "ms", 2.0),
           ("p99 commit-to-receipt latency", "p99_ms", "ms", 3.0),
           ("server CPU per delivery", "cpu_us_per_delivery", "us", 2.0)]


def rows(results: list[dict]) -> list[Row]:
    out: list[Row] = []
    for n, count in sorted({(r["n"], r.get("processes", 1)) for r in results}):
        def pick(kind: str, n: int = n, count: int = count) -> dict[int, dict]:
            return {r["round"]: r for r in results if r["n"] == n and r["kind"] == kind
                    and r.get("processes", 1) == count}
        mine = pick(PRODUCT)
        lost = sum(r["lost"] for r in mine.values())
        duplicates = sum(r["duplicates"] for r in mine.values())
        spread = "" if count == 1 else f" over {count} processes"
        for baseline in (F1, F0, F2):
            theirs = pick(baseline)
            rounds = sorted(set(mine) & set(theirs))
            if not rounds:
                continue
            for metric, key, unit, target in METRICS:
                out.append(Row(
                    scenario=f"fan-out {n:,} followers{spread}", metric=metric,
                    baseline=LABELS[baseline],
                    ratios=[mine[i][key] / theirs[i][key] for i in rounds],
                    value=statistics.median(mine[i][key] for i in rounds),
                    baseline_value=statistics.median(theirs[i][key] for i in rounds),
                    unit=unit, target=target if baseline == F1 else None,
                    extra={"lost": lost, "duplicates": duplicates,
                           "baseline_lost": sum(theirs[i]["lost"] for i in rounds),
                           "rounds": len(rounds), "message_bytes": mine[rounds[0]]["size"],
                           "server_errors": sum(r["server_errors"] for r in mine.values())},
                    note="" if lost == 0 else f"{lost} messages lost"))
    return out


def run(ctx: Context) -> list[Row]:
    from bench.clients.ws_fanout_client import raise_fd_limit
    raise_fd_limit()
    return rows(asyncio.run(measure(ctx)))


# --- the product driver (a separate Django process) ------------------------------------------------
def ensure_database(url: str) -> None:
    """Create the bench's PostgreSQL database if it does not exist yet."""
    from urllib.parse import urlparse

    import psycopg
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    with psycopg.connect(host=parsed.hostname, port=parsed.port or 5432,
                         user=parsed.username or "postgres", dbname="postgres",
                         autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                             [name]).fetchone():
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
    from tests.factories import (BoroughFactory, CategoryFactory, ConcernFactory,
                                 NeighbourhoodFactory, OfficerFactory, TeamFactory, UserFactory)
    call_command("migrate", verbosity=0, interactive=False)
    from engage.models import Neighbourhood, Officer, User

    place = Neighbourhood.objects.filter(slug="bench-ws-ward").first()
    if place is None:  # once per database
        team = TeamFactory(name="Bench WS Team", slug="bench-ws-snt",
                           email="bench.ws.snt@example.com", x_handle="BenchWsSNT")
        place = NeighbourhoodFactory(
            name="Bench WS Ward", slug="bench-ws-ward", ward_code="E05999998", team=team,
            borough=BoroughFactory(code="E09999998", name="Bench WS", slug="bench-ws"))
        OfficerFactory(team=team, name_on_badge="Bench Officer",
                       user=UserFactory(email="bench.ws.officer@example.com"))
        UserFactory(email="bench.ws.resident@example.com")
    officer = Officer.objects.get(user__email="bench.ws.officer@example.com")
    resident = User.objects.get(email="bench.ws.resident@example.com")
    category = CategoryFactory(name="Bench WS", slug="bench-ws")

    def new_concern():
        return ConcernFactory(neighbourhood=place, author=resident, category=category,
                              status="published", published_at=timezone.now())

    def reply(ref: str) -> dict:
        from concerns.models import Concern
        concern = Concern.objects.get(ref=ref)
        stamp: dict = {}
        with transaction.atomic():
            # Registered before the service's own callbacks, so it runs first: the commit time.
            transaction.on_commit(lambda: stamp.setdefault("t", time.time()))
            services.reply_to_concern(concern=concern, author=officer.user,
                                      body="We will run speed checks on **Tuesday** morning, "
                                           "and we will tell you here what we found.")
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
            event = (ConcernEvent.objects.select_related("concern__neighbourhood", "reply",
                                                         "update").get(pk=made["id"]))
            answer = {"size": len(json.dumps(event_payload(event)))}
        else:
            made = reply(command["ref"])
            answer = made
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


# --- on its own -------------------------------------------------------------------------------------
def context(args: argparse.Namespace) -> Context:
    out = ROOT / "bench" / "results" / time.strftime("%Y%m%d-%H%M%S")
    return Context(tier=args.tier, database_url=DATABASE_URL, redis_url=REDIS_URL,
                   out_dir=out, rounds=args.rounds)


def print_rows(found: list[Row]) -> None:
    for row in found:
        verdict = {True: "meets", False: "MISSES", None: "reported"}[row.meets]
        target = f" (target <= {row.target}x)" if row.target else ""
        print(f"{row.scenario:28} {row.metric:32} vs {row.baseline:42} "
              f"{row.ratio:6.2f}x ({min(row.ratios):.2f}-{max(row.ratios):.2f}){target} "
              f"[{row.value:.1f} vs {row.baseline_value:.1f} {row.unit}] {verdict}"
              f"{'; ' + row.note if row.note else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--tier", choices=["quick", "full"], default="quick")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n", help="only these follower counts, e.g. 1000,5000")
    parser.add_argument("--processes", help="server processes for the 1,000 and 5,000 rungs, "
                        "e.g. 1,2 (default: 1 in the quick tier, 1 and 2 in the full one)")
    args = parser.parse_args()
    if args.driver:
        driver()
        return
    from bench.clients.ws_fanout_client import raise_fd_limit
    raise_fd_limit()
    ctx = context(args)
    only = [int(n) for n in args.n.split(",")] if args.n else None
    processes = [int(p) for p in args.processes.split(",")] if args.processes else None
    found = rows(asyncio.run(measure(ctx, only, processes)))
    (ctx.out_dir / "fanout.json").write_text(json.dumps([r.as_dict() for r in found], indent=1))
    print_rows(found)


if __name__ == "__main__":
    main()
