"""Reads of a case shaped for a page or a socket."""

from __future__ import annotations

from casework.models import Case, CaseEvent


def reporter_timeline(case: Case) -> list[CaseEvent]:
    """What the reporter sees of the case's history, oldest first, with each message's text
    and signature in the same query (casework/_case_event.html renders one entry)."""
    return list(
        CaseEvent.objects.filter(case=case, for_reporter=True)
        .select_related("message")
        .order_by("id")
    )


def reporter_event(event_id: int, case: Case) -> CaseEvent | None:
    """One entry of the reporter's history (for a pushed update), or None if it is not theirs
    to see."""
    return (
        CaseEvent.objects.filter(pk=event_id, case=case, for_reporter=True)
        .select_related("message")
        .first()
    )
