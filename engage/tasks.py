"""Background work of the foundation app: the outbox (engage/outbox.py)."""

from __future__ import annotations

from celery import shared_task

from engage import outbox


@shared_task(
    name="engage.run_outbox_item", acks_late=True, reject_on_worker_lost=True, ignore_result=True
)
def run_outbox_item(item_id: int) -> str:
    """Dispatched after commit; the row's claim makes a duplicate delivery a no-op."""
    return outbox.run(item_id)


@shared_task(name="engage.sweep_outbox", acks_late=True, ignore_result=True)
def sweep_outbox() -> int:
    """Every 10 s (beat): whatever the after-commit dispatch could not hand over."""
    return outbox.sweep()
