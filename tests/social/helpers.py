"""Helpers for the social tests: a sync that reloads its feed, the post ids stored, and what was
really enqueued (the messages waiting in the Redis broker's queue)."""

from __future__ import annotations

import base64
import json

import redis
from django.conf import settings

from social import services
from social.models import TeamFeed, TeamPost


def _broker() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def clear_queue() -> None:
    _broker().delete("celery")


def queued_tasks() -> list[dict]:
    """Each waiting message as {task, args, kwargs, eta}, in the order they were sent."""
    found = []
    for raw in reversed(_broker().lrange("celery", 0, -1)):  # LPUSHed: newest first
        message = json.loads(raw)
        args, kwargs, _ = json.loads(base64.b64decode(message["body"]))
        headers = message["headers"]
        found.append(
            {"task": headers["task"], "args": args, "kwargs": kwargs, "eta": headers.get("eta")}
        )
    return found


def sync(feed: TeamFeed, **kwargs) -> services.SyncResult:
    """Sync `feed` now and reload it, so the test sees what the sync stored."""
    result = services.sync_team_feed(feed_id=feed.pk, **kwargs)
    feed.refresh_from_db()
    return result


def stored_ids(feed: TeamFeed) -> list[int]:
    """The post ids stored for `feed`, newest first."""
    return list(
        TeamPost.objects.filter(feed=feed).order_by("-post_id").values_list("post_id", flat=True)
    )
