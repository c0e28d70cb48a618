"""H5: search at 1 million concerns, through the real page (/concerns/search/?q=...), served as
deployed (gunicorn): a frequent term (in about a quarter of all rows), a rare one (hundreds of
rows), an absent one, and two frequent words together; the seed picks them by asking
PostgreSQL how many rows each matches.

Latency is measured with one connection (sequential: service time, not queueing), since the
work is mostly PostgreSQL's, which the server's own CPU does not show. Rows: worst term ÷ median
term (p50 latency, per round), each term's p99 against 50 ms, and CPU per request (server and
its PostgreSQL backend) against the bare view.
"""

from __future__ import annotations

import statistics
import time
import urllib.parse

from bench.baselines.django_bare import BARE_PATH
from bench.harness import Context, Row
from bench.load import check_answers, drive, get, gunicorn_sync, serving
from bench.measure import cpu_row, interleaved, median_of

NAME = "search"
P99_LIMIT_MS = 50.0


def selector_ms(term: str, repeat: int = 5) -> float:
    """The search selector alone, in process (ORM + PostgreSQL, no HTTP, no template)."""
    from concerns.selectors import search_concerns

    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        search_concerns(term)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(ctx: Context) -> list[Row]:
    from bench.seed_db import read_marker

    terms = {kind: info["term"] for kind, info in (read_marker() or {})["terms"].items()}
    matches = {kind: info["matches"] for kind, info in read_marker()["terms"].items()}
    paths = {
        kind: "/concerns/search/?" + urllib.parse.urlencode({"q": term})
        for kind, term in terms.items()
    }
    selector = {kind: selector_ms(term) for kind, term in terms.items()}
    with serving(ctx, "gunicorn-search", gunicorn_sync) as server:

        def target(path: str, connections: int = 1):
            def measure(seconds: float) -> dict:
                result = drive(server, [get(path)], duration=seconds, connections=connections)
                check_answers(result, path)
                return result

            return measure

        results = interleaved(
            ctx, {"bare": target(BARE_PATH), **{kind: target(path) for kind, path in paths.items()}}
        )
    kinds = list(terms)
    worst_over_median = []
    for number in range(ctx.rounds):
        p50s = [results[kind][number]["p50_ms"] for kind in kinds]
        worst_over_median.append(max(p50s) / statistics.median(p50s))
    p50 = {kind: median_of(results[kind], "p50_ms") for kind in kinds}
    worst = max(kinds, key=p50.get)
    rows = [
        Row(
            "search at 1M rows",
            "worst term ÷ median term (p50 latency)",
            "median term, same engine",
            worst_over_median,
            value=p50[worst],
            baseline_value=statistics.median(p50.values()),
            unit="ms p50",
            target=5.0,
            extra={"worst": f"{worst} '{terms[worst]}'"},
        )
    ]
    for kind in kinds:
        p99 = [r["p99_ms"] for r in results[kind]]
        rows.append(
            Row(
                f"search '{terms[kind]}' ({kind}, {matches[kind]:,} matches)",
                "p99 latency",
                f"{P99_LIMIT_MS:g} ms limit",
                [value / P99_LIMIT_MS for value in p99],
                value=statistics.median(p99),
                baseline_value=P99_LIMIT_MS,
                unit="ms",
                target=1.0,
                extra={
                    "p50 ms": p50[kind],
                    "selector ms": selector[kind],
                    "DB CPU µs/req": median_of(results[kind], "db_cpu_us_per_op"),
                },
            )
        )
    median_kind = sorted(kinds, key=p50.get)[len(kinds) // 2]
    rows.append(
        cpu_row(
            f"search '{terms[median_kind]}' ({median_kind})",
            "CPU per request",
            results[median_kind],
            results["bare"],
            "bare Django view (gunicorn)",
            note="server process only: the search's own cost is mostly in "
            "PostgreSQL (DB CPU µs/req)",
        )
    )
    return rows
