"""What a case's live stream carries: a small payload per history row, pushed after commit.

The reporter's page and staff pages subscribe to `realtime.case_stream(reference)`; the
socket (casework.consumers) re-checks access on every event, and only `for_reporter` rows reach
the reporter. The queue's stream (`realtime.CASEWORK_STREAM`) carries no case text at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from casework.states import Counter
from engage import realtime

if TYPE_CHECKING:
    from casework.models import CaseEvent


def payload(event: CaseEvent) -> dict:
    case = event.case
    return {
        "type": event.kind,
        "id": event.pk,
        "case": case.pk,
        "status": case.status,
        "grade": case.grade,
        "version": case.version,
        "for_reporter": event.for_reporter,
        "claimed_by": case.claimed_by.display_name if case.claimed_by else "",
    }


def after_commit(event: CaseEvent) -> None:
    data = payload(event)
    reference = event.case.reference
    streams = [realtime.case_stream(reference)]
    if event.case.counter == Counter.REPORT:  # the contact centre hears reports, never applications
        streams.append(realtime.CASEWORK_STREAM)
    transaction.on_commit(lambda: realtime.publish(streams, data), robust=True)
