"""Officers' public answers: written, held for sign-off where the team asks for it, signed off
or declined by a moderator, corrected by their author (what they said before is kept).
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concerns import hooks, live
from concerns.models import (
    Concern,
    ConcernEvent,
    EventKind,
    Reply,
    ReplyRevision,
    ReplyStatus,
    ReplyTemplate,
)
from concerns.services import notifications
from concerns.services.lifecycle import require_capacity, transition_concern
from concerns.services.updates import tell_author
from concerns.states import Capacity
from engage import permissions
from engage.models import User
from engage.refusals import AlreadyHandled, NotAllowed
from engage.text import render_markdown


@transaction.atomic
def reply_to_concern(
    *,
    concern: Concern,
    author: User,
    body: str,
    move_to: str | None = None,
    share_on_x: bool = False,
) -> Reply:
    """An officer of the concern's team (or staff) answers in public, optionally moving it on.

    The badge is taken from the officer's role now and stored with the reply, so it never
    comes from a display name and stays true to who they were when they wrote it. A team that
    asks for sign-off has the reply wait for a moderator (the status move is not held: it is
    the team's call, not text the public reads).
    """
    require_capacity(
        concern, author, Capacity.TEAM, "Only officers of this neighbourhood's team can reply."
    )
    if not concern.is_public:
        raise NotAllowed("This concern is not public, so it can't be replied to.")
    if move_to and move_to != concern.status:
        # Moved first and announced with the reply: followers hear of one thing, once.
        concern = transition_concern(concern, move_to, actor=author, announce=False)
    officer = permissions.officer_of(author)
    badge = officer.badge if officer else f"{author.display_name}, {settings.FORCE_NAME} staff"
    # team_id is tested first; mypy cannot narrow `.team` from it.
    held = bool(concern.neighbourhood.team_id and concern.neighbourhood.team.replies_need_signoff)  # type: ignore[union-attr]
    reply = Reply.objects.create(
        concern=concern,
        author=author,
        badge=badge,
        body=body,
        body_html=render_markdown(body),
        share_on_x=share_on_x,
        status=ReplyStatus.PENDING if held else ReplyStatus.PUBLISHED,
    )
    if held:
        hooks.run("reply_submitted", reply=reply)
    else:
        _reply_published(reply)
    return reply


def _reply_published(reply: Reply) -> None:
    """A reply has just become public: the first-reply clock, the event, followers told, and
    the hooks (cross-posting to X when the officer ticked it)."""
    Concern.objects.filter(pk=reply.concern_id, first_reply_at__isnull=True).update(
        first_reply_at=reply.created_at
    )
    event = ConcernEvent.objects.create(
        concern=reply.concern, kind=EventKind.REPLY, actor=reply.author, reply=reply, is_public=True
    )
    notifications.announce(event)
    hooks.run("reply_published", reply=reply, crosspost=reply.share_on_x)


@transaction.atomic
def sign_off_reply(*, reply: Reply, actor: User) -> Reply:
    """A moderator approves a held reply: it is published as if just written."""
    require_capacity(
        reply.concern,
        actor,
        Capacity.MODERATOR,
        "Only a moderator for this neighbourhood can sign off replies.",
    )
    if not reply.concern.is_public:
        raise NotAllowed("The concern is no longer public, so the reply can't be published.")
    was_published_before = reply.edited_at is not None  # an edit re-checked: a correction
    changes: dict[str, object] = {"status": ReplyStatus.PUBLISHED}
    if not was_published_before:
        changes["created_at"] = timezone.now()
    if not Reply.objects.filter(pk=reply.pk, status=ReplyStatus.PENDING).update(**changes):
        raise AlreadyHandled("Someone else has already signed off this reply.")
    reply.refresh_from_db()
    if was_published_before:
        _reply_edited(reply, actor)
    else:
        _reply_published(reply)
    return reply


@transaction.atomic
def reject_reply(*, reply: Reply, actor: User, note: str) -> Reply:
    """A moderator declines a held reply; the officer is told why (the public never sees it)."""
    require_capacity(
        reply.concern,
        actor,
        Capacity.MODERATOR,
        "Only a moderator for this neighbourhood can sign off replies.",
    )
    if not Reply.objects.filter(pk=reply.pk, status=ReplyStatus.PENDING).update(
        status=ReplyStatus.REJECTED
    ):
        raise AlreadyHandled("Someone else has already signed off this reply.")
    reply.refresh_from_db()
    tell_author(
        concern=reply.concern,
        actor=actor,
        author=reply.author,
        note=f"Your reply was not published. {note}".strip(),
    )
    return reply


@transaction.atomic
def edit_reply(*, reply: Reply, editor: User, body: str) -> Reply:
    """The author of a published reply corrects it; what it said before is kept. For a team
    whose replies need sign-off, the corrected reply leaves public view and waits for a
    moderator again (the edit is text the public would read)."""
    if editor.pk != reply.author_id:
        raise NotAllowed("Only the officer who wrote a reply can edit it.")
    reply = Reply.objects.select_for_update().get(pk=reply.pk)  # two edits at once keep both
    if reply.status != ReplyStatus.PUBLISHED:
        raise NotAllowed(
            "This reply is waiting for a moderator's sign-off, or was not "
            "published, so it can't be edited now."
        )
    ReplyRevision.objects.create(reply=reply, body=reply.body, edited_by=editor)
    reply.body, reply.body_html, reply.edited_at = body, render_markdown(body), timezone.now()
    # team_id is tested first; mypy cannot narrow `.team` from it.
    if (
        reply.concern.neighbourhood.team_id
        and reply.concern.neighbourhood.team.replies_need_signoff  # type: ignore[union-attr]
    ):
        reply.status = ReplyStatus.PENDING
        reply.save(update_fields=["body", "body_html", "edited_at", "status"])
        hooks.run("reply_submitted", reply=reply)
        return reply
    reply.save(update_fields=["body", "body_html", "edited_at"])
    _reply_edited(reply, editor)
    return reply


def _reply_edited(reply: Reply, editor: User) -> None:
    event = ConcernEvent.objects.create(
        concern=reply.concern,
        kind=EventKind.REPLY_EDITED,
        actor=editor,
        reply=reply,
        is_public=True,
    )
    # Open pages replace the reply in place; nobody is notified of a correction.
    transaction.on_commit(live.prepare_publish(event, []), robust=True)


def add_reply_template(*, team_id: int, actor: User, title: str, body: str) -> ReplyTemplate:
    """A team's named reply template; only its own verified officers add them."""
    officer = permissions.officer_of(actor)
    if officer is None or officer.team_id != team_id:
        raise NotAllowed("Only officers of this team can add its reply templates.")
    if ReplyTemplate.objects.filter(team_id=team_id, title__iexact=title.strip()).exists():
        raise NotAllowed("Your team already has a template with that name.")
    return ReplyTemplate.objects.create(team_id=team_id, title=title.strip(), body=body)
