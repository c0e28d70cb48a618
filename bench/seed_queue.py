"""Seed the moderation queue for bench/scenarios/moderation_queue.py, on top of bench.seed's
concerns."""

from __future__ import annotations

import random
from datetime import timedelta

from bench.seed import RANDOM_SEED
from bench.seed_db import copy_rows, read_marker, reset_sequence, say, write_marker

QUEUE_LANES = [("urgent", 0.5), ("safeguarding", 1.0), ("personal_data", 5.0), ("standard", 93.5)]


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
        cursor.execute(
            f"TRUNCATE {QueueItem._meta.db_table}, {LaneCount._meta.db_table} "
            "RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            "SELECT id, neighbourhood_id, created_at FROM concerns_concern ORDER BY id LIMIT %s",
            [items],
        )
        concerns = cursor.fetchall()
    rng = random.Random(RANDOM_SEED + 1)
    lanes = rng.choices(
        [lane for lane, _ in QUEUE_LANES],
        weights=[weight for _, weight in QUEUE_LANES],
        k=len(concerns),
    )
    minutes = settings.MODERATION_DEADLINE_MINUTES

    def rows():
        for (pk, place, created), lane in zip(concerns, lanes, strict=False):
            yield {
                "id": pk,
                "kind": "concern",
                "concern_id": pk,
                "update_id": None,
                "appeal_id": None,
                "neighbourhood_id": place,
                "lane": lane,
                "lane_rank": lane_rank(lane),
                "created_at": created,
                "deadline": created + timedelta(minutes=minutes.get(lane, 24 * 60)),
                "state": "pending",
            }

    copy_rows(
        QueueItem,
        rows(),
        {
            "id",
            "kind",
            "concern_id",
            "update_id",
            "appeal_id",
            "neighbourhood_id",
            "lane",
            "lane_rank",
            "created_at",
            "deadline",
            "state",
        },
        len(concerns),
        "queue items",
    )
    reset_sequence(QueueItem)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {LaneCount._meta.db_table} (neighbourhood_id, lane, pending) "
            f"SELECT neighbourhood_id, lane, count(*) FROM {QueueItem._meta.db_table} "
            "GROUP BY neighbourhood_id, lane"
        )
        cursor.execute(f"VACUUM (ANALYZE) {QueueItem._meta.db_table}")
    marker["queue_items"] = len(concerns)
    marker.pop("queue_cursors", None)
    write_marker(marker)
    return marker
