"""Every write of the report counter: drafts and submission. Re-exports the public services."""

from reports.services.drafts import (
    add_entry,
    choose_kind,
    draft_from_concern,
    remove_entry,
    save_step,
    start_draft,
)
from reports.services.submission import submit_report

__all__ = [
    "add_entry",
    "choose_kind",
    "draft_from_concern",
    "remove_entry",
    "save_step",
    "start_draft",
    "submit_report",
]
