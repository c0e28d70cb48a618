"""Reads for the reporter's pages: their drafts, their reports, a concern diverted to them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.utils import timezone

from casework import access
from casework.models import Case, Counter
from concerns.models import Concern
from concerns.selectors.paging import Page, keyset_page
from concerns.states import ConcernStatus, Diversion
from reports.models import ReportDraft

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from engage.models import User

SAVED_MAX = 50
MINE_PAGE = 20


def draft_of(
    draft_id: UUID, *, user: User | AnonymousUser, session_key: str | None
) -> ReportDraft | None:
    """The draft if it is this person's (their account's, or signed out, this browser's) and
    has not expired; a submitted one too, so sending it again shows its case."""
    rows = ReportDraft.objects.filter(pk=draft_id, expires_at__gt=timezone.now())
    if user.is_authenticated:
        return rows.filter(owner=user).first()
    if not session_key:
        return None
    return rows.filter(owner__isnull=True, session_key=session_key).first()


def saved_drafts(user: User) -> list[ReportDraft]:
    """Drafts to come back to, most recently saved first (submitted and expired ones gone)."""
    return list(
        ReportDraft.objects.filter(
            owner=user, case__isnull=True, expires_at__gt=timezone.now()
        ).order_by("-updated_at")[:SAVED_MAX]
    )


def reporter_case(reference: str, user: User | AnonymousUser) -> Case | None:
    """The case if `user` reported it; None for anyone else (the page then says 404)."""
    if not user.is_authenticated:
        return None
    case = (
        Case.objects.select_related("neighbourhood")
        .filter(reference=reference, reporter=user, counter=Counter.REPORT)
        .first()
    )
    return case if case is not None and access.may_view(case, user, verified=False) else None


def my_reports(user: User, cursor: str | None) -> Page:
    """The reporter's reports, newest first, by keyset (no OFFSET, no COUNT)."""
    rows = Case.objects.by_reporter(user).filter(counter=Counter.REPORT)
    return keyset_page(rows.only(*MINE_FIELDS), cursor, field="created_at", size=MINE_PAGE)


MINE_FIELDS = ("reference", "counter", "kind", "status", "summary", "created_at", "crime_reference")


def diverted_concern(ref: str, user: User | AnonymousUser) -> Concern | None:
    """The concern if `user` wrote it and a moderator diverted it as a crime to report."""
    if not user.is_authenticated:
        return None
    return Concern.objects.filter(
        ref=ref,
        author=user,
        status=ConcernStatus.DIVERTED,
        diverted_to=Diversion.CRIME_REPORT,
    ).first()
