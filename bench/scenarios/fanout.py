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

from bench.harness import Context, Row, cpu_seconds, percentile, rss_kb
from bench.scenarios._ws_publishers import ProductDriver, publisher_for
from bench.scenarios._ws_servers import (
    F0,
    F1,
    F2,
    LABELS,
    PRODUCT,
    ROOT,
    Clients,
    Server,
    start_server,
)
from engage.embedded_redis import free_port

NAME = "fanout"
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/engage_bench_ws"
REDIS_URL = "redis://127.0.0.1:6379/10"


# --- one measurement ------------------------------------------------------------------------------
def latencies_ms(report: dict, sent: dict[int, float]) -> list[float]:
    return [
        (received - sent[int(event_id)]) * 1000
        for event_id, times in report["received"].items()
        for received in times
    ]


def merged(reports: list[dict]) -> dict:
    """One collect report from those of several client processes."""
    received: dict[str, list[float]] = {}
    for report in reports:
        for event_id, times in report["received"].items():
            received.setdefault(event_id, []).extend(times)
    return {"received": received, "duplicates": sum(r["duplicates"] for r in reports)}


async def fanout_once(
    kind: str,
    ctx: Context,
    driver: ProductDriver,
    *,
    n: int,
    events: int,
    interval: float,
    size: int,
    processes: int = 1,
) -> dict:
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
            return merged(
                await asyncio.gather(
                    *(c.ask({"cmd": "collect", "ids": ids, "timeout": 60}) for c in clients)
                )
            )

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
        return {
            "kind": kind,
            "n": n,
            "processes": processes,
            "events": events,
            "connected": sum(c.ready["ready"] for c in clients),
            "connect_s": max(c.ready["connect_s"] for c in clients),
            "delivered": delivered,
            "lost": n * events - delivered,
            "duplicates": report["duplicates"],
            "p50_ms": percentile(latency, 50),
            "p99_ms": percentile(latency, 99),
            "max_ms": max(latency, default=float("nan")),
            "cpu_us_per_delivery": cpu / max(delivered, 1) * 1e6,
            "rss_kb": rss_before,
            "server_errors": sum(len(s.errors()) for s in servers),
            "publisher_ms": statistics.median(publisher.publisher_ms[1:]),
        }
    finally:
        for client in clients:
            await client.quit()
        if publisher is not None:
            await publisher.close()
        for server in servers:
            await server.stop()


def plan(
    ctx: Context, only_n: list[int] | None = None, processes: list[int] | None = None
) -> list[tuple[int, int, float, int]]:
    """(followers, events per round, seconds between events, server processes)."""
    # Enough deliveries per round that procfs's 10 ms CPU ticks stay small against the total.
    ladder = (
        [(100, 30, 0.2), (1000, 6, 1.0)]
        if ctx.quick
        else [(100, 50, 0.2), (1000, 10, 1.0), (5000, 6, 3.0)]
    )
    counts = processes or ([1] if ctx.quick else [1, 2])
    steps = [
        (n, events, interval, count)
        for count in counts
        for n, events, interval in ladder
        if count == 1 or n >= 1000
    ]
    return [step for step in steps if not only_n or step[0] in only_n]


