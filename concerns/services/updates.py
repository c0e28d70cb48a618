"""Residents' updates on a public concern (moderated like a new concern), and a moderator's
private word to an author or to the neighbourhood team.
"""

from __future__ import annotations

import re
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns import hooks
from concerns.models import Concern, ConcernEvent, EventKind, ResidentUpdate, UpdateStatus
from concerns.screening import as_record, screen_submission
from concerns.services import notifications
from concerns.services.lifecycle import require_capacity
from concerns.services.submission import check_emergency_acknowledged, check_submission_quota
from concerns.states import Capacity
from engage.models import Officer, User
from engage.refusals import AlreadyHandled, NotAllowed
from engage.text import render_markdown


def add_update(
    *,
    concern: Concern,
    author: User,
    body: str,
    submission_key: uuid.UUID,
    ip: str = "",
    at_risk: bool = False,
    acknowledged_emergency: bool = False,
) -> ResidentUpdate:
    """A resident adds to a public concern; it waits for moderation like a new concern
    (`at_risk` and `acknowledged_emergency` as for a new concern)."""
    existing = ResidentUpdate.objects.filter(author=author, submission_key=submission_key).first()
    if existing:
        return existing
    screening = screen_submission(title="", body=body, at_risk=at_risk)
    check_emergency_acknowledged(screening, acknowledged_emergency)
    if not concern.is_public:
        raise NotAllowed("You can only add updates to a published concern.")
    if not author.email_verified:
        raise NotAllowed("Confirm your email address before you post.")
    check_submission_quota(author=author, ip=ip, kind="update")
    hooks.run("may_post", author=author)
    try:
        with transaction.atomic():
            update = ResidentUpdate.objects.create(
                concern=concern,
                author=author,
                body=body,
                body_html=render_markdown(body),
                submission_key=submission_key,
                lane=screening.lane,
                screening=as_record(screening),
            )
            hooks.run("update_submitted", update=update)
            return update
    except IntegrityError:
        return ResidentUpdate.objects.get(author=author, submission_key=submission_key)


@transaction.atomic
def publish_update(
    *, update: ResidentUpdate, actor: User, overturning: bool = False
) -> ResidentUpdate:
    """A moderator approves a resident's update (or, `overturning` a rejection on appeal,
    publishes it after all): it becomes public and followers hear of it."""
    require_capacity(
        update.concern,
        actor,
        Capacity.MODERATOR,
        "Only a moderator for this neighbourhood can publish updates.",
    )
    if not update.concern.is_public:
        raise NotAllowed("The concern is no longer public, so its updates can't be published.")
    now = timezone.now()
    waiting = UpdateStatus.REJECTED if overturning else UpdateStatus.SUBMITTED
    if not ResidentUpdate.objects.filter(pk=update.pk, status=waiting).update(
        status=UpdateStatus.PUBLISHED, published_at=now
    ):
        raise AlreadyHandled("Someone else has already moderated this update.")
    update.refresh_from_db()
    event = ConcernEvent.objects.create(
        concern=update.concern, kind=EventKind.UPDATE, actor=actor, update=update, is_public=True
    )
    notifications.announce(event)
    return update


@transaction.atomic
def tell_author(
    *, concern: Concern, actor: User, note: str, author: User | None = None
) -> ConcernEvent:
    """A private message from a moderator to the author of a concern (or of one of its
    updates: `author`): an update not published, an appeal refused. Kept in the concern's
    history and sent like any notification."""
    require_capacity(
        concern, actor, Capacity.MODERATOR, "Only a moderator for this neighbourhood can do this."
    )
    event = ConcernEvent.objects.create(
        concern=concern, kind=EventKind.MODERATION, actor=actor, note=note, is_public=False
    )
    notifications.announce(event, to=[author or concern.author])
    return event


MENTION = re.compile(r"@([\w.'-]+(?: [\w.'-]+)?)")


@transaction.atomic
def tell_team(*, concern: Concern, actor: User, note: str) -> ConcernEvent:
    """A moderator asks the neighbourhood team to look: every verified officer of the team is
    told in-app (the dashboard lists it), and an officer named with @ (their name as on
    their badge, or their display name) is told they were mentioned."""
    require_capacity(
        concern, actor, Capacity.MODERATOR, "Only a moderator for this neighbourhood can do this."
    )
    # A neighbourhood with no team filters team_id IS NULL (no one); the stubs refuse None.
    officers = list(
        Officer.objects.filter(  # type: ignore[misc]
            team_id=concern.neighbourhood.team_id, verified_at__isnull=False
        ).select_related("user")
    )
    event = ConcernEvent.objects.create(
        concern=concern, kind=EventKind.MODERATION, actor=actor, note=note, is_public=False
    )
    named = {name.lower() for name in MENTION.findall(note)}
    messages = {}
    for officer in officers:
        names = {
            officer.name_on_badge.lower(),
            officer.user.display_name.lower(),
            officer.name_on_badge.split(" ")[-1].lower(),
        }
        mentioned = any(n in names or n.split(" ")[0] in names for n in named)
        messages[officer.user_id] = (
            f"A moderator mentioned you about “{concern.title}”: {note}"
            if mentioned
            else f"A moderator asks your team to look at “{concern.title}”: {note}"
        )
    notifications.announce(event, to=[o.user for o in officers], messages=messages)
    return event


@transaction.atomic
def reject_update(*, update: ResidentUpdate, actor: User, note: str = "") -> ResidentUpdate:
    """A moderator declines a resident's update: it never becomes public."""
    require_capacity(
        update.concern,
        actor,
        Capacity.MODERATOR,
        "Only a moderator for this neighbourhood can moderate updates.",
    )
    if not ResidentUpdate.objects.filter(pk=update.pk, status=UpdateStatus.SUBMITTED).update(
        status=UpdateStatus.REJECTED
    ):
        raise AlreadyHandled("Someone else has already moderated this update.")
    update.refresh_from_db()
    return update
