"""The Celery application. Tasks live in each app's tasks.py; settings come from Django's."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")

app = Celery("engage")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="engage.ping")
def ping() -> str:
    """A round trip for health checks and the test suite's worker fixture."""
    return "pong"