async def measure(
    ctx: Context, only_n: list[int] | None = None, processes: list[int] | None = None
) -> list[dict]:
    driver = await ProductDriver.start(ctx)
    results: list[dict] = []
    try:
        size = (await driver.ask({"cmd": "size"}))["size"]
        for n, events, interval, count in plan(ctx, only_n, processes):
            for round_no in range(ctx.rounds):
                # Interleaved: product and F1 every round; F0 and F2 every round in the full
                # tier, in the first round only in the quick one.
                kinds = [PRODUCT, F1] + (
                    [F0, F2] if count == 1 and (not ctx.quick or round_no == 0) else []
                )
                if round_no % 2:
                    kinds = [F1, PRODUCT] + kinds[2:]
                for kind in kinds:
                    result = await fanout_once(
                        kind,
                        ctx,
                        driver,
                        n=n,
                        events=events,
                        interval=interval,
                        size=size,
                        processes=count,
                    )
                    result.update(round=round_no, size=size)
                    results.append(result)
                    print(
                        f"  fanout {kind:8} N={n:5} x{count} round {round_no}: p50 "
                        f"{result['p50_ms']:.1f} ms p99 {result['p99_ms']:.1f} ms, "
                        f"{result['cpu_us_per_delivery']:.1f} us/delivery, lost "
                        f"{result['lost']}, dup {result['duplicates']}, publisher "
                        f"{result['publisher_ms']:.2f} ms",
                        file=sys.stderr,
                    )
    finally:
        await driver.stop()
    (ctx.out_dir / "fanout-raw.json").write_text(json.dumps(results, indent=1))
    return results


# --- rows -----------------------------------------------------------------------------------------
METRICS = [
    ("p50 commit-to-receipt latency", "p50_ms", "ms", 2.0),
    ("p99 commit-to-receipt latency", "p99_ms", "ms", 3.0),
    ("server CPU per delivery", "cpu_us_per_delivery", "us", 2.0),
]


def rows(results: list[dict]) -> list[Row]:
    out: list[Row] = []
    for n, count in sorted({(r["n"], r.get("processes", 1)) for r in results}):

        def pick(kind: str, n: int = n, count: int = count) -> dict[int, dict]:
            return {
                r["round"]: r
                for r in results
                if r["n"] == n and r["kind"] == kind and r.get("processes", 1) == count
            }

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
                out.append(
                    Row(
                        scenario=f"fan-out {n:,} followers{spread}",
                        metric=metric,
                        baseline=LABELS[baseline],
                        ratios=[mine[i][key] / theirs[i][key] for i in rounds],
                        value=statistics.median(mine[i][key] for i in rounds),
                        baseline_value=statistics.median(theirs[i][key] for i in rounds),
                        unit=unit,
                        target=target if baseline == F1 else None,
                        extra={
                            "lost": lost,
                            "duplicates": duplicates,
                            "baseline_lost": sum(theirs[i]["lost"] for i in rounds),
                            "rounds": len(rounds),
                            "message_bytes": mine[rounds[0]]["size"],
                            "server_errors": sum(r["server_errors"] for r in mine.values()),
                        },
                        note="" if lost == 0 else f"{lost} messages lost",
                    )
                )
    return out


def run(ctx: Context) -> list[Row]:
    from bench.clients.ws_fanout_client import raise_fd_limit

    raise_fd_limit()
    return rows(asyncio.run(measure(ctx)))


# --- on its own -----------------------------------------------------------------------------------
def context(args: argparse.Namespace) -> Context:
    out = ROOT / "bench" / "results" / time.strftime("%Y%m%d-%H%M%S")
    return Context(
        tier=args.tier,
        database_url=DATABASE_URL,
        redis_url=REDIS_URL,
        out_dir=out,
        rounds=args.rounds,
    )


def print_rows(found: list[Row]) -> None:
    for row in found:
        verdict = {True: "meets", False: "MISSES", None: "reported"}[row.meets]
        target = f" (target <= {row.target}x)" if row.target else ""
        print(
            f"{row.scenario:28} {row.metric:32} vs {row.baseline:42} "
            f"{row.ratio:6.2f}x ({min(row.ratios):.2f}-{max(row.ratios):.2f}){target} "
            f"[{row.value:.1f} vs {row.baseline_value:.1f} {row.unit}] {verdict}"
            f"{'; ' + row.note if row.note else ''}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=["quick", "full"], default="quick")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--n", help="only these follower counts, e.g. 1000,5000")
    parser.add_argument(
        "--processes",
        help="server processes for the 1,000 and 5,000 rungs, "
        "e.g. 1,2 (default: 1 in the quick tier, 1 and 2 in the full one)",
    )
    args = parser.parse_args()
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
