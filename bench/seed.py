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
import json
import os
import random
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone as dt_timezone
from urllib.parse import urlparse

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

SEED_VERSION = 1
MARKER_TABLE = "bench_seed_marker"
RANDOM_SEED = 20261128
SPAN = timedelta(days=3 * 365)
HOT_FOLLOWERS = [10_000, 5_000, 3_000, 2_000, 1_000, 1_000, 500, 300, 200, 100]
BATCH = 20_000
ABSENT_TERM = "quaggamire"

DOMAIN_WORDS = """
speeding parking cars drugs dealing noise night bikes street park youths school
lorries scooters motorbikes theft phones shop station bus late road estate gangs
stolen vans litter graffiti fighting drinking alcohol shouting music party needles
cannabis smell alley garage burglary shed doors windows broken lights corner market
pavement cycling crossing junction traffic racing engines bins fireworks dogs begging
knives threats intimidation harassment scams doorstep callers catalytic converter
weekend morning evening residents children elderly neighbours playground underpass
tunnel bridge canal towpath footpath stairwell lift entrance car-park petrol takeaway
""".split()


def vocabulary() -> list[str]:
    from faker.providers.lorem.en_US import Provider

    words = list(dict.fromkeys(w.replace("-", "") for w in DOMAIN_WORDS))
    tail = [w for w in Provider.word_list if w.isalpha() and len(w) > 3 and w not in words]
    return words + tail


def zipf_weights(n: int, s: float = 1.0, q: float = 2.7) -> list[float]:
    """Cumulative Zipf-Mandelbrot weights 1/(rank+q)^s, the usual fit for word frequencies:
    with this vocabulary the top word is in ~25 % of titles, the last in ~0.1 %."""
    cumulative, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1 / (rank + q) ** s
        cumulative.append(total)
    return cumulative


def say(message: str) -> None:
    print(f"bench.seed: {message}", flush=True)


# --- the database itself ----------------------------------------------------------------------

def ensure_database(url: str) -> None:
    """Create the bench database if PostgreSQL is there and the database is not."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
                say(f"created database {name}")
    except psycopg.OperationalError as error:
        raise SystemExit(postgres_missing(url, error)) from None


def postgres_missing(url: str, error: Exception) -> str:
    return (f"bench: PostgreSQL at {url} is not reachable ({str(error).strip().splitlines()[0]}).\n"
            "The benchmark needs PostgreSQL 15+ on loopback (search, the 1M-row pages).\n"
            "  Debian/Ubuntu: sudo apt-get install postgresql && sudo service postgresql start\n"
            "  then allow the postgres user on 127.0.0.1 (trust or a password in the URL),\n"
            "  or point BENCH_DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/engage_bench "
            "at one you have.")


def read_marker() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, "
                       "value jsonb NOT NULL)")
        cursor.execute(f"SELECT value FROM {MARKER_TABLE} WHERE key = 'seed'")
        row = cursor.fetchone()
    if not row:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def write_marker(value: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('seed', %s) "
                       "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                       [json.dumps(value)])


def model_row_writer(model, generated: dict):
    """Columns of `model` in table order; a field the seed does not generate gets its model
    default, so a column added later by a migration still loads (or fails loudly if it has
    none)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields]
    columns = [f.column for f in fields]
    defaults = {}
    for field in fields:
        if field.attname in generated:
            continue
        value = field.get_default()
        if value is None and not field.null and not field.primary_key:
            raise SystemExit(f"bench.seed: {model.__name__}.{field.name} has no default; "
                             "teach bench/seed.py to fill it")
        defaults[field.attname] = field.get_db_prep_save(value, connection)
    order = [f.attname for f in fields]
    return columns, order, defaults


def copy_rows(model, rows, generated_keys: set[str], total: int, label: str) -> None:
    """COPY an iterable of dicts (attname -> value) into the model's table."""
    from django.db import connection
    from psycopg.types.json import Jsonb
    from tqdm import tqdm

    columns, order, defaults = model_row_writer(model, dict.fromkeys(generated_keys))
    sql = (f'COPY {model._meta.db_table} ({", ".join(columns)}) FROM STDIN')
    json_fields = {f.attname for f in model._meta.concrete_fields
                   if f.get_internal_type() == "JSONField"}
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy, \
            tqdm(total=total, desc=f"bench.seed: {label}", unit=" rows", unit_scale=True,
                 mininterval=2) as bar:
        for done, row in enumerate(rows, 1):
            values = []
            for name in order:
                value = row[name] if name in row else defaults[name]
                if name in json_fields and not hasattr(value, "obj"):
                    value = Jsonb(value)
                values.append(value)
            copy.write_row(values)
            if done % 10_000 == 0:
                bar.update(10_000)
        bar.update(total - bar.n)


