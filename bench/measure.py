"""What the HTTP scenarios share: seconds per tier, rounds interleaved so machine drift hits
baseline and ours alike, medians, the report's rows (CPU per request against a baseline, an
exact figure against its limit) and exact query counts through Django's test client. The
servers and the load client that produce the runs are in bench/load.py.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from bench.harness import Context, Row


def timings(ctx: Context) -> dict:
    """Seconds per measurement and per warm-up: the quick tier fits `make bench` in 10 min."""
    return {"duration": 2.0, "warmup": 0.5} if ctx.quick else {"duration": 8.0, "warmup": 2.0}


def interleaved(ctx: Context, targets: dict[str, Callable[[float], dict]]) -> dict[str, list]:
    """Warm every target once, then ctx.rounds rounds of all of them, the order reversed every
    other round so a drift in the machine's load hits baseline and ours alike."""
    seconds = timings(ctx)
    for run in targets.values():
        run(seconds["warmup"])
    results: dict[str, list] = {name: [] for name in targets}
    for number in range(ctx.rounds):
        order = list(targets) if number % 2 == 0 else list(reversed(targets))
        for name in order:
            results[name].append(targets[name](seconds["duration"]))
    return results


def median_of(results: list[dict], key: str) -> float:
    values = [r[key] for r in results if r.get(key) is not None]
    return statistics.median(values) if values else float("nan")


def cpu_row(
    scenario: str,
    metric: str,
    ours: list[dict],
    base: list[dict],
    baseline: str,
    *,
    target: float | None = None,
    extra: dict | None = None,
    note: str = "",
) -> Row:
    """Server CPU per request, ours ÷ baseline per round; req/s and latency in brackets."""
    ratios = [o["cpu_us_per_op"] / b["cpu_us_per_op"] for o, b in zip(ours, base, strict=False)]
    more = {
        "req/s": median_of(ours, "rps"),
        "p50 ms": median_of(ours, "p50_ms"),
        "p99 ms": median_of(ours, "p99_ms"),
        "DB CPU µs/req": median_of(ours, "db_cpu_us_per_op"),
        **(extra or {}),
    }
    return Row(
        scenario,
        metric,
        baseline,
        ratios,
        value=median_of(ours, "cpu_us_per_op"),
        baseline_value=median_of(base, "cpu_us_per_op"),
        unit="µs CPU/req",
        target=target,
        extra=more,
        note=note,
    )


def limit_row(
    scenario: str, metric: str, value: float, limit: float, unit: str, note: str = ""
) -> Row:
    """An exact figure (queries per request) against its limit: meets when value <= limit."""
    return Row(
        scenario,
        metric,
        f"limit {limit:g} {unit}",
        [value / limit],
        value=value,
        baseline_value=limit,
        unit=unit,
        target=1.0,
        note=note,
    )


def count_queries(
    path: str,
    *,
    method: str = "get",
    user=None,
    data: Callable[[], dict] | None = None,
    expect: int = 200,
) -> int:
    """Exact SQL queries of one request, in this process through Django's test client with the
    bench settings (the same middleware and database), after one warm-up request. `data`
    makes a fresh form per request (a new submission key each time, say)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    if user is not None:
        client.force_login(user)
    call = getattr(client, method)

    def send():
        return call(path, data()) if data is not None else call(path)

    send()
    with CaptureQueriesContext(connection) as captured:
        response = send()
    if response.status_code != expect:
        raise RuntimeError(f"{method.upper()} {path}: {response.status_code}, expected {expect}")
    return len(captured)
