"""Every email Engage sends goes through here: one connection per sweep, one failure policy.

The policy: sending never raises. `send` answers True (handed to the mail server) or False
(not sent, already logged with the letter's key). The caller owns the retry: it had claimed
the row the letter is for (a notification, an escalation, a reminder, an outbox item) before
sending, and on False gives the claim back, so the next sweep tries again and nothing is lost.
A letter with no row of its own (an email-confirmation link) is the person's to ask for again.

Each letter carries a stable Message-ID built from its key, so a resend after a worker died
mid-sweep is recognisable as the same email.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from types import TracebackType
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend

log = logging.getLogger(__name__)


def message_id(key: str) -> str:
    """The same Message-ID every time one email is (re)sent: `<key@site-domain>`."""
    domain = urlsplit(settings.SITE_URL).hostname or "engage.invalid"
    return f"<{key}@{domain}>"


@dataclass(frozen=True)
class Letter:
    subject: str
    body: str
    to: list[str]
    key: str = ""  # e.g. "notification-42": the Message-ID, and what a failure is logged as
    headers: dict[str, str] = field(default_factory=dict)

    def message(self, connection: BaseEmailBackend | None) -> EmailMessage:
        headers = {**self.headers, **({"Message-ID": message_id(self.key)} if self.key else {})}
        return EmailMessage(
            self.subject, self.body, to=self.to, headers=headers, connection=connection
        )


class Mailer:
    """One mail-server connection for a whole sweep (`with Mailer() as mailer: ...`), opened on
    the first letter and reopened after a failure (a dropped connection must not fail every
    letter after it)."""

    def __init__(self) -> None:
        self._connection: BaseEmailBackend | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._close()

    def send(self, letter: Letter) -> bool:
        if not letter.to:
            return True  # nobody to tell is not a failure to retry
        try:
            if self._connection is None:
                self._connection = get_connection()
                self._connection.open()
            return bool(letter.message(self._connection).send())
        except Exception:  # noqa: BLE001  any failure: the caller gives its claim back
            log.exception(
                "email %s to %d recipient(s) not sent", letter.key or letter.subject, len(letter.to)
            )
            self._close()
            return False

    def _close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:  # noqa: BLE001  closing a broken connection may fail too
                log.debug("closing a mail connection failed", exc_info=True)


def send(letter: Letter) -> bool:
    """One letter on its own connection (same policy as a sweep's)."""
    with Mailer() as mailer:
        return mailer.send(letter)