def reset_sequence(model) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE((SELECT max(id) FROM {table}), 1))")


# --- what is seeded ---------------------------------------------------------------------------

REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def reference(index: int) -> str:
    """A unique, random-looking ref per index: an odd multiplier is a bijection mod 32^6."""
    value = (index * 387_420_489 + 12_345) % 32 ** 6
    chars = []
    for _ in range(6):
        value, digit = divmod(value, 32)
        chars.append(REF_ALPHABET[digit])
    return "C-" + "".join(chars)


STATUS_MIX = [("submitted", 2.0), ("returned", 0.3), ("rejected", 1.0), ("diverted", 0.3),
              ("withdrawn", 0.5), ("hidden", 0.2), ("published", 20.0), ("acknowledged", 10.0),
              ("in_progress", 10.0), ("responded", 15.0), ("resolved", 25.0), ("closed", 15.7)]
UNPUBLISHED = {"submitted", "returned", "rejected", "diverted", "withdrawn"}
ANSWERED = {"responded", "resolved", "closed"}


def cook_bodies(words: list[str], weights: list[float], rng: random.Random, count: int = 400
                ) -> list[tuple[str, str]]:
    """A few hundred Markdown bodies, cooked once. Their words come from ranks 20-600: the
    top words stay title words (so the frequent term is in a quarter of rows, not all) and the
    tail stays rare (only titles use it)."""
    from engage.text import render_markdown

    head, head_weights = words[20:600], zipf_weights(580)
    bodies = []
    for _ in range(count):
        paragraphs = []
        for _ in range(rng.randint(1, 3)):
            sentences = []
            for _ in range(rng.randint(2, 4)):
                tokens = rng.choices(head, cum_weights=head_weights, k=rng.randint(6, 14))
                sentences.append(" ".join(tokens).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        if rng.random() < 0.3:
            paragraphs[0] = paragraphs[0].replace(" ", " **", 1).replace(".", "**.", 1)
        if rng.random() < 0.2:
            items = rng.choices(head, cum_weights=head_weights, k=3)
            paragraphs.append("\n".join(f"- {item} again" for item in items))
        source = "\n\n".join(paragraphs)
        bodies.append((source, render_markdown(source)))
    return bodies


def seed_places(rng: random.Random) -> tuple[list[int], list[int]]:
    from engage.models import Borough, Neighbourhood, Officer, Team, User

    boroughs = Borough.objects.bulk_create(
        [Borough(code=f"E09{i:06d}", name=f"Bench Borough {i}", slug=f"bench-borough-{i}")
         for i in range(1, 34)])
    teams = Team.objects.bulk_create(
        [Team(name=f"Bench Ward {i} Safer Neighbourhood Team", slug=f"bench-ward-{i}-snt",
              x_handle=f"BenchWard{i}") for i in range(1, 601)])
    places = Neighbourhood.objects.bulk_create(
        [Neighbourhood(ward_code=f"E05{i:06d}", name=f"Bench Ward {i}", slug=f"bench-ward-{i}",
                       borough=boroughs[i % len(boroughs)], team=teams[i - 1])
         for i in range(1, 601)])
    now = datetime.now(dt_timezone.utc)
    officers = User.objects.bulk_create(
        [User(email=f"officer{i}@bench.example", display_name=f"Officer {i}",
              password="!", email_verified_at=now) for i in range(1, 601)])
    Officer.objects.bulk_create(
        [Officer(user=user, team=team, name_on_badge=f"Bench Officer {i}", verified_at=now)
         for i, (user, team) in enumerate(zip(officers, teams, strict=False), 1)])
    return [p.pk for p in places], [u.pk for u in officers]


def seed_residents(count: int) -> list[int]:
    from engage.models import User

    now = datetime.now(dt_timezone.utc)
    start = (User.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = list(range(start, start + count))

    def rows():
        for pk in ids:
            yield {"id": pk, "email": f"resident{pk}@bench.example",
                   "display_name": f"Resident {pk}", "password": "!", "email_verified_at": now,
                   "email_preference": "never", "is_active": True, "is_staff": False,
                   "is_superuser": False, "date_joined": now - SPAN, "last_login": None}

    copy_rows(User, rows(), {"id", "email", "display_name", "password", "email_verified_at",
                             "email_preference", "is_active", "is_staff", "is_superuser",
                             "date_joined", "last_login"}, count, "residents")
    reset_sequence(User)
    return ids


def concern_rows(n: int, words, weights, bodies, places, residents, categories, rng):
    statuses = [s for s, _ in STATUS_MIX]
    status_weights = [w for _, w in STATUS_MIX]
    place_weights = zipf_weights(len(places), 0.6, 0)
    end = datetime.now(dt_timezone.utc) - timedelta(hours=3)
    step = SPAN / n
    for start in range(0, n, BATCH):
        size = min(BATCH, n - start)
        status_batch = rng.choices(statuses, weights=status_weights, k=size)
        place_batch = rng.choices(places, cum_weights=place_weights, k=size)
        tokens = rng.choices(words, cum_weights=weights, k=size * 9)
        for j in range(size):
            index = start + j + 1
            length = 4 + (index * 7919) % 6
            title_words = tokens[j * 9: j * 9 + length]
            title = " ".join(title_words).capitalize()
            status = status_batch[j]
            created = end - SPAN + step * index
            published = None if status in UNPUBLISHED else created + timedelta(hours=2)
            body, body_html = bodies[index % len(bodies)]
            answered = status in ANSWERED
            yield {
                "id": index, "ref": reference(index), "slug": "-".join(title_words).lower()[:70],
                "title": title, "body": body, "body_html": body_html,
                "category_id": categories[index % len(categories)],
                "neighbourhood_id": place_batch[j], "location": "",
                "author_id": residents[(index * 104_729) % len(residents)],
                "show_author_name": index % 3 != 0, "status": status,
                "status_before_hidden": "published" if status == "hidden" else "",
                "diverted_to": "101" if status == "diverted" else "",
                "submission_key": uuid.UUID(int=rng.getrandbits(128), version=4),
                "created_at": created, "published_at": published, "status_changed_at": created,
                "first_reply_at": published + timedelta(hours=20 + index % 90)
                if answered else None,
                "reply_due_at": published + timedelta(days=7) if published else None,
                "supporters_count": int(rng.paretovariate(1.6)) - 1, "lane": "standard",
                "screening": [], "outcome": "", "outcome_html": ""}


def seed_concerns(n: int, residents: list[int], places: list[int], rng: random.Random) -> None:
    from concerns.models import Category, Concern

    words = vocabulary()
    weights = zipf_weights(len(words))
    bodies = cook_bodies(words, weights, rng)
    categories = list(Category.objects.values_list("pk", flat=True))
    rows = concern_rows(n, words, weights, bodies, places, residents, categories, rng)
    keys = set(next(concern_rows(1, words, weights, bodies, places, residents, categories,
                                 random.Random(0))))
    with full_text_index_built_after():
        copy_rows(Concern, rows, keys, n, "concerns")
    reset_sequence(Concern)


FULL_TEXT_INDEX = "concern_search_gin"


def restore_indexes() -> None:
    """Put back any index an interrupted load dropped (its definition waits in the marker)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, value FROM {MARKER_TABLE} WHERE key LIKE 'index:%%'")
        for key, definition in cursor.fetchall():
            definition = json.loads(definition) if isinstance(definition, str) else definition
            say(f"building {key.removeprefix('index:')} (bulk load)")
            cursor.execute(definition.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            cursor.execute(f"DELETE FROM {MARKER_TABLE} WHERE key = %s", [key])


def full_text_index_built_after():
    """Loading a million rows into a table with its GIN index kept up to date took over half
    the seed; building the index once afterwards is faster. The definition is kept in the
    marker table first, so an interrupted load gets its index back on the next run."""
    from contextlib import contextmanager

    from django.db import connection

    @contextmanager
    def dropped():
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s",
                           [FULL_TEXT_INDEX])
            found = cursor.fetchone()
            if found:
                cursor.execute(f"INSERT INTO {MARKER_TABLE} (key, value) VALUES (%s, %s) "
                               "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                               [f"index:{FULL_TEXT_INDEX}", json.dumps(found[0])])
                cursor.execute(f"DROP INDEX {FULL_TEXT_INDEX}")
        yield
        restore_indexes()
    return dropped()


def seed_follows(n: int, residents: list[int], rng: random.Random) -> dict:
    """Each author follows their concern; ten recent concerns get 100 to 10,000 followers."""
    from concerns.models import Concern, Follow

    public = list(Concern.objects.filter(status="published", pk__gt=n - 50_000)
                  .order_by("-pk").values_list("pk", "author_id")[:len(HOT_FOLLOWERS)])
    hot = {pk: count for (pk, _), count in zip(public, HOT_FOLLOWERS, strict=False)}
    hot_authors = dict(public)
    now = datetime.now(dt_timezone.utc)
    total = n + sum(min(c, len(residents) - 1) for c in hot.values())

    def rows():
        pk = 0
        for concern in range(1, n + 1):
            author = residents[(concern * 104_729) % len(residents)]  # as concern_rows
            pk += 1
            yield {"id": pk, "user_id": author, "concern_id": concern, "neighbourhood_id": None,
                   "tag_id": None, "created_at": now}
        for concern, count in hot.items():
            for user in rng.sample([r for r in residents if r != hot_authors[concern]],
                                   min(count, len(residents) - 1)):
                pk += 1
                yield {"id": pk, "user_id": user, "concern_id": concern, "neighbourhood_id": None,
                       "tag_id": None, "created_at": now}

    copy_rows(Follow, rows(), {"id", "user_id", "concern_id", "neighbourhood_id", "tag_id",
                               "created_at"}, total, "follows")
    reset_sequence(Follow)
    return {str(pk): count for pk, count in hot.items()}


def seed_detail(concern_pk: int, officers: list[int], residents: list[int]) -> str:
    """The detail page's worst case: 100 officer replies, 10 published resident updates."""
    from concerns.models import (Concern, ConcernEvent, Reply, ResidentUpdate,
                                 UpdateStatus)
    from engage.models import Officer
    from engage.text import render_markdown

    concern = Concern.objects.select_related("neighbourhood").get(pk=concern_pk)
    officer = Officer.objects.select_related("team").get(team_id=concern.neighbourhood.team_id)
    at = concern.published_at
    html = render_markdown("Thank you. We patrolled **twice** this week and will again.")
    replies = Reply.objects.bulk_create(
        [Reply(concern=concern, author_id=officer.user_id, badge=officer.badge,
               body="Thank you. We patrolled **twice** this week and will again.",
               body_html=html, created_at=at + timedelta(hours=i)) for i in range(1, 101)])
    updates = ResidentUpdate.objects.bulk_create(
        [ResidentUpdate(concern=concern, author_id=residents[i], body="It happened again.",
                        body_html="<p>It happened again.</p>", status=UpdateStatus.PUBLISHED,
                        submission_key=uuid.uuid4(), created_at=at + timedelta(hours=i, minutes=30),
                        published_at=at + timedelta(hours=i, minutes=40))
         for i in range(1, 11)])
    events = [ConcernEvent(concern=concern, kind="concern.published", to_status="published",
                           is_public=True, created_at=at)]
    events += [ConcernEvent(concern=concern, kind="reply.added", reply=r, is_public=True,
                            actor_id=officer.user_id, created_at=r.created_at) for r in replies]
    events += [ConcernEvent(concern=concern, kind="update.added", update=u, is_public=True,
                            created_at=u.published_at) for u in updates]
    ConcernEvent.objects.bulk_create(events)
    return concern.get_absolute_url()


def match_count(term: str) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM concerns_concern WHERE search_vector @@ "
                       "plainto_tsquery('english', %s)", [term])
        return cursor.fetchone()[0]


def choose_terms() -> dict:
    """Frequent (the head of the vocabulary), rare (a tail word with 100-1,500 matches),
    absent (a word the vocabulary never uses); counted by PostgreSQL, not assumed."""
    words = vocabulary()
    frequent = words[0]
    rare = next((w for w in reversed(words) if 100 <= match_count(w) <= 1_500), words[-1])
    return {"frequent": {"term": frequent, "matches": match_count(frequent)},
            "rare": {"term": rare, "matches": match_count(rare)},
            "absent": {"term": ABSENT_TERM, "matches": match_count(ABSENT_TERM)},
            "two_words": {"term": f"{words[1]} {words[2]}",
                          "matches": match_count(f"{words[1]} {words[2]}")}}


SEEDED_TABLES = ["concerns_concern", "engage_neighbourhood", "engage_team", "engage_borough",
                 "engage_user"]


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
    marker = {"version": SEED_VERSION, "concerns": n, "residents": residents_count,
              "neighbourhoods": len(places), "hot_followers": hot, "detail_url": detail_url,
              "busy_neighbourhood": "bench-ward-1", "terms": choose_terms(),
              "seconds": round(time.monotonic() - started, 1),
              "seeded_at": datetime.now(dt_timezone.utc).isoformat(timespec="seconds")}
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
    if not force and marker and marker.get("version") == SEED_VERSION \
            and marker.get("concerns") == n:
        say(f"{settings.DATABASES['default']['NAME']} already holds {n:,} seeded concerns "
            f"(seeded {marker['seeded_at']}); nothing to do")
        return marker
    say(f"seeding {n:,} concerns into {settings.DATABASES['default']['NAME']}")
    marker = seed(n, residents)
    say(f"done in {marker['seconds']:.0f} s; search terms: "
        + ", ".join(f"{k} '{v['term']}' ({v['matches']:,})" for k, v in marker["terms"].items()))
    return marker


# --- the moderation queue (bench/scenarios/moderation_queue.py) -----------------------------

QUEUE_LANES = [("urgent", 0.5), ("safeguarding", 1.0), ("personal_data", 5.0),
               ("standard", 93.5)]


def ensure_queue_seeded(items: int) -> dict:
    """`items` pending queue items, one per concern (the queue's own uniqueness rule), with a
    realistic lane mix, deadlines from each lane's limit, and the lane tally the page reads.
    Kept in the marker like the concerns; loaded again only when the count differs."""
    from django.conf import settings
    from django.db import connection

    from moderation.lanes import lane_rank
    from moderation.models import LaneCount, QueueItem

    marker = read_marker() or {}
    if marker.get("queue_items") == items:
        say(f"the moderation queue already holds {items:,} pending items; nothing to do")
        return marker
    say(f"seeding {items:,} pending moderation queue items")
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {QueueItem._meta.db_table}, {LaneCount._meta.db_table} "
                       "RESTART IDENTITY CASCADE")
        cursor.execute("SELECT id, neighbourhood_id, created_at FROM concerns_concern "
                       "ORDER BY id LIMIT %s", [items])
        concerns = cursor.fetchall()
    rng = random.Random(RANDOM_SEED + 1)
    lanes = rng.choices([lane for lane, _ in QUEUE_LANES],
                        weights=[weight for _, weight in QUEUE_LANES], k=len(concerns))
    minutes = settings.MODERATION_DEADLINE_MINUTES

    def rows():
        for (pk, place, created), lane in zip(concerns, lanes, strict=False):
            yield {"id": pk, "kind": "concern", "concern_id": pk, "update_id": None,
                   "appeal_id": None, "neighbourhood_id": place, "lane": lane,
                   "lane_rank": lane_rank(lane), "created_at": created,
                   "deadline": created + timedelta(minutes=minutes.get(lane, 24 * 60)),
                   "state": "pending"}

    copy_rows(QueueItem, rows(), {"id", "kind", "concern_id", "update_id", "appeal_id",
                                  "neighbourhood_id", "lane", "lane_rank", "created_at",
                                  "deadline", "state"}, len(concerns), "queue items")
    reset_sequence(QueueItem)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {LaneCount._meta.db_table} (neighbourhood_id, lane, pending) "
                       f"SELECT neighbourhood_id, lane, count(*) FROM {QueueItem._meta.db_table} "
                       "GROUP BY neighbourhood_id, lane")
        cursor.execute(f"VACUUM (ANALYZE) {QueueItem._meta.db_table}")
    marker["queue_items"] = len(concerns)
    marker.pop("queue_cursors", None)
    write_marker(marker)
    return marker


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.seed", description=__doc__.split("\n")[0])
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
