"""Engage: the project package and the foundation app (people, places, accounts, realtime)."""

from engage.celery import app as celery_app

__all__ = ["celery_app"]
