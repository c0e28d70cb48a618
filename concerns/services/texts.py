"""A post's text replaced by a moderator (personal data redacted while it waits, or restored
on appeal), and the findings of a later, fuller screening.
"""

from __future__ import annotations

from django.db import transaction

from concerns.models import Concern, Reply, ReplyStatus, ResidentUpdate, UpdateStatus
from concerns.services.lifecycle import require_capacity
from concerns.states import Capacity, ConcernStatus
from engage.models import User
from engage.refusals import AlreadyHandled
from engage.text import render_markdown

S = ConcernStatus


AWAITING_MODERATION = {
    Concern: S.SUBMITTED,
    Reply: ReplyStatus.PENDING,
    ResidentUpdate: UpdateStatus.SUBMITTED,
}


@transaction.atomic
def redact_text(
    *, target: Concern | ResidentUpdate | Reply, actor: User, body: str, title: str | None = None
) -> None:
    """A moderator replaces a held post's text (personal data removed) before it is published.
    Only while it awaits moderation: published text changes only through a new decision."""
    if not _replace_text(target, actor, body, title, status=AWAITING_MODERATION[type(target)]):
        raise AlreadyHandled("This post is no longer awaiting moderation.")


@transaction.atomic
def restore_text(
    *, target: Concern | ResidentUpdate, actor: User, body: str, title: str | None = None
) -> None:
    """An appeal against a redaction upheld: the post is shown as its author wrote it."""
    _replace_text(target, actor, body, title)


def _replace_text(
    target: Concern | ResidentUpdate | Reply,
    actor: User,
    body: str,
    title: str | None,
    status: str | None = None,
) -> bool:
    """New text (and, for a concern, title and slug), cooked once; only in `status` if given."""
    concern = target if isinstance(target, Concern) else target.concern
    require_capacity(
        concern,
        actor,
        Capacity.MODERATOR,
        "Only a moderator for this neighbourhood can change a post's text.",
    )
    changes = {"body": body, "body_html": render_markdown(body)}
    if isinstance(target, Concern) and title:
        changes["title"] = " ".join(title.split())
    rows = type(target).objects.filter(pk=target.pk)
    if status is not None:
        rows = rows.filter(status=status)
    if not rows.update(**changes):
        return False
    target.refresh_from_db()
    if isinstance(target, Concern):
        target.save(update_fields=["slug"])  # the slug follows the title
    return True


def record_screening(*, target: Concern | ResidentUpdate, lane: str, findings: list[dict]) -> None:
    """A later, fuller screening (the moderation app's background pass) replaces the findings
    kept for moderators, and the lane. The caller passes the more serious of the two lanes
    (concerns cannot rank lanes: moderation.lanes owns their order)."""
    target.__class__.objects.filter(pk=target.pk).update(lane=lane, screening=findings)
