"""One sync per feed at a time: the lease, claimed by a conditional UPDATE, renewed while a
long sync runs, and checked again in the transaction that records the result."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from social import conf
from social.models import TeamFeed


class LeaseLost(Exception):
    """The lease expired and another sync took the feed: stop asking X, write nothing."""


def lease_seconds() -> int:
    return int(conf.get("X_FEED_LEASE_SECONDS"))


def claim_feed(feed_id: int, *, now: datetime | None = None) -> uuid.UUID | None:
    """Take the feed's lease if nobody holds a live one: the token, or None."""
    claimed = claim(feed_id, now or timezone.now())
    return claimed.lease_token if claimed else None


def claim(feed_id: int, now: datetime) -> TeamFeed | None:
    """Take the lease and read the feed in one statement (UPDATE ... RETURNING): the feed as it
    stands with our lease, or None if someone holds a live lease. Raw SQL because the ORM has
    no UPDATE ... RETURNING; it is the hot path of every sync (one round trip, not two)."""
    opts = TeamFeed._meta
    field = opts.get_field
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in opts.concrete_fields)
    sql = (
        f"UPDATE {quote(opts.db_table)} SET {quote(field('lease_token').column)} = %s, "
        f"{quote(field('lease_expires_at').column)} = %s "
        f"WHERE {quote(opts.pk.column)} = %s AND ({quote(field('lease_expires_at').column)} "
        f"IS NULL OR {quote(field('lease_expires_at').column)} < %s) RETURNING {columns}"
    )
    prep = [
        field("lease_token").get_db_prep_value(uuid.uuid4(), connection),
        field("lease_expires_at").get_db_prep_value(
            now + timedelta(seconds=lease_seconds()), connection
        ),
        feed_id,
        field("lease_expires_at").get_db_prep_value(now, connection),
    ]
    return next(iter(TeamFeed.objects.raw(sql, prep)), None)


@dataclass
class Lease:
    """A held lease, renewed while a long sync runs: before a request, if less than half of it
    is left, it is extended by a conditional UPDATE (still our token). A sync that finds it was
    taken over stops before asking X anything more. Each request is bounded by
    X_TIMEOUT_SECONDS, far below half a lease, so a live sync never loses its lease, and a
    killed one holds the feed for at most X_FEED_LEASE_SECONDS."""

    feed_id: int
    token: uuid.UUID
    expires_at: datetime

    def keep(self) -> None:
        now = timezone.now()
        length = timedelta(seconds=lease_seconds())
        if self.expires_at - now > length / 2:
            return
        if not (
            TeamFeed.objects.filter(pk=self.feed_id, lease_token=self.token).update(
                lease_expires_at=now + length
            )
        ):
            raise LeaseLost("The lease expired and was taken over.")
        self.expires_at = now + length


def release(feed_id: int, token: uuid.UUID) -> None:
    """Give the lease up without recording anything (a sync that found nothing to do)."""
    TeamFeed.objects.filter(pk=feed_id, lease_token=token).update(
        lease_token=None, lease_expires_at=None
    )


def finish(feed: TeamFeed, token: uuid.UUID, changes: dict) -> bool:
    """In the recording transaction, first: release the lease and apply `changes`, if we still
    hold the lease (a conditional UPDATE, which also locks the row until commit). False: the
    lease expired and was taken over, and nothing may be written."""
    return bool(
        TeamFeed.objects.filter(pk=feed.pk, lease_token=token).update(
            lease_token=None, lease_expires_at=None, **changes
        )
    )
