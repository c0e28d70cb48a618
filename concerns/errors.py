"""Refusals a resident or officer can read: every message says what happened and what to do."""


class ConcernError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotAllowed(ConcernError):
    pass


class AlreadyHandled(ConcernError):
    """Someone else changed the concern first (two moderators, two officers)."""


class QuotaExceeded(ConcernError):
    pass
