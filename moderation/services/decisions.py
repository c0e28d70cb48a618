"""Deciding a queue item (approve, redact, return, reject, divert, hide, restore, appeals), and
the checks every moderator action shares. Bulk decisions are in services.bulk; escalation, lane
moves and notes in services.handling.

Rules enforced here (the one on bulk approval, in services.bulk):
- only a moderator whose scope covers the item's neighbourhood may act, and never where they
  have a stake: their own post, a report they raised, an appeal against their own decision;
- an item claimed by someone else (and not expired) can't be decided by you;
- the decision applies only if the item still has the version the moderator saw: of two
  moderators acting at once exactly one wins, the other is told "someone already handled this";
- safeguarding posts are never published; urgent and safeguarding items are never bulk-approved;
  a blocked author's posts are never published;
- every decision is a Decision row (the append-only log), and the person who wrote what was
  decided is told the outcome, the reason and, where it applies, how to appeal;
- changes to concerns go through concerns.services, which records events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concerns import services as concern_services
from concerns.states import PUBLIC_STATES, ConcernStatus, Diversion
from engage import permissions
from engage.refusals import AlreadyHandled, NotAllowed
from moderation.lanes import most_serious
from moderation.models import (
    Action,
    Decision,
    Flag,
    Kind,
    Lane,
    QueueItem,
    RedactedOriginal,
)
from moderation.reasons import (
    APPEAL_HINT,
    FLAG_REASONS,
    REJECT_REASONS,
    RETURN_REASONS,
    reason_text,
)
from moderation.services import appeals, learning, queue, referrals
from moderation.services.sanctions import author_is_blocked

if TYPE_CHECKING:
    from engage.models import User

S = ConcernStatus

ACTIONS_BY_KIND = {
    Kind.CONCERN: (Action.APPROVE, Action.REDACT, Action.RETURN, Action.REJECT, Action.DIVERT),
    Kind.UPDATE: (Action.APPROVE, Action.REDACT, Action.REJECT),
    Kind.REPLY: (Action.APPROVE, Action.REDACT, Action.REJECT),
    Kind.FLAG: (Action.HIDE, Action.RESTORE),
    Kind.APPEAL: (Action.OVERTURN, Action.UPHOLD),
}
NEEDS_REASON = {
    Action.RETURN: RETURN_REASONS,
    Action.REJECT: REJECT_REASONS,
    Action.HIDE: FLAG_REASONS,
}
PUBLISHING = frozenset({Action.APPROVE, Action.REDACT, Action.OVERTURN, Action.RESTORE})
REDACTED_MARK = "(the text before redaction is kept separately for staff until {date})"


@dataclass
class Ruling:
    """What a moderator chose for one item, as a form hands it over."""

    action: str
    version: int
    reason_code: str = ""
    reason_extra: str = ""
    diverted_to: str = ""
    title: str | None = None  # the redacted title/text, for Action.REDACT
    body: str | None = None


def may_moderate(user: User, item: QueueItem) -> bool:
    return permissions.moderates(user, item.neighbourhood)


def check_no_stake(user: User, item: QueueItem) -> None:
    """Scope, and no conflict of interest: for every action on an item, notes included."""
    if not may_moderate(user, item):
        raise NotAllowed("This item is outside the neighbourhoods you moderate.")
    if item.subject.author_id == user.pk:
        raise NotAllowed("You wrote this, so another moderator must handle it.")
    if item.kind == Kind.APPEAL and item.appeal.decision.moderator_id == user.pk:
        raise NotAllowed(
            "You made the decision being appealed, so another moderator must review the appeal."
        )
    if (
        item.kind == Kind.FLAG
        and Flag.objects.filter(concern=item.concern, user=user, reviewed=False).exists()
    ):
        raise NotAllowed(
            "You reported this concern yourself, so another moderator must review the reports."
        )


def check_may_act(user: User, item: QueueItem) -> None:
    check_no_stake(user, item)
    if item.claimed_by_other(user):
        raise AlreadyHandled(
            f"{item.claimed_by.display_name} is reviewing this item until "
            f"{timezone.localtime(item.claim_expires_at):%H:%M}. Pick another."
        )


def subject_lane(item: QueueItem) -> str:
    """The most serious lane the post itself was ever in (a report or an appeal about a
    safeguarding post is still about a safeguarding post)."""
    if item.lane_moved_by_id:  # a moderator's judgement of the post overrules screening's
        return item.lane
    lanes = [item.lane, getattr(item.subject, "lane", Lane.STANDARD)]
    if item.kind in (Kind.APPEAL, Kind.FLAG):
        lanes.append(item.concern.lane)
    return most_serious(lanes)


def _check_rules(item: QueueItem, ruling: Ruling) -> None:
    if ruling.action not in ACTIONS_BY_KIND[item.kind]:
        raise NotAllowed("That action does not apply to this kind of item.")
    if ruling.action in PUBLISHING and author_is_blocked(item.subject):
        raise NotAllowed(
            "The author is blocked, so their posts are held. Reject it, or lift the block first."
        )
    if (
        ruling.action in (Action.APPROVE, Action.REDACT, Action.OVERTURN)
        and subject_lane(item) == Lane.SAFEGUARDING
    ):
        raise NotAllowed(
            "Safeguarding posts are never published. Divert it as a safeguarding "
            "referral, or return or reject it with a reason."
        )


@transaction.atomic
def decide(*, item: QueueItem, moderator: User, ruling: Ruling) -> Decision:
    """Apply one decision to one queue item, exactly once."""
    check_may_act(moderator, item)
    _check_rules(item, ruling)
    reason = _reason(ruling)
    subject = item.subject
    before_title, before_body = getattr(subject, "title", ""), subject.body
    queue.finish(item, version=ruling.version, actor=moderator)
    if ruling.action == Action.DIVERT:
        learning.record_diversion(item, moderator=moderator, diverted_to=ruling.diverted_to)
    _apply(item, moderator, ruling, reason)
    subject.refresh_from_db()
    decision = Decision.objects.create(
        item=item,
        concern=item.concern,
        moderator=moderator,
        subject_author=subject.author,
        action=ruling.action,
        reason_code=ruling.reason_code,
        reason=reason,
        diverted_to=ruling.diverted_to if ruling.action == Action.DIVERT else "",
        text_before=_joined(before_title, before_body),
        text_after=_joined(getattr(subject, "title", ""), subject.body),
    )
    if ruling.action == Action.REDACT:
        _keep_original(decision, before_title, before_body)
    return decision


def _keep_original(decision: Decision, title: str, body: str) -> None:
    """What the post said before a redaction lives only in RedactedOriginal, deleted when the
    retention period ends: the permanent log records that it existed, not what it was."""
    purge_after = timezone.now() + timedelta(days=settings.REDACTED_ORIGINAL_RETENTION_DAYS)
    RedactedOriginal.objects.create(
        decision=decision, title=title, body=body, purge_after=purge_after
    )
    decision.text_before = REDACTED_MARK.format(date=f"{purge_after:%d %B %Y}")
    decision.save(update_fields=["text_before"])


def _joined(title: str, body: str) -> str:
    return f"{title}\n\n{body}" if title else body


def _reason(ruling: Ruling) -> str:
    table = NEEDS_REASON.get(ruling.action)
    if table is not None and ruling.reason_code not in table and not ruling.reason_extra:
        raise NotAllowed("Choose a reason, or write one: the author is told why.")
    if ruling.action == Action.DIVERT and ruling.diverted_to not in Diversion.values:
        raise NotAllowed(
            "Choose where to send it: 999, 101, the online crime report or a safeguarding referral."
        )
    return reason_text(table or {}, ruling.reason_code, ruling.reason_extra)


def _apply(item: QueueItem, moderator: User, ruling: Ruling, reason: str) -> None:
    handler = {
        Kind.CONCERN: _apply_to_concern,
        Kind.UPDATE: _apply_to_update,
        Kind.REPLY: _apply_to_reply,
        Kind.FLAG: _apply_to_flags,
        Kind.APPEAL: appeals.apply_to_appeal,
    }[item.kind]
    handler(item, moderator, ruling, reason)


def _apply_to_concern(item: QueueItem, moderator: User, ruling: Ruling, reason: str) -> None:
    concern, action = item.concern, ruling.action
    if action == Action.REDACT:
        concern_services.redact_text(
            target=concern, actor=moderator, body=ruling.body or "", title=ruling.title
        )
    if action in (Action.APPROVE, Action.REDACT):
        concern_services.transition_concern(concern, S.PUBLISHED, actor=moderator)
        if action == Action.REDACT:
            concern_services.tell_author(
                concern=concern,
                actor=moderator,
                note="We removed personal information before publishing it. " + APPEAL_HINT,
            )
        return
    to = {Action.RETURN: S.RETURNED, Action.REJECT: S.REJECTED, Action.DIVERT: S.DIVERTED}[action]
    note = reason if action == Action.DIVERT else f"{reason} {APPEAL_HINT}"
    concern_services.transition_concern(
        concern, to, actor=moderator, note=note, diverted_to=ruling.diverted_to
    )
    if action == Action.DIVERT:
        referrals.refer_diversion(concern=concern, diverted_to=ruling.diverted_to, reason=reason)


def _apply_to_update(item: QueueItem, moderator: User, ruling: Ruling, reason: str) -> None:
    update = item.update
    tell = _teller(item, moderator, update.author)
    if ruling.action == Action.REDACT:
        concern_services.redact_text(target=update, actor=moderator, body=ruling.body or "")
    if ruling.action in (Action.APPROVE, Action.REDACT):
        concern_services.publish_update(update=update, actor=moderator)
        tell(
            "Your update is published."
            if ruling.action == Action.APPROVE
            else f"Your update is published with personal information removed. {APPEAL_HINT}"
        )
        return
    concern_services.reject_update(update=update, actor=moderator)
    tell(f"We did not publish your update. {reason} {APPEAL_HINT}")


def _apply_to_reply(item: QueueItem, moderator: User, ruling: Ruling, reason: str) -> None:
    reply = item.reply
    if ruling.action == Action.REDACT:
        concern_services.redact_text(target=reply, actor=moderator, body=ruling.body or "")
    if ruling.action in (Action.APPROVE, Action.REDACT):
        concern_services.sign_off_reply(reply=reply, actor=moderator)
        _teller(item, moderator, reply.author)(
            "Your reply was signed off and published"
            + (" with personal information removed." if ruling.action == Action.REDACT else ".")
        )
    else:
        concern_services.reject_reply(reply=reply, actor=moderator, note=reason)


def _apply_to_flags(item: QueueItem, moderator: User, ruling: Ruling, reason: str) -> None:
    concern = item.concern
    concern.refresh_from_db()
    if ruling.action == Action.HIDE:
        if concern.status in PUBLIC_STATES:
            concern_services.transition_concern(
                concern, S.HIDDEN, actor=moderator, note=f"{reason} {APPEAL_HINT}"
            )
        else:  # hidden already by the reports: the author still hears the decision and why
            _teller(item, moderator, concern.author)(
                f"After reviewing reports, a moderator has kept your concern hidden. {reason} "
                f"{APPEAL_HINT}"
            )
    elif concern.status == S.HIDDEN:
        concern_services.transition_concern(
            concern,
            concern.status_before_hidden or S.PUBLISHED,
            actor=moderator,
            note="Restored after review",
        )
    Flag.objects.filter(concern=concern, reviewed=False).update(reviewed=True)


def _teller(item: QueueItem, moderator: User, author: User) -> Callable[[str], object]:
    return lambda note: concern_services.tell_author(
        concern=item.concern, actor=moderator, author=author, note=note
    )
