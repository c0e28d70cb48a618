"""Sanctions on accounts: warn, restrict posting for a time, block. Always with a recorded
reason; a block holds the person's pending posts (they can't be approved while it lasts)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from concerns import services as concern_services
from engage import permissions
from engage.refusals import NotAllowed
from moderation.models import Sanction, SanctionKind

if TYPE_CHECKING:
    from concerns import hooks
    from concerns.models import Concern, Reply, ResidentUpdate
    from engage.models import User


def in_force(user: User) -> QuerySet[Sanction]:
    now = timezone.now()
    return (
        Sanction.objects.filter(user=user, lifted_at__isnull=True)
        .exclude(kind=SanctionKind.WARN)
        .filter(Q(until__isnull=True) | Q(until__gt=now))
    )


def check_may_post(*, author: User) -> None:
    """The "may_post" hook concerns calls before accepting a post."""
    sanction = in_force(author).order_by("-created_at").first()
    if sanction is None:
        return
    if sanction.kind == SanctionKind.BLOCK:
        raise NotAllowed(
            "Your account can't post at the moment because of earlier posts that "
            "broke our rules. If you think this is wrong, email us from the "
            "contact page."
        )
    until = timezone.localtime(sanction.until)
    raise NotAllowed(
        f"Your account can't post until {until:%-d %B %Y at %H:%M} because of "
        "earlier posts that broke our rules. Anything you posted before is kept."
    )


def author_is_blocked(subject: Concern | ResidentUpdate | Reply) -> bool:
    return in_force(subject.author).filter(kind=SanctionKind.BLOCK).exists()


MESSAGES: dict[str, str] = {
    SanctionKind.WARN: "A moderator has warned you about a post: {reason}",
    SanctionKind.RESTRICT: "You can't post for {days} days because of a post that broke our "
    "rules: {reason}",
    SanctionKind.BLOCK: "Your account can no longer post because of posts that broke our rules: "
    "{reason}",
}


@transaction.atomic
def sanction(
    *,
    user: User,
    by: User,
    kind: str,
    reason: str,
    days: int | None = None,
    concern: Concern | None = None,
) -> Sanction:
    """Record a sanction; when it comes from a post (`concern`), the person is told why,
    through that concern's history and their notifications."""
    if not permissions.is_moderator(by):
        raise NotAllowed("Only moderators can sanction accounts.")
    if user.pk == by.pk:
        raise NotAllowed("You can't sanction your own account.")
    if permissions.has_staff_role(user):
        raise NotAllowed("Officers, moderators and staff are managed by the admins, not here.")
    if kind not in SanctionKind.values:
        raise NotAllowed("Choose warn, restrict or block.")
    if not reason.strip():
        raise NotAllowed("Record the reason: the person is told it, and it is audited.")
    if kind == SanctionKind.RESTRICT and not days:
        raise NotAllowed("Say for how many days posting is restricted.")
    until = timezone.now() + timedelta(days=days or 0) if kind == SanctionKind.RESTRICT else None
    created = Sanction.objects.create(
        user=user, by=by, kind=kind, reason=reason.strip(), until=until
    )
    if concern is not None:
        concern_services.tell_author(
            concern=concern,
            actor=by,
            author=user,
            note=MESSAGES[kind].format(reason=created.reason, days=days),
        )
    return created


@transaction.atomic
def lift(*, sanction: Sanction, by: User) -> None:
    if not permissions.is_moderator(by):
        raise NotAllowed("Only moderators can lift sanctions.")
    Sanction.objects.filter(pk=sanction.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )


if TYPE_CHECKING:
    # settings.CONCERN_HOOKS names it by path, which mypy cannot follow: held here to the
    # signature concerns.hooks.run calls it with.
    _may_post: hooks.MayPost = check_may_post
