"""Casework's background work: the retention purge (Celery beat), and the outbox handlers
this module imports so every worker registers them."""

from __future__ import annotations

from casework import notices  # noqa: F401  registers the "casework.notice" outbox handler
