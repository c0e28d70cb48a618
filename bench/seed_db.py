"""The bench database's plumbing: creating it, the marker table that records what was seeded,
COPY into a model's table, sequences, and the full-text index dropped around a bulk load."""

from __future__ import annotations

import json
from urllib.parse import urlparse

MARKER_TABLE = "bench_seed_marker"


def say(message: str) -> None:
    print(f"bench.seed: {message}", flush=True)


def ensure_database(url: str) -> None:
    """Create the bench database if PostgreSQL is there and the database is not."""
    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
                say(f"created database {name}")
    except psycopg.OperationalError as error:
        raise SystemExit(postgres_missing(url, error)) from None


def postgres_missing(url: str, error: Exception) -> str:
    return (
        f"bench: PostgreSQL at {url} is not reachable ({str(error).strip().splitlines()[0]}).\n"
        "The benchmark needs PostgreSQL 15+ on loopback (search, the 1M-row pages).\n"
        "  Debian/Ubuntu: sudo apt-get install postgresql && sudo service postgresql start\n"
        "  then allow the postgres user on 127.0.0.1 (trust or a password in the URL),\n"
        "  or point BENCH_DATABASE_URL=postgres://USER:PASSWORD@127.0.0.1:5432/engage_bench "
        "at one you have."
    )


def read_marker() -> dict | None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (key text PRIMARY KEY, "
            "value jsonb NOT NULL)"
        )
        cursor.execute(f"SELECT value FROM {MARKER_TABLE} WHERE key = 'seed'")
        row = cursor.fetchone()
    if not row:
        return None
    return row[0] if isinstance(row[0], dict) else json.loads(row[0])


def write_marker(value: dict) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (key, value) VALUES ('seed', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(value)],
        )


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
            raise SystemExit(
                f"bench.seed: {model.__name__}.{field.name} has no default; "
                "teach bench/seed.py to fill it"
            )
        defaults[field.attname] = field.get_db_prep_save(value, connection)
    order = [f.attname for f in fields]
    return columns, order, defaults


def copy_rows(model, rows, generated_keys: set[str], total: int, label: str) -> None:
    """COPY an iterable of dicts (attname -> value) into the model's table."""
    from django.db import connection
    from psycopg.types.json import Jsonb
    from tqdm import tqdm

    columns, order, defaults = model_row_writer(model, dict.fromkeys(generated_keys))
    sql = f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN"
    json_fields = {
        f.attname for f in model._meta.concrete_fields if f.get_internal_type() == "JSONField"
    }
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(sql) as copy,
        tqdm(
            total=total, desc=f"bench.seed: {label}", unit=" rows", unit_scale=True, mininterval=2
        ) as bar,
    ):
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
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table}), 1))"
        )


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
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [FULL_TEXT_INDEX]
            )
            found = cursor.fetchone()
            if found:
                cursor.execute(
                    f"INSERT INTO {MARKER_TABLE} (key, value) VALUES (%s, %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                    [f"index:{FULL_TEXT_INDEX}", json.dumps(found[0])],
                )
                cursor.execute(f"DROP INDEX {FULL_TEXT_INDEX}")
        yield
        restore_indexes()

    return dropped()
