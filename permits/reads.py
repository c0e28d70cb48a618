"""Reads for the applicant's pages: the types offered, their drafts, their applications."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import Q
from django.utils import timezone

from casework import access
from casework.models import Case, Counter
from engage import cursors
from permits.models import ApplicationDraft, ApplicationType

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from engage.models import User

SAVED_MAX = 50
MINE_PAGE = 20
MINE_FIELDS = ("reference", "counter", "kind", "status", "summary", "created_at")


def offered_types() -> list[ApplicationType]:
    return list(ApplicationType.objects.offered().select_related("unit"))


def offered_type(slug: str) -> ApplicationType | None:
    return ApplicationType.objects.offered().select_related("unit").filter(slug=slug).first()


def draft_of(draft_id: UUID, user: User | AnonymousUser) -> ApplicationDraft | None:
    """The draft if it is this person's and has not expired; a sent one too, so going back to
    it shows its case. None for anyone else (the page then says 404)."""
    if not user.is_authenticated:
        return None
    return (
        ApplicationDraft.objects.select_related("type", "type__unit", "case")
        .filter(pk=draft_id, owner=user, expires_at__gt=timezone.now())
        .first()
    )


def saved_drafts(user: User) -> list[ApplicationDraft]:
    """Applications to come back to, most recently saved first (sent and expired ones gone)."""
    return list(
        ApplicationDraft.objects.select_related("type")
        .prefetch_related("type__questions")
        .filter(owner=user, case__isnull=True, expires_at__gt=timezone.now())
        .order_by("-updated_at")[:SAVED_MAX]
    )


def applicant_case(reference: str, user: User | AnonymousUser) -> Case | None:
    """The application if `user` made it; None for anyone else, staff included (they use the
    licensing pages), so the page says 404."""
    if not user.is_authenticated:
        return None
    case = (
        Case.objects.select_related("application", "application__type", "unit")
        .filter(reference=reference, counter=Counter.PERMIT, reporter=user)
        .first()
    )
    return case if case is not None and access.may_view(case, user, verified=False) else None


@dataclass(frozen=True)
class Page:
    items: list[Case]
    next_cursor: str | None
    previous_cursor: str | None = None


def my_applications(user: User, cursor: str | None) -> Page:
    """The applicant's applications, newest first, one keyset page (no OFFSET, no COUNT)."""
    rows = Case.objects.by_reporter(user).filter(counter=Counter.PERMIT).only(*MINE_FIELDS)
    position = cursors.decode(cursor, datetime, int)
    if position:
        moment, pk = position
        rows = rows.filter(Q(created_at__lt=moment) | Q(created_at=moment, pk__lt=pk))
    found = list(rows.order_by("-created_at", "-pk")[: MINE_PAGE + 1])
    more = len(found) > MINE_PAGE
    found = found[:MINE_PAGE]
    last = found[-1] if found and more else None
    return Page(found, cursors.encode(last.created_at, last.pk) if last else None)
