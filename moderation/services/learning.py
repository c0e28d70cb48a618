"""Learning from moderators: when a moderator puts a post in another lane, or diverts it as an
emergency, a safeguarding matter or a crime to report, the post and both judgements (what
screening said, what the moderator decided) are kept as a labelled example for the next
training round (`manage.py export_screening_examples`, in the corpus's labels).

Examples are staff-only (no public page, read-only admin) and are deleted with the post, or
after SCREENING_EXAMPLE_RETENTION_DAYS (they may quote personal data a moderator later removed).
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from moderation.models import ExampleSource, Kind, Lane, QueueItem, ScreeningExample

if TYPE_CHECKING:
    from engage.models import User

LABEL_FOR_LANE = {
    Lane.URGENT: "emergency",
    Lane.SAFEGUARDING: "safeguarding",
    Lane.PERSONAL_DATA: "personal_data",
    Lane.STANDARD: "clean",
}
LABEL_FOR_DIVERSION = {
    "999": "emergency",
    "safeguarding": "safeguarding",
    "crime_report": "crime_report",
    "101": "crime_report",
}
LEARNS_FROM = frozenset({Kind.CONCERN, Kind.UPDATE})  # what residents wrote, as screened


def post_text(item: QueueItem) -> str:
    subject = item.subject
    title = getattr(subject, "title", "")
    return f"{title}\n\n{subject.body}" if title else subject.body


def record(
    item: QueueItem, *, moderator: User, label: str, source: str, screened_lane: str
) -> ScreeningExample | None:
    if item.kind not in LEARNS_FROM:
        return None
    return ScreeningExample.objects.create(
        concern_id=item.concern_id,
        update_id=item.update_id,
        text=post_text(item),
        screened_lane=screened_lane,
        moderator_label=label,
        source=source,
        moderator=moderator,
        purge_after=timezone.now() + timedelta(days=settings.SCREENING_EXAMPLE_RETENTION_DAYS),
    )


def purge_expired() -> int:
    deleted, _ = ScreeningExample.objects.filter(purge_after__lt=timezone.now()).delete()
    return deleted


def record_diversion(item: QueueItem, *, moderator: User, diverted_to: str) -> None:
    label = LABEL_FOR_DIVERSION.get(diverted_to)
    if label:
        record(
            item,
            moderator=moderator,
            label=label,
            source=ExampleSource.DIVERTED,
            screened_lane=item.subject.lane,
        )


def as_row(example: ScreeningExample) -> dict:
    """One line of the export: the corpus's fields (text, label, kind, writer) plus what
    screening said, so a training round can weigh disagreements."""
    return {
        "text": example.text,
        "label": example.moderator_label,
        "kind": f"moderator_{example.source}",
        "also": [],
        "writer": "moderators",
        "screened_lane": example.screened_lane,
        "screened_label": LABEL_FOR_LANE.get(example.screened_lane, "clean"),
        "recorded_at": example.created_at.isoformat(),
    }
