"""Every write to a concern, its replies, updates and follows. `transition_concern` is the only
code that changes a concern's status.

Each service is atomic, records a ConcernEvent in the same transaction (the audit trail and the
live stream), writes notifications (the email outbox) in that transaction too, and publishes to
sockets only after commit. Callers import the package (`from concerns import services`); the
modules are how it is kept readable, not a second API.
"""

from concerns.services.following import follow, stop_following, support, unfollow, withdraw_support
from concerns.services.lifecycle import (
    acknowledge_many,
    can_record_outcome,
    capacities,
    record_outcome,
    transition_concern,
)
from concerns.services.replies import (
    add_reply_template,
    edit_reply,
    reject_reply,
    reply_to_concern,
    sign_off_reply,
)
from concerns.services.submission import (
    MAX_TAGS,
    Quota,
    check_submission_quota,
    normalise_tags,
    posting_quota,
    quota_message,
    resubmit_concern,
    submit_concern,
)
from concerns.services.texts import record_screening, redact_text, restore_text
from concerns.services.updates import (
    add_update,
    publish_update,
    reject_update,
    tell_author,
    tell_team,
)

__all__ = [
    "MAX_TAGS",
    "Quota",
    "acknowledge_many",
    "add_reply_template",
    "add_update",
    "can_record_outcome",
    "capacities",
    "check_submission_quota",
    "edit_reply",
    "follow",
    "normalise_tags",
    "posting_quota",
    "publish_update",
    "quota_message",
    "record_outcome",
    "record_screening",
    "redact_text",
    "reject_reply",
    "reject_update",
    "reply_to_concern",
    "restore_text",
    "resubmit_concern",
    "sign_off_reply",
    "stop_following",
    "submit_concern",
    "support",
    "tell_author",
    "tell_team",
    "transition_concern",
    "unfollow",
    "withdraw_support",
]
