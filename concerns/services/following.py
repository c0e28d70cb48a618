"""Follows and "this affects me too": each once per resident, counts that only move when a
row did.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F

from concerns.models import Concern, Follow, Support
from engage.models import Neighbourhood, User
from engage.refusals import NotAllowed

if TYPE_CHECKING:
    from taggit.models import Tag


def follow(
    *,
    user: User,
    concern: Concern | None = None,
    neighbourhood: Neighbourhood | None = None,
    tag: Tag | None = None,
) -> Follow:
    follow, _ = Follow.objects.get_or_create(
        user=user, concern=concern, neighbourhood=neighbourhood, tag=tag
    )
    return follow


def unfollow(
    *,
    user: User,
    concern: Concern | None = None,
    neighbourhood: Neighbourhood | None = None,
    tag: Tag | None = None,
) -> None:
    Follow.objects.filter(user=user, concern=concern, neighbourhood=neighbourhood, tag=tag).delete()


@transaction.atomic
def support(*, user: User, concern: Concern) -> bool:
    """'This affects me too': once per resident; they follow the concern too. Returns whether
    this call added the support (the count only moves when it did)."""
    if not concern.is_public:
        raise NotAllowed("You can only support a published concern.")
    if concern.author_id == user.pk:
        raise NotAllowed("You raised this concern, so it already counts as affecting you.")
    _, created = Support.objects.get_or_create(user=user, concern=concern)
    if created:
        Concern.objects.filter(pk=concern.pk).update(supporters_count=F("supporters_count") + 1)
        follow(user=user, concern=concern)
    return created


@transaction.atomic
def withdraw_support(*, user: User, concern: Concern) -> bool:
    """Undo "this affects me too". The count only moves when a support was there to remove;
    the resident keeps following (stopping is its own choice)."""
    removed, _ = Support.objects.filter(user=user, concern=concern).delete()
    if removed:
        Concern.objects.filter(pk=concern.pk, supporters_count__gt=0).update(
            supporters_count=F("supporters_count") - 1
        )
    return bool(removed)


def stop_following(*, user: User, follow_id: int) -> Follow | None:
    """Stop one follow from the "What you follow" page; someone else's follow is left alone."""
    follow = (
        Follow.objects.filter(pk=follow_id, user=user)
        .select_related("concern", "neighbourhood", "tag")
        .first()
    )
    if follow is not None:
        follow.delete()
    return follow
