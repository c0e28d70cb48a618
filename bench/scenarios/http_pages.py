"""H1/H2: the public pages at 1 million concerns, served as deployed (gunicorn, WSGI), each
against the bare Django view (B-dj) in the same server process, rounds interleaved.

Pages: the concern list (first page, and a page 500 pages deep through its keyset cursor), the
busiest neighbourhood's page, and the concern with 100 officer replies and 10 updates.
Queries per request are counted exactly, in process, and held to the issue's limits.
"""

from __future__ import annotations

from bench.baselines.django_bare import BARE_PATH
from bench.harness import Context, Row
from bench.load import check_answers, drive, get, gunicorn_sync, serving
from bench.measure import count_queries, cpu_row, interleaved, limit_row

NAME = "http_pages"
BASELINE = "bare Django view (gunicorn)"
DEEP_PAGES = 500


def deep_cursor(pages: int) -> str:
    """The list's `after` cursor `pages` pages down, walked as a reader would (keyset)."""
    from concerns.selectors import concern_list

    cursor = None
    for _ in range(pages):
        cursor = concern_list(after=cursor).next_cursor
        if cursor is None:
            break
    return cursor or ""


def run(ctx: Context) -> list[Row]:
    from bench.seed_db import read_marker

    marker = read_marker() or {}
    pages = {
        "list page": "/concerns/",
        f"list page {DEEP_PAGES} pages deep": f"/concerns/?after={deep_cursor(DEEP_PAGES)}",
        "neighbourhood page": "/neighbourhoods/{}/".format(
            marker.get("busy_neighbourhood", "bench-ward-1")
        ),
        "detail page (100 replies)": marker["detail_url"],
    }
    queries = {name: count_queries(path) for name, path in pages.items()}
    with serving(ctx, "gunicorn-pages", gunicorn_sync) as server:

        def target(path: str):
            def measure(seconds: float) -> dict:
                result = drive(server, [get(path)], duration=seconds, connections=8)
                check_answers(result, path)
                return result

            return measure

        results = interleaved(
            ctx, {"bare": target(BARE_PATH), **{name: target(path) for name, path in pages.items()}}
        )
    base = results["bare"]
    limits = {
        "list page": (2.5, 2),
        f"list page {DEEP_PAGES} pages deep": (2.5, 2),
        "neighbourhood page": (None, None),
        "detail page (100 replies)": (3.0, 4),
    }
    rows = []
    for name in pages:
        target_ratio, query_limit = limits[name]
        rows.append(
            cpu_row(
                name,
                "CPU per request",
                results[name],
                base,
                BASELINE,
                target=target_ratio,
                extra={"queries": queries[name]},
            )
        )
        if query_limit is not None:
            rows.append(
                limit_row(
                    name, "queries per request (exact)", queries[name], query_limit, "queries"
                )
            )
    return rows
