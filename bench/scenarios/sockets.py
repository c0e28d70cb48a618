"""W2 memory per socket and W3 reconnect storm, against the thin relay (F1).

Memory: the server process tree's RSS (procfs) after N sockets have connected, less its RSS
after one warm-up socket, divided by N; with and without permessage-deflate offered by the
client (browsers offer it). Servers run as deployed (`--ws-per-message-deflate false`); one
more pair runs with uvicorn's default (deflate accepted) to show what that setting saves.

Reconnect storm: N sockets connected, all dropped at once (TCP reset) and all reconnected at
once (no limit on handshakes in flight), each sending the last id it saw; one event is
published before the drop, three while the sockets are away or coming back, one after. Counted:
handshake failures and server errors (0 expected), seconds until every socket was upgraded
again (each is subscribed by then: the product registers with the relay before it accepts),
and events missed after the resync (0 expected for the product; F1 has no resume, so it
misses what was published while its sockets were away).

    python -m bench.scenarios.sockets [--tier quick|full] [--rounds 3] [--only memory|storm]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys

from bench.harness import Context, Row, rss_kb
from bench.scenarios._ws_publishers import ProductDriver, publisher_for
from bench.scenarios._ws_servers import F0, F1, LABELS, PRODUCT, Clients, start_server
from bench.scenarios.fanout import context, print_rows

NAME = "sockets"


async def memory_once(
    kind: str, ctx: Context, driver: ProductDriver, *, n: int, offered: bool, accepted: bool
) -> dict:
    server = await start_server(kind, ctx, deflate=accepted)
    publisher = await publisher_for(server, ctx, driver, 200)
    try:
        warm = await Clients.start(server.port, publisher.path, 1, deflate=offered)
        await asyncio.sleep(0.5)
        before = rss_kb(server.pid)
        clients = await Clients.start(server.port, publisher.path, n, deflate=offered)
        await asyncio.sleep(1.0)
        after = rss_kb(server.pid)
        await clients.quit()
        await warm.quit()
        return {
            "kind": kind,
            "n": n,
            "offered": offered,
            "accepted": accepted,
            "kb_per_socket": (after - before) / n,
            "connect_s": clients.ready["connect_s"],
            "failures": clients.ready["failures"],
            "server_errors": len(server.errors()),
        }
    finally:
        await publisher.close()
        await server.stop()


async def storm_once(kind: str, ctx: Context, driver: ProductDriver, *, n: int) -> dict:
    server = await start_server(kind, ctx)
    publisher = await publisher_for(server, ctx, driver, 700)
    clients = await Clients.start(server.port, publisher.path, n, resume=kind == PRODUCT)
    try:
        ids = [(await publisher.send())[0]]
        await clients.ask({"cmd": "collect", "ids": ids, "timeout": 60})
        storm = asyncio.ensure_future(clients.ask({"cmd": "storm"}))
        for _ in range(3):  # while the sockets are away, then coming back
            await asyncio.sleep(0.05)
            ids.append((await publisher.send())[0])
        stormed = await storm
        ids.append((await publisher.send())[0])
        report = await clients.ask({"cmd": "collect", "ids": ids, "timeout": 30})
        return {
            "kind": kind,
            "n": n,
            "resubscribed_s": stormed["resubscribed_s"],
            "failures": clients.ready["failures"] + stormed["failures"],
            "errors_sample": stormed["errors"],
            "missed": report["missing"],
            "duplicates": report["duplicates"],
            "server_errors": len(server.errors()),
        }
    finally:
        await clients.quit()
        await publisher.close()
        await server.stop()


MEMORY_CASES = [  # (offered by the client, accepted by the server)
    (False, False),
    (True, False),
    (True, True),
]


async def measure(ctx: Context, only: str | None = None) -> list[dict]:
    n = 1000 if ctx.quick else 5000
    driver = await ProductDriver.start(ctx)
    results: list[dict] = []
    try:
        for round_no in range(ctx.rounds):
            for offered, accepted in MEMORY_CASES if only != "storm" else ():
                kinds = [PRODUCT, F1] if round_no % 2 == 0 else [F1, PRODUCT]
                if round_no == 0 and not accepted:
                    kinds.append(F0)
                for kind in kinds:
                    result = await memory_once(
                        kind, ctx, driver, n=n, offered=offered, accepted=accepted
                    )
                    results.append({**result, "round": round_no, "test": "memory"})
                    print(
                        f"  memory {kind:8} N={n} offered={offered} accepted={accepted}: "
                        f"{result['kb_per_socket']:.1f} KB/socket",
                        file=sys.stderr,
                    )
            for kind in (
                ([PRODUCT, F1] if round_no % 2 == 0 else [F1, PRODUCT]) if only != "memory" else ()
            ):
                result = await storm_once(kind, ctx, driver, n=1000)
                results.append({**result, "round": round_no, "test": "storm"})
                print(
                    f"  storm  {kind:8} N=1000: resubscribed in "
                    f"{result['resubscribed_s']:.2f} s, failures {result['failures']}, "
                    f"missed {result['missed']}, dup {result['duplicates']}, server errors "
                    f"{result['server_errors']}",
                    file=sys.stderr,
                )
    finally:
        await driver.stop()
    ctx.out_dir.mkdir(parents=True, exist_ok=True)
    (ctx.out_dir / "sockets-raw.json").write_text(json.dumps(results, indent=1))
    return results


def _pairs(results: list[dict], test: str, baseline: str, **match) -> tuple[dict, dict]:
    def pick(kind: str) -> dict:
        return {
            r["round"]: r
            for r in results
            if r["test"] == test
            and r["kind"] == kind
            and all(r.get(k) == v for k, v in match.items())
        }

    return pick(PRODUCT), pick(baseline)


def rows(results: list[dict]) -> list[Row]:
    out: list[Row] = []
    for offered, accepted in MEMORY_CASES:
        for baseline in (F1, F0):
            mine, theirs = _pairs(results, "memory", baseline, offered=offered, accepted=accepted)
            rounds = sorted(set(mine) & set(theirs))
            if not rounds:
                continue
            server = "deflate accepted (uvicorn default)" if accepted else "as deployed"
            out.append(
                Row(
                    scenario=f"memory per socket, deflate {'offered' if offered else 'not offered'}"
                    f", {server}",
                    metric="RSS per socket",
                    baseline=LABELS[baseline],
                    ratios=[mine[i]["kb_per_socket"] / theirs[i]["kb_per_socket"] for i in rounds],
                    value=statistics.median(mine[i]["kb_per_socket"] for i in rounds),
                    baseline_value=statistics.median(theirs[i]["kb_per_socket"] for i in rounds),
                    unit="KB",
                    target=2.5 if baseline == F1 and not accepted else None,
                    extra={
                        "sockets": mine[rounds[0]]["n"],
                        "failures": sum(mine[i]["failures"] for i in rounds),
                    },
                )
            )
    mine, theirs = _pairs(results, "storm", F1)
    rounds = sorted(set(mine) & set(theirs))
    if rounds:
        failures = sum(mine[i]["failures"] + mine[i]["server_errors"] for i in rounds)
        missed = sum(mine[i]["missed"] for i in rounds)
        out.append(
            Row(
                scenario="reconnect storm, 1,000 sockets at once",
                metric="time until all resubscribed",
                baseline=LABELS[F1],
                ratios=[mine[i]["resubscribed_s"] / theirs[i]["resubscribed_s"] for i in rounds],
                value=statistics.median(mine[i]["resubscribed_s"] for i in rounds),
                baseline_value=statistics.median(theirs[i]["resubscribed_s"] for i in rounds),
                unit="s",
                extra={
                    "errors": failures,
                    "missed_after_resync": missed,
                    "duplicates": sum(mine[i]["duplicates"] for i in rounds),
                    "baseline_errors": sum(theirs[i]["failures"] for i in rounds),
                    "baseline_missed": sum(theirs[i]["missed"] for i in rounds),
                },
                note=f"{failures} errors, {missed} missed after resync (0 and 0 expected); F1 has "
                f"no resume and missed {sum(theirs[i]['missed'] for i in rounds)}",
            )
        )
    return out


def run(ctx: Context, only: str | None = None) -> list[Row]:
    from bench.clients.ws_fanout_client import raise_fd_limit

    raise_fd_limit()
    return rows(asyncio.run(measure(ctx, only)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=["quick", "full"], default="quick")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", choices=["memory", "storm"], help="one of the two tests")
    args = parser.parse_args()
    ctx = context(args)
    found = run(ctx, args.only)
    (ctx.out_dir / "sockets.json").write_text(json.dumps([r.as_dict() for r in found], indent=1))
    print_rows(found)


if __name__ == "__main__":
    main()
