"""/health/ for monitors: the database, Redis, a Celery worker and disk space.

The only import of django-health-check. The page is public (monitors do not sign in), so each
check answers under a plain name with "OK" or a fixed sentence of ours, never the library's own
message: that can carry a host, a port, a path or a worker's hostname. The full error goes to
the "health_check" logger, for the operator.

A failing check makes the page answer 503 (the library says 500, which we keep for a crash of
the page itself). No Celery worker answering is a failure: without one, emails, urgent
escalations and X syncs stop without a sound, which is what a monitor is there to catch. So
/health/ suits alerting, not a load balancer's liveness probe, where a worker outage would take
every web server out of rotation (docs/deploy.md).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from concurrent.futures import Executor
from typing import Any, ClassVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from health_check.base import HealthCheckResult
from health_check.checks import Database
from health_check.contrib.celery import Ping
from health_check.contrib.psutil import Disk
from health_check.contrib.redis import Redis
from health_check.views import HealthCheckView
from redis.asyncio import Redis as RedisClient

from engage.celery import app as celery_app


class _Public:
    """A check reported under `public_name`, and `failure` when it fails, whatever the cause."""

    public_name: ClassVar[str]
    label: ClassVar[str]
    failure: ClassVar[str]

    def __repr__(self) -> str:
        # The JSON keys and text lines are repr(check): the library's include hosts and paths.
        return self.public_name

    @property
    def labels(self) -> dict[str, str]:
        return {"check": self.public_name}

    async def get_result(self, executor: Executor | None = None) -> HealthCheckResult:
        result = await super().get_result(executor)  # logs the original error
        if result.error is not None:
            result.error = type(result.error)(self.failure, timestamp=result.error.timestamp)
        return result


@dataclasses.dataclass(repr=False)
class DatabaseCheck(_Public, Database):
    public_name = "database"
    label = "Database"
    failure = "The database did not answer."


@dataclasses.dataclass(repr=False)
class RedisCheck(_Public, Redis):
    public_name = "redis"
    label = "Redis (cache, live updates and the task queue)"
    failure = "Redis did not answer."


@dataclasses.dataclass(repr=False)
class CeleryCheck(_Public, Ping):
    public_name = "celery"
    label = "Background worker (Celery)"
    failure = "No background worker answered."


@dataclasses.dataclass(repr=False)
class DiskCheck(_Public, Disk):
    public_name = "disk"
    label = "Disk space"
    failure = "The disk is nearly full."


def _redis_client() -> RedisClient:
    # The one Redis behind the cache, the live-update relay and the Celery broker (settings).
    return RedisClient.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


class HealthView(HealthCheckView):
    """HTML for people, JSON for monitors (Accept: application/json, or ?format=json)."""

    template_name = "engage/health.html"

    def get_checks(self) -> Iterator[_Public]:
        # Built per request from settings, so an override (or a test) takes effect at once.
        yield DatabaseCheck()
        yield RedisCheck(client_factory=_redis_client)
        # limit=1: done as soon as one worker answers, rather than always waiting the timeout.
        yield CeleryCheck(app=celery_app, limit=1)
        yield DiskCheck(
            path=settings.BASE_DIR, max_disk_usage_percent=settings.HEALTH_DISK_MAX_PERCENT
        )

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {
            **super().get_context_data(**kwargs),
            "rows": [
                {
                    "label": result.check.label,
                    "ok": result.error is None,
                    "message": result.error.message if result.error else "Working",
                }
                for result in self.results
            ],
        }
