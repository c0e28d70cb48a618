"""The records system's loopback fake, for tests (the product's own, engage/demo/records_fake.py,
which the demo serves too), and `serving(settings)`, which points the webhook settings at one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from engage.demo.records_fake import Record, RecordsReceiver

SECRET = "records-test-secret"

__all__ = ["SECRET", "Record", "RecordsReceiver", "serving"]


@contextmanager
def serving(settings) -> Iterator[RecordsReceiver]:
    """A receiver on a loopback port, with RECORDS_WEBHOOK_URL and _SECRET pointed at it
    (`settings`: pytest-django's fixture). Closed at the end."""
    receiver = RecordsReceiver(secret=SECRET).serve()
    settings.RECORDS_WEBHOOK_URL = receiver.url
    settings.RECORDS_WEBHOOK_SECRET = SECRET
    settings.RECORDS_WEBHOOK_TIMEOUT_SECONDS = 5
    try:
        yield receiver
    finally:
        receiver.close()
