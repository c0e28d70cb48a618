"""600 team feeds synced from the fake X (100-300 ms per answer) by real Celery workers.

Per round: a cold cycle (every feed resolves its user, then reads its timeline: 1,200 requests)
and a warm cycle (one since_id page each: 600 requests, which must insert 0 rows), each started
by the real dispatcher task and timed until every feed has its SyncRun; then the baseline
(bench/baselines/x_asyncio_loop.py) makes the same requests with the same number in flight.
The fake X counts what it received: the request budget (X_REQUEST_BUDGET) must never be
exceeded. Starts the fake X, two Celery worker processes (threads pool) and migrates
ctx.database_url (PostgreSQL); stops them all by pid.

BENCH_FEEDS_DB_REUSE_MAX=N runs the workers with CELERY_DB_REUSE_MAX=N on top of
engage.settings (a settings module written to the run's folder): Celery's Django fixup
otherwise closes the database connection after every task, and each sync opens a new one.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psycopg
import redis
from celery import Celery

from bench.baselines.x_asyncio_loop import run_cycle
from bench.harness import Context, Row

NAME = "feeds"
ROOT = Path(__file__).resolve().parents[2]
FEEDS, POSTS = 600, 3
WORKERS, THREADS = 2, 32  # 64 requests in flight, for us and for the baseline
BUDGET = 2000  # per window; a round needs 1,800
BEARER = "bench-bearer"
TARGET = 1.5


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(ctx: Context, fake_url: str) -> dict:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="engage.settings",
        DATABASE_URL=ctx.database_url,
        REDIS_URL=ctx.redis_url,
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-" + "k" * 50),
        X_BEARER_TOKEN=BEARER,
        X_API_BASE_URL=fake_url,
        X_REQUEST_BUDGET=str(BUDGET),
        X_FEED_MAX_PER_TICK=str(FEEDS),
        X_FEED_SPREAD_SECONDS="0",
        X_FEED_POLL_SECONDS="900",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    reuse = os.environ.get("BENCH_FEEDS_DB_REUSE_MAX")
    if reuse:
        (ctx.out_dir / "feeds_worker_settings.py").write_text(
            f"from engage.settings import *  # noqa: F403\nCELERY_DB_REUSE_MAX = {int(reuse)}\n"
        )
        env.update(
            DJANGO_SETTINGS_MODULE="feeds_worker_settings",
            PYTHONPATH=os.pathsep.join([str(ctx.out_dir), str(ROOT)]),
        )
    return env


def _wait_http(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def _stats(fake_url: str) -> dict:
    return json.loads(urllib.request.urlopen(f"{fake_url}/_fake/stats", timeout=5).read())


def _setup_rows(db: psycopg.Connection) -> None:
    """600 teams with a feed each (following team0..team599 on the fake X)."""
    db.execute(
        """
        INSERT INTO engage_team (name, slug, email, phone, x_handle, replies_need_signoff)
        SELECT 'Bench ' || n || ' SNT', 'bench-' || n, '', '', 'team' || n, false
        FROM generate_series(0, %s - 1) AS n ON CONFLICT (slug) DO NOTHING""",
        [FEEDS],
    )
    db.execute("""
        INSERT INTO social_teamfeed (team_id, username, x_user_id, resolved_username, enabled,
            include_reposts, due_at, status, status_reason, status_changed_at, failures,
            access_token_encrypted, access_secret_encrypted)
        SELECT id, x_handle, '', '', true, false, now(), 'pending', '', now(), 0, '', ''
        FROM engage_team WHERE slug LIKE 'bench-%%' ON CONFLICT (team_id) DO NOTHING""")
    # Only the bench's feeds take part.
    db.execute("UPDATE social_teamfeed SET enabled = (username ~ '^team[0-9]+$')")


def _reset(db: psycopg.Connection, broker: redis.Redis, *, cold: bool) -> None:
    if cold:
        db.execute("DELETE FROM social_teampost")
        db.execute(
            "UPDATE social_teamfeed SET cursor = NULL, x_user_id = '', "
            "resolved_username = '', status = 'pending', last_synced_at = NULL"
        )
    db.execute("DELETE FROM social_syncrun")
    db.execute(
        "UPDATE social_teamfeed SET due_at = now(), lease_token = NULL, "
        "lease_expires_at = NULL, next_request_at = NULL"
    )
    for key in broker.scan_iter("*social:x-requests:*"):
        broker.delete(key)


def _cycle(db: psycopg.Connection, app: Celery, timeout: float = 120) -> float:
    started = time.perf_counter()
    app.send_task("social.dispatch_feed_syncs")
    deadline = time.monotonic() + timeout
    while db.execute("SELECT count(*) FROM social_syncrun").fetchone()[0] < FEEDS:
        if time.monotonic() > deadline:
            raise RuntimeError("a sync cycle did not finish in time")
        time.sleep(0.02)
    return time.perf_counter() - started


def _work(db: psycopg.Connection, *, cold: bool) -> list:
    rows = db.execute(
        "SELECT username, x_user_id, cursor FROM social_teamfeed WHERE enabled ORDER BY id"
    ).fetchall()
    return [
        (name, None if cold else uid, None if cold else str(cursor)) for name, uid, cursor in rows
    ]


def run(ctx: Context) -> list[Row]:
    port = _free_port()
    fake_url = f"http://127.0.0.1:{port}"
    env = _env(ctx, fake_url)
    started: list[subprocess.Popen] = []
    log = open(ctx.out_dir / "feeds.log", "w")
    try:
        started.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "engage.demo.x_api_fake",
                    "--port",
                    str(port),
                    "--accounts",
                    str(FEEDS),
                    "--posts",
                    str(POSTS),
                    "--latency",
                    "0.1",
                    "0.3",
                    "--bearer",
                    BEARER,
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
        _wait_http(f"{fake_url}/_fake/stats")
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        for n in range(WORKERS):
            started.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "celery",
                        "-A",
                        "engage",
                        "worker",
                        "-P",
                        "threads",
                        "-c",
                        str(THREADS),
                        "-n",
                        f"bench-feeds-{n}@%h",
                        "--without-gossip",
                        "--without-mingle",
                        "--without-heartbeat",
                        "-l",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
            )
        return _measure(ctx, fake_url)
    finally:
        for process in reversed(started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in started:
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def _measure(ctx: Context, fake_url: str) -> list[Row]:
    broker = redis.Redis.from_url(ctx.redis_url)
    app = Celery(broker=ctx.redis_url)
    cold, warm, cold_base, warm_base, inserted, per_round = [], [], [], [], [], []
    with psycopg.connect(ctx.database_url, autocommit=True) as db:
        _setup_rows(db)
        _reset(db, broker, cold=True)
        _cycle(db, app)  # warm-up: workers' first connections and imports
        for _ in range(ctx.rounds):
            _reset(db, broker, cold=True)
            before = _stats(fake_url)["requests"]
            cold.append(_cycle(db, app))
            ours = _stats(fake_url)["requests"] - before
            seconds, _ = run_cycle(fake_url, BEARER, _work(db, cold=True), WORKERS * THREADS)
            cold_base.append(seconds)
            posts = db.execute("SELECT count(*) FROM social_teampost").fetchone()[0]
            _reset(db, broker, cold=False)
            before = _stats(fake_url)["requests"]
            warm.append(_cycle(db, app))
            per_round.append(ours + _stats(fake_url)["requests"] - before)
            inserted.append(
                db.execute("SELECT count(*) FROM social_teampost").fetchone()[0] - posts
            )
            warm_base.append(
                run_cycle(fake_url, BEARER, _work(db, cold=False), WORKERS * THREADS)[0]
            )
    ours_max = max(per_round)
    extra = {
        "feeds": FEEDS,
        "in_flight": WORKERS * THREADS,
        "budget_per_window": BUDGET,
        "celery_db_reuse_max": os.environ.get("BENCH_FEEDS_DB_REUSE_MAX") or None,
        "our_requests_per_round_max": ours_max,
        "budget_exceeded": ours_max > BUDGET,
        "warm_cycle_rows_inserted": inserted,
    }
    assert ours_max <= BUDGET, f"request budget exceeded: {ours_max} > {BUDGET}"
    assert inserted == [0] * ctx.rounds, f"a warm cycle inserted rows: {inserted}"
    return [
        _row("cold cycle (lookup + timeline, 1,200 requests)", cold, cold_base, extra),
        _row("warm cycle (since_id, 600 requests, 0 inserts)", warm, warm_base, extra),
    ]


def _row(scenario: str, ours: list[float], base: list[float], extra: dict) -> Row:
    import statistics

    return Row(
        scenario=f"600 X feeds: {scenario}",
        metric="wall time of one cycle",
        baseline="bare asyncio HTTP loop, same requests, same in flight",
        ratios=[a / b for a, b in zip(ours, base, strict=True)],
        value=statistics.median(ours),
        baseline_value=statistics.median(base),
        unit="s",
        target=TARGET,
        extra=extra,
    )


def main() -> None:
    """`python -m bench.scenarios.feeds [--rounds 3]`: this scenario alone, on DATABASE_URL and
    REDIS_URL (defaults: the issue's engage_social and Redis 7), printing each row."""
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ctx = Context(
        tier="quick",
        rounds=args.rounds,
        database_url=os.environ.get(
            "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/engage_social"
        ),
        redis_url=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/7"),
        out_dir=Path(tempfile.mkdtemp(prefix="bench-feeds-")),
    )
    for row in run(ctx):
        data = row.as_dict()
        print(
            f"{data['scenario']}: {data['ratio']:.2f}x ({data['ratio_min']:.2f}-"
            f"{data['ratio_max']:.2f}); ours {data['value']:.2f} s, baseline "
            f"{data['baseline_value']:.2f} s; {json.dumps(data['extra'])}",
            flush=True,
        )


if __name__ == "__main__":
    main()
