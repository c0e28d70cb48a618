"""The HTTP topology, side by side in one run, one process each, rounds interleaved:

* gunicorn sync (WSGI): what docs/deploy.md deploys for HTTP;
* gunicorn gthread (WSGI, 4 threads): the same handler with threads for slow clients;
* uvicorn (ASGI): the product's ASGI application, as `make run` serves everything;
* uvicorn hybrid: one uvicorn process, HTTP through Django's *WSGI* handler on a thread pool
  and WebSockets through the product's ASGI router (`hybrid_application` below), which would
  let one server carry both without ASGI's per-request thread hops;
* and the raw ASGI hello on uvicorn (B-raw), the floor of this machine and client.

For each server: the bare Django view, the list page and the detail page. Rows: each page
against the bare view *on the same server*; each server's CPU per request against gunicorn
sync for the same page; gunicorn's bare view against the raw floor.
"""

from __future__ import annotations

import os

from bench.baselines.django_bare import BARE_PATH
from bench.harness import Context, Row
from bench.load import (
    asgi_hello,
    check_answers,
    drive,
    get,
    gunicorn_gthread,
    gunicorn_sync,
    serving,
    uvicorn_asgi,
    uvicorn_hybrid,
)
from bench.measure import count_queries, cpu_row, interleaved

NAME = "topology"
SERVERS = {
    "gunicorn sync (WSGI)": gunicorn_sync,
    "gunicorn gthread (WSGI)": gunicorn_gthread,
    "uvicorn (ASGI)": uvicorn_asgi,
    "uvicorn hybrid (WSGI HTTP + ASGI ws)": uvicorn_hybrid,
}
REFERENCE = "gunicorn sync (WSGI)"


def hybrid_application():
    """uvicorn --factory: HTTP to Django's WSGI handler (uvicorn's thread-pool WSGI adapter),
    everything else (WebSockets, lifespan) to the product's ASGI application."""
    import warnings

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    from django.core.wsgi import get_wsgi_application

    from engage.asgi import application as product

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # uvicorn suggests a2wsgi instead
        from uvicorn.middleware.wsgi import WSGIMiddleware

        http = WSGIMiddleware(get_wsgi_application(), workers=4)

    async def application(scope, receive, send):
        if scope["type"] == "http":
            return await http(scope, receive, send)
        return await product(scope, receive, send)

    return application


def run(ctx: Context) -> list[Row]:
    from contextlib import ExitStack

    from bench.seed_db import read_marker

    detail = read_marker()["detail_url"]
    # The quick tier keeps the comparison that decides the deployment (WSGI, ASGI, hybrid on
    # the bare view and the list page); the full tier adds gthread and the detail page.
    commands = {
        name: command for name, command in SERVERS.items() if not (ctx.quick and "gthread" in name)
    }
    pages = {"bare view": BARE_PATH, "list page": "/concerns/"}
    if not ctx.quick:
        pages["detail page"] = detail
    queries = {name: count_queries(path) for name, path in pages.items()}
    with ExitStack() as stack:
        hello = stack.enter_context(serving(ctx, "asgi-hello", asgi_hello))
        servers = {
            name: stack.enter_context(serving(ctx, name.split(" (")[0].replace(" ", "-"), command))
            for name, command in commands.items()
        }

        def target(server, path):
            def measure(seconds: float) -> dict:
                result = drive(server, [get(path)], duration=seconds, connections=8)
                check_answers(result, f"{path} on {server.name}")
                return result

            return measure

        targets = {("raw", "hello"): target(hello, "/")}
        for name, server in servers.items():
            for page, path in pages.items():
                targets[(name, page)] = target(server, path)
        results = interleaved(ctx, targets)
    rows = [
        cpu_row(
            "B-dj against B-raw",
            "CPU per request",
            results[(REFERENCE, "bare view")],
            results[("raw", "hello")],
            "raw ASGI hello (uvicorn)",
            note="the Django floor: perf note §5.8 measured 12–22x here",
        )
    ]
    for name in servers:
        for page in [page for page in pages if page != "bare view"]:
            rows.append(
                cpu_row(
                    f"{page} on {name}",
                    "CPU per request",
                    results[(name, page)],
                    results[(name, "bare view")],
                    f"bare view on {name}",
                    extra={"queries": queries[page]},
                )
            )
    for name in servers:
        if name == REFERENCE:
            continue
        for page in pages:
            rows.append(
                cpu_row(
                    f"{page}: {name}",
                    "CPU per request against WSGI",
                    results[(name, page)],
                    results[(REFERENCE, page)],
                    f"{REFERENCE}, same page",
                )
            )
    return rows
