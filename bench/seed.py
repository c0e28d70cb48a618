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
import uuid
from datetime import UTC, datetime, timedelta

from bench.seed_db import (
    MARKER_TABLE,
    copy_rows,
    ensure_database,
    full_text_index_built_after,
    read_marker,
    reset_sequence,
    restore_indexes,
    say,
    write_marker,
)
from bench.seed_text import cook_bodies, vocabulary, zipf_weights

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED_VERSION = 1
RANDOM_SEED = 20261128
SPAN = timedelta(days=3 * 365)
HOT_FOLLOWERS = [10_000, 5_000, 3_000, 2_000, 1_000, 1_000, 500, 300, 200, 100]
BATCH = 20_000
ABSENT_TERM = "quaggamire"


# --- what is seeded ---------------------------------------------------------------------------

REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference(index: int) -> str:
    """A unique, random-looking ref per index: an odd multiplier is a bijection mod 32^6."""
    value = (index * 387_420_489 + 12_345) % 32**6
    chars = []
    for _ in range(6):
        value, digit = divmod(value, 32)
        chars.append(REF_ALPHABET[digit])
    return "C-" + "".join(chars)


STATUS_MIX = [
    ("submitted", 2.0),
    ("returned", 0.3),
    ("rejected", 1.0),
    ("diverted", 0.3),
    ("withdrawn", 0.5),
    ("hidden", 0.2),
    ("published", 20.0),
    ("acknowledged", 10.0),
    ("in_progress", 10.0),
    ("responded", 15.0),
    ("resolved", 25.0),
    ("closed", 15.7),
]
UNPUBLISHED = {"submitted", "returned", "rejected", "diverted", "withdrawn"}
ANSWERED = {"responded", "resolved", "closed"}


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


def concern_rows(n: int, words, weights, bodies, places, residents, categories, rng):
    statuses = [s for s, _ in STATUS_MIX]
    status_weights = [w for _, w in STATUS_MIX]
    place_weights = zipf_weights(len(places), 0.6, 0)
    end = datetime.now(UTC) - timedelta(hours=3)
    step = SPAN / n
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        status_batch = rng.choices(statuses, weights=status_weights, k=size)
        place_batch = rng.choices(places, cum_weights=place_weights, k=size)
        tokens = rng.choices(words, cum_weights=weights, k=size * 9)
        for j in range(size):
            index = start + j + 1
            length = 4 + (index * 7919) % 6
            title_words = tokens[j * 9 : j * 9 + length]
            title = " ".join(title_words).capitalize()
            status = status_batch[j]
            created = end - SPAN + step * index
            published = None if status in UNPUBLISHED else created + timedelta(hours=2)
            body, body_html = bodies[index % len(bodies)]
            answered = status in ANSWERED
            yield {
                "id": index,
                "ref": reference(index),
                "slug": "-".join(title_words).lower()[:70],
                "title": title,
                "body": body,
                "body_html": body_html,
                "category_id": categories[index % len(categories)],
                "neighbourhood_id": place_batch[j],
                "location": "",
                "author_id": residents[(index * 104_729) % len(residents)],
                "show_author_name": index % 3 != 0,
                "status": status,
                "status_before_hidden": "published" if status == "hidden" else "",
                "diverted_to": "101" if status == "diverted" else "",
                "submission_key": uuid.UUID(int=rng.getrandbits(128), version=4),
                "created_at": created,
                "published_at": published,
                "status_changed_at": created,
                "first_reply_at": published + timedelta(hours=20 + index % 90)
                if answered
                else None,
                "reply_due_at": published + timedelta(days=7) if published else None,
                "supporters_count": int(rng.paretovariate(1.6)) - 1,
                "lane": "standard",
                "screening": [],
                "outcome": "",
                "outcome_html": "",
            }


