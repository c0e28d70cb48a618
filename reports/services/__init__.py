"""Every write of the report counter: drafts, submission, triage, the hand-over, the export.
Re-exports the resident-side services; the staff side is imported by module (triage, handover)."""

from reports.services.drafts import (
    SignInNeeded,
    add_entry,
    choose_kind,
    draft_from_concern,
    remove_entry,
    save_step,
    start_draft,
)
from reports.services.information import add_report_information
from reports.services.submission import submit_report

__all__ = [
    "SignInNeeded",
    "add_report_information",
    "add_entry",
    "choose_kind",
    "draft_from_concern",
    "remove_entry",
    "save_step",
    "start_draft",
    "submit_report",
]
