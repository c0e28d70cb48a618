"""Refusals a resident or member of staff can read: every message says what happened and what
to do next. Services raise them; views turn them into a message on the page (never a 500).

One family for the whole project (concerns, moderation and the counters to come), so a view
catches `Refusal` whatever service it called.
"""


class Refusal(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(Refusal):
    """The person may not do this (their role, the thing's state, or a rule says no)."""


class AlreadyHandled(Refusal):
    """Someone else changed it first (two moderators, two officers): reload to see what."""


class QuotaExceeded(Refusal):
    """Too much, too fast: says when they may try again, and that nothing was lost."""


class EmergencyNotAcknowledged(Refusal):
    """The post reads as an emergency and its writer has not yet seen the 999 page: nothing is
    accepted until they have (they may then go on: not every alarming post is an emergency)."""

    def __init__(self) -> None:
        super().__init__(
            "This reads as if someone may be in danger now. If so, call 999. If "
            "you have, or no one is in danger, confirm that and send it again."
        )