def seed_concerns(n: int, residents: list[int], places: list[int], rng: random.Random) -> None:
    from concerns.models import Category, Concern

    words = vocabulary()
    weights = zipf_weights(len(words))
    bodies = cook_bodies(words, weights, rng)
    categories = list(Category.objects.values_list("pk", flat=True))
    rows = concern_rows(n, words, weights, bodies, places, residents, categories, rng)
    keys = set(
        next(
            concern_rows(1, words, weights, bodies, places, residents, categories, random.Random(0))
        )
    )
    with full_text_index_built_after():
        copy_rows(Concern, rows, keys, n, "concerns")
    reset_sequence(Concern)


def seed_follows(n: int, residents: list[int], rng: random.Random) -> dict:
    """Each author follows their concern; ten recent concerns get 100 to 10,000 followers."""
    from concerns.models import Concern, Follow

    public = list(
        Concern.objects.filter(status="published", pk__gt=n - 50_000)
        .order_by("-pk")
        .values_list("pk", "author_id")[: len(HOT_FOLLOWERS)]
    )
    hot = {pk: count for (pk, _), count in zip(public, HOT_FOLLOWERS, strict=False)}
    hot_authors = dict(public)
    now = datetime.now(UTC)
    total = n + sum(min(c, len(residents) - 1) for c in hot.values())

    def rows():
        pk = 0
        for concern in range(1, n + 1):
            author = residents[(concern * 104_729) % len(residents)]  # as concern_rows
            pk += 1
            yield {
                "id": pk,
                "user_id": author,
                "concern_id": concern,
                "neighbourhood_id": None,
                "tag_id": None,
                "created_at": now,
            }
        for concern, count in hot.items():
            for user in rng.sample(
                [r for r in residents if r != hot_authors[concern]], min(count, len(residents) - 1)
            ):
                pk += 1
                yield {
                    "id": pk,
                    "user_id": user,
                    "concern_id": concern,
                    "neighbourhood_id": None,
                    "tag_id": None,
                    "created_at": now,
                }

    copy_rows(
        Follow,
        rows(),
        {"id", "user_id", "concern_id", "neighbourhood_id", "tag_id", "created_at"},
        total,
        "follows",
    )
    reset_sequence(Follow)
    return {str(pk): count for pk, count in hot.items()}


def seed_detail(concern_pk: int, officers: list[int], residents: list[int]) -> str:
    """The detail page's worst case: 100 officer replies, 10 published resident updates."""
    from concerns.models import Concern, ConcernEvent, Reply, ResidentUpdate, UpdateStatus
    from engage.models import Officer
    from engage.text import render_markdown

    concern = Concern.objects.select_related("neighbourhood").get(pk=concern_pk)
    officer = Officer.objects.select_related("team").get(team_id=concern.neighbourhood.team_id)
    at = concern.published_at
    html = render_markdown("Thank you. We patrolled **twice** this week and will again.")
    replies = Reply.objects.bulk_create(
        [
            Reply(
                concern=concern,
                author_id=officer.user_id,
                badge=officer.badge,
                body="Thank you. We patrolled **twice** this week and will again.",
                body_html=html,
                created_at=at + timedelta(hours=i),
            )
            for i in range(1, 101)
        ]
    )
    updates = ResidentUpdate.objects.bulk_create(
        [
            ResidentUpdate(
                concern=concern,
                author_id=residents[i],
                body="It happened again.",
                body_html="<p>It happened again.</p>",
                status=UpdateStatus.PUBLISHED,
                submission_key=uuid.uuid4(),
                created_at=at + timedelta(hours=i, minutes=30),
                published_at=at + timedelta(hours=i, minutes=40),
            )
            for i in range(1, 11)
        ]
    )
    events = [
        ConcernEvent(
            concern=concern,
            kind="concern.published",
            to_status="published",
            is_public=True,
            created_at=at,
        )
    ]
    events += [
        ConcernEvent(
            concern=concern,
            kind="reply.added",
            reply=r,
            is_public=True,
            actor_id=officer.user_id,
            created_at=r.created_at,
        )
        for r in replies
    ]
    events += [
        ConcernEvent(
            concern=concern,
            kind="update.added",
            update=u,
            is_public=True,
            created_at=u.published_at,
        )
        for u in updates
    ]
    ConcernEvent.objects.bulk_create(events)
    return concern.get_absolute_url()


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
