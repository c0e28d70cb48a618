"""The demo's mailbox: under `make run` mail is kept in var/mailbox/ and shown at /demo/mailbox/.

A newcomer trying the demo has no mail server; without this, sign-up links went to the run log
and notification mail to the worker's log. The web server and the Celery worker both write here
(one file per message, named by time so the newest sorts last); only the demo page reads it.
"""

from __future__ import annotations

import email
import email.policy
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

SHOWN = 50  # the page lists the newest messages only: the folder grows for as long as the demo runs


def mailbox_dir() -> Path:
    return Path(settings.DEMO_MAILBOX_DIR)


class DemoMailboxBackend(BaseEmailBackend):
    """Keeps each message as an .eml file and says so on the console (the run log)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        folder = mailbox_dir()
        folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{time.time_ns():020d}-{uuid.uuid4().hex[:8]}.eml"
            (folder / name).write_bytes(message.message().as_bytes())
            print(
                f"engage: mail to {', '.join(message.to)} kept in the demo mailbox: "
                f"{settings.SITE_URL}/demo/mailbox/",
                flush=True,
            )
        return len(email_messages)


@dataclass(frozen=True)
class KeptMail:
    key: str
    sent_at: datetime
    to: str
    subject: str
    body: str


def _read(path: Path) -> KeptMail:
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    part = parsed.get_body(preferencelist=("plain",))
    stamp = int(path.name.split("-", 1)[0]) / 1e9
    return KeptMail(
        key=path.stem,
        sent_at=datetime.fromtimestamp(stamp, tz=UTC),
        to=str(parsed["To"] or ""),
        subject=str(parsed["Subject"] or ""),
        body=part.get_content() if part is not None else "",
    )


def newest_mail(limit: int = SHOWN) -> list[KeptMail]:
    """The newest kept messages, newest first (file names sort by time)."""
    folder = mailbox_dir()
    if not folder.is_dir():
        return []
    return [_read(path) for path in sorted(folder.glob("*.eml"), reverse=True)[:limit]]
