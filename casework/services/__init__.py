"""Every write to a case. Re-exports the public services."""

from casework.services.cases import open_case, record, record_access, transition_case
from casework.services.documents import add_document
from casework.services.messages import add_information, post_message
from casework.services.queue import claim_case, raise_grade, regrade_case, release_case

__all__ = [
    "add_document",
    "add_information",
    "claim_case",
    "open_case",
    "post_message",
    "raise_grade",
    "record",
    "record_access",
    "regrade_case",
    "release_case",
    "transition_case",
]
