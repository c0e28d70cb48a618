"""The concerns the bench seeds (bench/seed.py runs this): N concerns over three years, ids in
time order, Zipf titles and cooked bodies, the product's status mix, busy and quiet
neighbourhoods; each author's follow plus a heavy tail of followers on ten concerns; and the
detail page's worst case (100 officer replies, 10 resident updates).
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, timedelta

from bench.seed_db import copy_rows, full_text_index_built_after, reset_sequence
from bench.seed_text import cook_bodies, vocabulary, zipf_weights

SPAN = timedelta(days=3 * 365)
HOT_FOLLOWERS = [10_000, 5_000, 3_000, 2_000, 1_000, 1_000, 500, 300, 200, 100]
BATCH = 20_000

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
