"""Recording a sync that got its answer from X: one transaction stores the new posts (unique
per feed), moves the cursor only forward, marks the feed healthy, releases the lease and writes
the SyncRun. The helpers shared with a failed sync (status, identity, history) live here too."""

from __future__ import annotations

import uuid

from django.db import transaction
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.utils import timezone

from engage.text import render_x_post
from social import twitter
from social.models import FeedStatus, SyncKind, SyncOutcome, SyncRun, TeamFeed, TeamPost
from social.services.attempt import Attempt, SyncResult
from social.services.lease import finish
from social.services.stream import stream_team_posts, unstream_team_posts


@transaction.atomic
def record_success(feed: TeamFeed, token: uuid.UUID, attempt: Attempt) -> SyncResult:
    now = timezone.now()
    changes = {
        "last_synced_at": now,
        "failures": 0,
        "next_request_at": attempt.pause_until,
        **forward(max((p.id for p in attempt.posts), default=None)),
        **status(feed, FeedStatus.HEALTHY, ""),
        **identity(feed, attempt),
    }
    if attempt.kind == SyncKind.FULL:
        changes["last_full_refresh_at"] = now
    if not finish(feed, token, changes):
        return SyncResult(SyncOutcome.SKIPPED, detail="The lease expired and was taken over.")
    new_ids = store_posts(feed, attempt.posts)
    removed = remove_deleted(feed, attempt) if attempt.kind == SyncKind.FULL else 0
    history(feed, attempt, SyncOutcome.OK, new=len(new_ids), removed=removed)
    if new_ids:
        transaction.on_commit(stream_team_posts(feed=feed, post_pks=new_ids), robust=True)
    return SyncResult(SyncOutcome.OK, new_posts=len(new_ids), removed_posts=removed)


def forward(newest: int | None) -> dict:
    """The cursor moves to `newest` only if that is newer (evaluated by the database, on the
    locked row, so no concurrent writer can move it back)."""
    if newest is None:
        return {}
    return {
        "cursor": Case(
            When(Q(cursor__isnull=True) | Q(cursor__lt=newest), then=Value(newest)),
            default=F("cursor"),
            output_field=BigIntegerField(),
        )
    }


def store_posts(feed: TeamFeed, posts: list[twitter.Post]) -> list[int]:
    """Insert the posts not stored yet; returns their TeamPost pks, oldest first."""
    ids = {p.id for p in posts}
    known = set(
        TeamPost.objects.filter(feed=feed, post_id__in=ids).values_list("post_id", flat=True)
    )
    fresh = sorted({p.id: p for p in posts if p.id not in known}.values(), key=lambda p: p.id)
    if not fresh:
        return []
    # The lease makes a conflict impossible; the unique constraint is the last word anyway.
    TeamPost.objects.bulk_create([_row(feed, p) for p in fresh], ignore_conflicts=True)
    return list(
        TeamPost.objects.filter(feed=feed, post_id__in=[p.id for p in fresh])
        .order_by("post_id")
        .values_list("pk", flat=True)
    )


def render_post(post: twitter.Post) -> str:
    return render_x_post(post.text, post.entities)  # thread-safe: engage.text, per thread


def _row(feed: TeamFeed, post: twitter.Post) -> TeamPost:
    return TeamPost(
        feed=feed,
        post_id=post.id,
        text=post.text,
        html=render_post(post),
        posted_at=post.created_at,
        is_repost=post.is_repost,
        metrics=post.metrics,
        media=[{"type": m.type, "url": m.url, "alt_text": m.alt_text} for m in post.media],
    )


def remove_deleted(feed: TeamFeed, attempt: Attempt) -> int:
    """Stored posts inside the span X just listed in full, but missing from it, were deleted.
    Older posts are out of X's reach (800 with replies excluded), not deleted: kept."""
    if attempt.oldest_seen is None:
        return 0
    seen = {p.id for p in attempt.posts}
    gone = list(
        TeamPost.objects.filter(feed=feed, post_id__gte=attempt.oldest_seen)
        .exclude(post_id__in=seen)
        .values_list("pk", flat=True)
    )
    if not gone:
        return 0
    unstream_team_posts(post_pks=gone)
    return TeamPost.objects.filter(pk__in=gone).delete()[0]


def identity(feed: TeamFeed, attempt: Attempt) -> dict:
    """The user id as resolved, and the username X reports now: an account renamed on X keeps
    its id, so the new name is taken over without another lookup."""
    author = attempt.author
    if author is None:
        return {}
    changes = {"x_user_id": author.id, "resolved_username": author.username}
    if author.username.lower() != feed.username.lower():
        changes["username"] = author.username
    return changes


def status(feed: TeamFeed, to: str, reason: str) -> dict:
    changes = {"status": to, "status_reason": reason[:300]}
    if feed.status != to:
        changes["status_changed_at"] = timezone.now()
    return changes


def history(
    feed: TeamFeed,
    attempt: Attempt,
    outcome: str,
    *,
    new: int = 0,
    removed: int = 0,
    detail: str = "",
) -> None:
    SyncRun.objects.create(
        feed=feed,
        kind=attempt.kind,
        started_at=attempt.started_at,
        finished_at=timezone.now(),
        outcome=outcome,
        requests=attempt.requests,
        new_posts=new,
        removed_posts=removed,
        truncated=attempt.truncated,
        detail=detail[:300],
    )
