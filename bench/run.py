"""The benchmark orchestrator: `python -m bench.run [--full] [--only name,...]`.

Checks PostgreSQL and Redis (the bench's own database `engage_bench` and Redis database 9 by
default; BENCH_DATABASE_URL / BENCH_REDIS_URL override; with no Redis answering it starts a
private one), seeds the data once (bench/seed.py, reused while the marker matches), then runs
every scenario module in bench/scenarios/ in turn. Each scenario starts the servers it needs
and stops them by pid. Writes var/bench/<time>.json and .md, prints the table and rewrites
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import shlex
import signal
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

from bench import report
from bench.harness import Context, Row
from bench.load import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, stop_all

VERDICT_WORDS = {None: "", True: "meets", False: "MISSES"}

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"
# Mine first, in the order a reader meets them; any other scenario module after, by name.
PREFERRED_ORDER = ["topology", "http_pages", "posting", "search", "moderation_queue"]
TIERS = {"quick": {"rounds": 3}, "full": {"rounds": 5}}


def say(message: str) -> None:
    print(f"bench: {message}", flush=True)


def discover(only: set[str] | None = None) -> list:
    import bench.scenarios

    modules = []
    for info in pkgutil.iter_modules(bench.scenarios.__path__):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"bench.scenarios.{info.name}")
        except Exception as error:  # noqa: BLE001  one broken module must not stop the rest
            say(f"skipping bench/scenarios/{info.name}.py: it does not import ({error})")
            continue
        if not (hasattr(module, "NAME") and callable(getattr(module, "run", None))):
            continue
        if only and module.NAME not in only and info.name not in only:
            continue
        modules.append(module)
    rank = {name: i for i, name in enumerate(PREFERRED_ORDER)}
    return sorted(modules, key=lambda m: (rank.get(m.__name__.rsplit(".", 1)[1], 99), m.NAME))


def check_postgres(url: str) -> str:
    """The server version; or exit with what to install or start, never a traceback."""
    import psycopg

    from bench.seed_db import postgres_missing

    admin = urlparse(url)._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, connect_timeout=3) as conn:
            return conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.OperationalError as error:
        raise SystemExit(postgres_missing(url, error)) from None


def use_redis(url: str):
    """(url, embedded server or None): the configured Redis if it answers, else a private one
    on a free loopback port (engage.embedded_redis, as `make test` does)."""
    from engage import embedded_redis

    parsed = urlparse(url)
    if embedded_redis.ping(parsed.port or 6379, parsed.hostname or "127.0.0.1"):
        return url, None
    say(f"no Redis answers at {url}; starting a private one for this run")
    server = embedded_redis.start(OUT / "redis")
    return f"{server.url.rsplit('/', 1)[0]}/9", server


def redis_version(url: str) -> str:
    import redis

    try:
        return redis.Redis.from_url(url, socket_timeout=2).info("server")["redis_version"]
    except Exception:  # noqa: BLE001
        return "unknown"


def collect_static(ctx: Context) -> None:
    """The product's manifest storage needs collectstatic before any page renders."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_DATABASE_URL": ctx.database_url,
        "BENCH_REDIS_URL": ctx.redis_url,
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode:
        raise SystemExit(f"bench: collectstatic failed:\n{done.stderr[-2000:]}")


def run_scenarios(ctx: Context, modules: list) -> tuple[list[Row], dict]:
    rows: list[Row] = []
    status: dict[str, dict] = {}
    for number, module in enumerate(modules, 1):
        say(f"[{number}/{len(modules)}] {module.NAME} ...")
        started = time.monotonic()
        try:
            produced = list(module.run(ctx))
        except KeyboardInterrupt:
            raise
        except Exception as error:  # noqa: BLE001  report it, run the others
            (ctx.out_dir / f"{module.NAME}.error.txt").write_text(traceback.format_exc())
            status[module.NAME] = {
                "status": "failed",
                "seconds": time.monotonic() - started,
                "error": f"{type(error).__name__}: {error}"[:300],
            }
            say(
                f"[{number}/{len(modules)}] {module.NAME} FAILED: {error} "
                f"(traceback in {ctx.out_dir / (module.NAME + '.error.txt')})"
            )
            continue
        finally:
            stop_all()
        seconds = time.monotonic() - started
        rows += produced
        status[module.NAME] = {"status": "ok", "seconds": round(seconds, 1), "rows": len(produced)}
        say(f"[{number}/{len(modules)}] {module.NAME}: {len(produced)} rows in {seconds:.0f} s")
        for row in produced:
            say(
                f"    {row.scenario} / {row.metric}: {report.ratio_text(row)} "
                f"{report.absolute_text(row)} {VERDICT_WORDS[row.meets]} target"
            )
    return rows, status


def _terminate(signum, frame):
    raise KeyboardInterrupt  # SIGTERM stops servers exactly as Ctrl-C does


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--full", action="store_true", help="the full tier (5 rounds, longer)")
    parser.add_argument("--only", default="", help="comma-separated scenario names")
    parser.add_argument("--no-doc", action="store_true", help="do not rewrite docs/benchmarks.md")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    tier = "full" if args.full else "quick"
    started_at = datetime.now(UTC)
    stamp = report.stamp(started_at)
    out_dir = OUT / stamp
    database_url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL
    os.environ["BENCH_DATABASE_URL"] = database_url
    host = report.machine()
    pg_version = check_postgres(database_url)
    redis_url, embedded = use_redis(os.environ.get("BENCH_REDIS_URL") or DEFAULT_REDIS_URL)
    os.environ["BENCH_REDIS_URL"] = redis_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = Context(
        tier=tier,
        database_url=database_url,
        redis_url=redis_url,
        out_dir=out_dir,
        rounds=TIERS[tier]["rounds"],
    )
    clock = time.monotonic()
    try:
        from bench.seed import ensure_seeded

        concerns = int(os.environ.get("BENCH_CONCERNS", "1000000"))
        marker = ensure_seeded(concerns)
        collect_static(ctx)
        only = {name.strip() for name in args.only.split(",") if name.strip()} or None
        modules = discover(only)
        if not modules:
            raise SystemExit(f"bench: no scenario matches --only {args.only}")
        say(
            f"{tier} tier, {ctx.rounds} rounds, {len(modules)} scenarios: "
            + ", ".join(m.NAME for m in modules)
        )
        rows, status = run_scenarios(ctx, modules)
    except KeyboardInterrupt:
        say("interrupted: servers stopped, nothing written")
        return 130
    finally:
        stop_all()
        if embedded:
            embedded.stop()
    host["load_after"] = os.getloadavg()
    command = "python -m bench.run" + (" " + " ".join(shlex.quote(a) for a in argv) if argv else "")
    meta = {
        "started": started_at.isoformat(timespec="seconds"),
        "tier": tier,
        "rounds": ctx.rounds,
        "command": command,
        "seconds": time.monotonic() - clock,
        "machine": host,
        "seed": marker,
        "versions": report.versions({"PostgreSQL": pg_version, "Redis": redis_version(redis_url)}),
    }
    report.write_record(
        OUT / f"{stamp}.json", report.record(rows=rows, scenarios=status, meta=meta)
    )
    text = report.summary(rows=rows, scenarios=status, meta=meta)
    (OUT / f"{stamp}.md").write_text(text)
    if not args.no_doc:
        report.write_doc(DOC, text)
    print("\n" + text)
    say(
        f"wrote var/bench/{stamp}.json and .md" + ("" if args.no_doc else " and docs/benchmarks.md")
    )
    return 0 if all(info["status"] == "ok" for info in status.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
