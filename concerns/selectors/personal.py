"""The signed-in user's own pages: their concerns, follows and notifications, and an officer's
team dashboard and requests."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from concerns.models import Concern, Follow, Notification
from concerns.selectors.paging import Page, keyset_page
from concerns.states import OPEN_STATES

if TYPE_CHECKING:
    from engage.models import User


def team_dashboard(
    team_id: int, *, overdue: bool = False, ward: str = "", state: str = ""
) -> list[Concern]:
    """The team's open concerns, unanswered first, then the oldest: what to answer next.
    Filters: only those past their reply target, one ward, one state."""
    concerns = Concern.objects.filter(neighbourhood__team_id=team_id, status__in=OPEN_STATES)
    if overdue:
        concerns = concerns.filter(first_reply_at__isnull=True, reply_due_at__lt=timezone.now())
    if ward:
        concerns = concerns.filter(neighbourhood__slug=ward)
    if state:
        concerns = concerns.filter(status=state)
    return list(
        concerns.select_related("neighbourhood", "category").order_by(
            F("first_reply_at").asc(nulls_first=True), "published_at"
        )[:200]
    )


def team_requests(user: User, limit: int = 10) -> list[Notification]:
    """What moderators asked of this officer's team, or mentioned them in, not yet read."""
    return list(
        Notification.objects.filter(
            user=user,
            read_at__isnull=True,
            event__kind="concern.moderated",
            event__actor__moderator__isnull=False,
        )
        .select_related("event__concern")
        .order_by("-id")[:limit]
    )


def my_concerns(user: User, cursor: str | None = None) -> Page:
    return keyset_page(
        Concern.objects.filter(author=user).select_related("neighbourhood"),
        cursor,
        field="created_at",
    )


def followed(user: User) -> QuerySet[Follow]:
    """What the user follows; a followed concern that stopped being public drops out (unless
    it is their own), since its title is no longer for public eyes."""
    visible = Q(concern__isnull=True) | Q(concern__in=Concern.objects.visible_to(user))
    return (
        Follow.objects.filter(visible, user=user)
        .select_related("concern", "neighbourhood", "tag")
        .order_by("-created_at")
    )


def notifications_page(user: User, cursor: str | None = None) -> Page:
    """Notifications about concerns still visible to the user (a hidden concern's old
    notifications drop out, as it does from the following page)."""
    return keyset_page(
        visible_notifications(user).select_related("event__concern"), cursor, field="created_at"
    )


def visible_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(
        user=user, event__concern__in=Concern.objects.visible_to(user)
    )


def unread_count(user: User) -> int:
    """Bounded: the badge shows '99+' past 99, so never count more than 100 rows."""
    return len(
        visible_notifications(user).filter(read_at__isnull=True).values_list("id", flat=True)[:100]
    )
