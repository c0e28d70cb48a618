"""The Celery application. Tasks live in each app's tasks.py; settings come from Django's."""

import os

from celery import Celery
from celery.signals import task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")

# Every task's delay_on_commit / apply_async_on_commit is engage.jobs': robust and behind the
# Redis circuit, where Celery's own would raise into a committed request while Redis is down.
app = Celery("engage", task_cls="engage.jobs:Task")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _fresh_database_connection(**_: object) -> None:
    """Connections are reused across tasks (CELERY_DB_REUSE_MAX); one the server dropped or
    that outlived CONN_MAX_AGE is closed first, as Django does at the start of a request."""
    from django.db import close_old_connections, connection

    if not connection.in_atomic_block:  # an eager task inside a caller's transaction: keep it
        close_old_connections()


@app.task(name="engage.ping")
def ping() -> str:
    """A round trip for health checks and the test suite's worker fixture."""
    return "pong"
