"""Seed the bench database: `python -m bench.seed --concerns 1000000`.

What it makes (PostgreSQL COPY; about two minutes for a million concerns on 2 cores):
* 33 boroughs, 600 neighbourhoods each with its team and one verified officer;
* a pool of residents (20,000 by default);
* N concerns over three years, ids in time order, titles drawn from a Zipf vocabulary (a
  domain head, then a long tail of plain English words), bodies from a few hundred cooked
  Markdown bodies (`engage.text.render_markdown`, so body_html is exactly what the product
  stores), the product's status mix (2 % awaiting moderation), busy and quiet neighbourhoods;
* the author's follow of each concern (as `submit_concern` makes it) plus heavy-tailed
  followers: a handful of concerns with 1,000 to 10,000 followers;
* one concern with 100 officer replies and 10 resident updates (the detail page's worst case).
The places and residents are made here; the concerns, follows and detail page in
bench/seed_concerns.py.

Search terms for the benchmark (frequent, rare, absent) are chosen after loading by asking
PostgreSQL how many rows each candidate matches, and stored with the rest in a marker table.
Idempotent: when the marker says this database already holds N concerns of this seed version,
it does nothing; otherwise it empties the seeded tables and loads again.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime

from bench.seed_concerns import HOT_FOLLOWERS, SPAN, seed_concerns, seed_detail, seed_follows
from bench.seed_db import (
    MARKER_TABLE,
    copy_rows,
    ensure_database,
    read_marker,
    reset_sequence,
    restore_indexes,
    say,
    write_marker,
)
from bench.seed_text import vocabulary

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED_VERSION = 1
RANDOM_SEED = 20261128
ABSENT_TERM = "quaggamire"


# --- what is seeded ---------------------------------------------------------------------------


def seed_places(rng: random.Random) -> tuple[list[int], list[int]]:
    from engage.models import Borough, Neighbourhood, Officer, Team, User

    boroughs = Borough.objects.bulk_create(
        [
            Borough(code=f"E09{i:06d}", name=f"Bench Borough {i}", slug=f"bench-borough-{i}")
            for i in range(1, 34)
        ]
    )
    teams = Team.objects.bulk_create(
        [
            Team(
                name=f"Bench Ward {i} Safer Neighbourhood Team",
                slug=f"bench-ward-{i}-snt",
                x_handle=f"BenchWard{i}",
            )
            for i in range(1, 601)
        ]
    )
    places = Neighbourhood.objects.bulk_create(
        [
            Neighbourhood(
                ward_code=f"E05{i:06d}",
                name=f"Bench Ward {i}",
                slug=f"bench-ward-{i}",
                borough=boroughs[i % len(boroughs)],
                team=teams[i - 1],
            )
            for i in range(1, 601)
        ]
    )
    now = datetime.now(UTC)
    officers = User.objects.bulk_create(
        [
            User(
                email=f"officer{i}@bench.example",
                display_name=f"Officer {i}",
                password="!",
                email_verified_at=now,
            )
            for i in range(1, 601)
        ]
    )
    Officer.objects.bulk_create(
        [
            Officer(user=user, team=team, name_on_badge=f"Bench Officer {i}", verified_at=now)
            for i, (user, team) in enumerate(zip(officers, teams, strict=False), 1)
        ]
    )
    return [p.pk for p in places], [u.pk for u in officers]


def seed_residents(count: int) -> list[int]:
    from engage.models import User

    now = datetime.now(UTC)
    start = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = list(range(start, start + count))

    def rows():
        for pk in ids:
            yield {
                "id": pk,
                "email": f"resident{pk}@bench.example",
                "display_name": f"Resident {pk}",
                "password": "!",
                "email_verified_at": now,
                "email_preference": "never",
                "is_active": True,
                "is_staff": False,
                "is_superuser": False,
                "date_joined": now - SPAN,
                "last_login": None,
            }

    copy_rows(
        User,
        rows(),
        {
            "id",
            "email",
            "display_name",
            "password",
            "email_verified_at",
            "email_preference",
            "is_active",
            "is_staff",
            "is_superuser",
            "date_joined",
            "last_login",
        },
        count,
        "residents",
    )
    reset_sequence(User)
    return ids


def match_count(term: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM concerns_concern WHERE search_vector @@ "
            "plainto_tsquery('english', %s)",
            [term],
        )
        return cursor.fetchone()[0]


def choose_terms() -> dict:
    """Frequent (the head of the vocabulary), rare (a tail word with 100-1,500 matches),
    absent (a word the vocabulary never uses); counted by PostgreSQL, not assumed."""
    words = vocabulary()
    frequent = words[0]
    rare = next((w for w in reversed(words) if 100 <= match_count(w) <= 1_500), words[-1])
    return {
        "frequent": {"term": frequent, "matches": match_count(frequent)},
        "rare": {"term": rare, "matches": match_count(rare)},
        "absent": {"term": ABSENT_TERM, "matches": match_count(ABSENT_TERM)},
        "two_words": {
            "term": f"{words[1]} {words[2]}",
            "matches": match_count(f"{words[1]} {words[2]}"),
        },
    }


SEEDED_TABLES = [
    "concerns_concern",
    "engage_neighbourhood",
    "engage_team",
    "engage_borough",
    "engage_user",
]


def empty_seeded_tables() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(SEEDED_TABLES)} RESTART IDENTITY CASCADE")
        cursor.execute(f"DELETE FROM {MARKER_TABLE} WHERE key = 'seed'")


def seed(n: int, residents_count: int) -> dict:
    from django.db import connection

    rng = random.Random(RANDOM_SEED)
    started = time.monotonic()
    with connection.cursor() as cursor:  # bulk loading, this session only
        cursor.execute("SET maintenance_work_mem = '256MB'")
        cursor.execute("SET synchronous_commit = off")
    empty_seeded_tables()
    places, officers = seed_places(rng)
    residents = seed_residents(residents_count)
    seed_concerns(n, residents, places, rng)
    hot = seed_follows(n, residents, rng)
    detail_url = seed_detail(int(next(iter(hot))), officers, residents)
    say("VACUUM ANALYZE (visibility map and planner statistics, as autovacuum would)")
    with connection.cursor() as cursor:
        for table in ("concerns_concern", "concerns_follow", "engage_user"):
            cursor.execute(f"VACUUM (ANALYZE) {table}")
    marker = {
        "version": SEED_VERSION,
        "concerns": n,
        "residents": residents_count,
        "neighbourhoods": len(places),
        "hot_followers": hot,
        "detail_url": detail_url,
        "busy_neighbourhood": "bench-ward-1",
        "terms": choose_terms(),
        "seconds": round(time.monotonic() - started, 1),
        "seeded_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_marker(marker)
    return marker


def ensure_seeded(n: int, residents: int = 20_000, *, force: bool = False) -> dict:
    """The marker of a database holding n concerns: loaded now, or found from an earlier run."""
    import django
    from django.conf import settings
    from django.core.management import call_command

    from bench.load import DEFAULT_DATABASE_URL

    ensure_database(os.environ.get("BENCH_DATABASE_URL") or DEFAULT_DATABASE_URL)
    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    marker = read_marker()
    restore_indexes()
    if (
        not force
        and marker
        and marker.get("version") == SEED_VERSION
        and marker.get("concerns") == n
    ):
        say(
            f"{settings.DATABASES['default']['NAME']} already holds {n:,} seeded concerns "
            f"(seeded {marker['seeded_at']}); nothing to do"
        )
        return marker
    say(f"seeding {n:,} concerns into {settings.DATABASES['default']['NAME']}")
    marker = seed(n, residents)
    say(
        f"done in {marker['seconds']:.0f} s; search terms: "
        + ", ".join(f"{k} '{v['term']}' ({v['matches']:,})" for k, v in marker["terms"].items())
    )
    return marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.seed", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--concerns", type=int, default=1_000_000)
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--force", action="store_true", help="load again even if seeded")
    args = parser.parse_args(argv)
    if args.concerns < 1_000 or args.residents < max(HOT_FOLLOWERS) + 1:
        parser.error(f"--concerns >= 1000 and --residents > {max(HOT_FOLLOWERS)}")
    ensure_seeded(args.concerns, args.residents, force=args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
