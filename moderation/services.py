"""Every moderator action: decide an item (approve, redact, return, reject, divert, hide,
restore, appeals), bulk decisions, escalation and notes.

Rules enforced here:
- only a moderator whose scope covers the item's neighbourhood may act, never on their own post;
- an item claimed by someone else (and not expired) can't be decided by you;
- the decision applies only if the item still has the version the moderator saw: of two
  moderators acting at once exactly one wins, the other is told "someone already handled this";
- every decision is a Decision row (the append-only log) with the text before and after;
- changes to concerns go through concerns.services, which records events and tells the author.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concerns import services as concern_services
from concerns.errors import AlreadyHandled, ConcernError, NotAllowed
from concerns.states import PUBLIC_STATES, ConcernStatus, Diversion
from engage import permissions
from moderation import queue
from moderation.models import (APPEALABLE, Action, Appeal, AppealState, Decision, Flag, Kind,
                               Note, QueueItem, RedactedOriginal)
from moderation.reasons import (APPEAL_HINT, FLAG_REASONS, REJECT_REASONS, RETURN_REASONS,
                                reason_text)
from moderation.sanctions import author_is_blocked

S = ConcernStatus

ACTIONS_BY_KIND = {
    Kind.CONCERN: (Action.APPROVE, Action.REDACT, Action.RETURN, Action.REJECT, Action.DIVERT),
    Kind.UPDATE: (Action.APPROVE, Action.REDACT, Action.REJECT),
    Kind.REPLY: (Action.APPROVE, Action.REDACT, Action.REJECT),
    Kind.FLAG: (Action.HIDE, Action.RESTORE),
    Kind.APPEAL: (Action.OVERTURN, Action.UPHOLD),
}
NEEDS_REASON = {Action.RETURN: RETURN_REASONS, Action.REJECT: REJECT_REASONS,
                Action.HIDE: FLAG_REASONS}


@dataclass
class Verdict:
    """What a moderator chose for one item, as a form hands it over."""

    action: str
    version: int
    reason_code: str = ""
    reason_extra: str = ""
    diverted_to: str = ""
    title: str | None = None      # the redacted title/text, for Action.REDACT
    body: str | None = None
    extra: dict = field(default_factory=dict)


def may_moderate(user, item: QueueItem) -> bool:
    return permissions.moderates(user, item.neighbourhood)


def check_may_act(user, item: QueueItem) -> None:
    if not may_moderate(user, item):
        raise NotAllowed("This item is outside the neighbourhoods you moderate.")
    if item.subject.author_id == user.pk:
        raise NotAllowed("You wrote this, so another moderator must decide it.")
    if item.kind == Kind.APPEAL and item.appeal.decision.moderator_id == user.pk:
        raise NotAllowed("You made the decision being appealed, so another moderator must "
                         "review the appeal.")
    if item.claimed_by_other(user):
        raise AlreadyHandled(f"{item.claimed_by.display_name} is reviewing this item until "
                             f"{timezone.localtime(item.claim_expires_at):%H:%M}. Pick another.")


@transaction.atomic
def decide(*, item: QueueItem, moderator, verdict: Verdict) -> Decision:
    """Apply one decision to one queue item, exactly once."""
    check_may_act(moderator, item)
    if verdict.action not in ACTIONS_BY_KIND[item.kind]:
        raise NotAllowed("That action does not apply to this kind of item.")
    reason = _reason(verdict)
    if verdict.action in (Action.APPROVE, Action.REDACT) and author_is_blocked(item.subject):
        raise NotAllowed("The author is blocked, so their posts are held. Reject it, or lift "
                         "the block first.")
    subject = item.subject
    before_title, before_body = getattr(subject, "title", ""), subject.body
    queue.finish(item, version=verdict.version, actor=moderator)
    _apply(item, moderator, verdict, reason)
    subject.refresh_from_db()
    decision = Decision.objects.create(
        item=item, concern=item.concern, moderator=moderator, action=verdict.action,
        reason_code=verdict.reason_code, reason=reason,
        diverted_to=verdict.diverted_to if verdict.action == Action.DIVERT else "",
        text_before=_joined(before_title, before_body),
        text_after=_joined(getattr(subject, "title", ""), subject.body))
    if verdict.action == Action.REDACT:
        RedactedOriginal.objects.create(
            decision=decision, title=before_title, body=before_body,
            purge_after=timezone.now() + timedelta(
                days=settings.REDACTED_ORIGINAL_RETENTION_DAYS))
    return decision


def _joined(title: str, body: str) -> str:
    return f"{title}\n\n{body}" if title else body


def _reason(verdict: Verdict) -> str:
    table = NEEDS_REASON.get(verdict.action)
    if table is not None and verdict.reason_code not in table and not verdict.reason_extra:
        raise NotAllowed("Choose a reason, or write one: the author is told why.")
    if verdict.action == Action.DIVERT and verdict.diverted_to not in Diversion.values:
        raise NotAllowed("Choose where to send it: 999, 101, the online crime report or a "
                         "safeguarding referral.")
    return reason_text(table or {}, verdict.reason_code, verdict.reason_extra)


def _apply(item: QueueItem, moderator, verdict: Verdict, reason: str) -> None:
    handler = {Kind.CONCERN: _apply_to_concern, Kind.UPDATE: _apply_to_update,
               Kind.REPLY: _apply_to_reply, Kind.FLAG: _apply_to_flags,
               Kind.APPEAL: _apply_to_appeal}[item.kind]
    handler(item, moderator, verdict, reason)


def _apply_to_concern(item: QueueItem, moderator, verdict: Verdict, reason: str) -> None:
    concern, action = item.concern, verdict.action
    if action == Action.REDACT:
        concern_services.redact_text(target=concern, actor=moderator, body=verdict.body or "",
                                     title=verdict.title)
    if action in (Action.APPROVE, Action.REDACT):
        concern_services.transition_concern(concern, S.PUBLISHED, actor=moderator)
        if action == Action.REDACT:
            concern_services.tell_author(
                concern=concern, actor=moderator,
                note="We removed personal information before publishing it. " + APPEAL_HINT)
        return
    to = {Action.RETURN: S.RETURNED, Action.REJECT: S.REJECTED, Action.DIVERT: S.DIVERTED}[action]
    note = reason if action == Action.DIVERT else f"{reason} {APPEAL_HINT}"
    concern_services.transition_concern(concern, to, actor=moderator, note=note,
                                        diverted_to=verdict.diverted_to)


def _apply_to_update(item: QueueItem, moderator, verdict: Verdict, reason: str) -> None:
    update = item.update
    if verdict.action == Action.REDACT:
        concern_services.redact_text(target=update, actor=moderator, body=verdict.body or "")
    if verdict.action in (Action.APPROVE, Action.REDACT):
        concern_services.publish_update(update=update, actor=moderator)
        return
    concern_services.reject_update(update=update, actor=moderator)
    concern_services.tell_author(
        concern=item.concern, actor=moderator, author=update.author,
        note=f"We did not publish your update. {reason}")


def _apply_to_reply(item: QueueItem, moderator, verdict: Verdict, reason: str) -> None:
    reply = item.reply
    if verdict.action == Action.REDACT:
        concern_services.redact_text(target=reply, actor=moderator, body=verdict.body or "")
    if verdict.action in (Action.APPROVE, Action.REDACT):
        concern_services.sign_off_reply(reply=reply, actor=moderator)
    else:
        concern_services.reject_reply(reply=reply, actor=moderator, note=reason)


def _apply_to_flags(item: QueueItem, moderator, verdict: Verdict, reason: str) -> None:
    concern = item.concern
    concern.refresh_from_db()
    if verdict.action == Action.HIDE and concern.status in PUBLIC_STATES:
        concern_services.transition_concern(concern, S.HIDDEN, actor=moderator,
                                            note=f"{reason} {APPEAL_HINT}")
    elif verdict.action == Action.RESTORE and concern.status == S.HIDDEN:
        concern_services.transition_concern(concern, concern.status_before_hidden or S.PUBLISHED,
                                            actor=moderator, note="Restored after review")
    Flag.objects.filter(concern=concern, reviewed=False).update(reviewed=True)


def _apply_to_appeal(item: QueueItem, moderator, verdict: Verdict, reason: str) -> None:
    appeal, concern = item.appeal, item.concern
    concern.refresh_from_db()
    if verdict.action == Action.UPHOLD:
        Appeal.objects.filter(pk=appeal.pk).update(state=AppealState.REFUSED)
        concern_services.tell_author(
            concern=concern, actor=moderator,
            note=f"We reviewed your appeal and the decision stands. {verdict.reason_extra}".strip())
        return
    Appeal.objects.filter(pk=appeal.pk).update(state=AppealState.UPHELD)
    if concern.status in (S.REJECTED, S.RETURNED):
        concern_services.transition_concern(concern, S.PUBLISHED, actor=moderator,
                                            note="Published after your appeal")
    elif concern.status == S.HIDDEN:
        concern_services.transition_concern(concern, concern.status_before_hidden or S.PUBLISHED,
                                            actor=moderator, note="Restored after your appeal")
    else:
        concern_services.tell_author(concern=concern, actor=moderator,
                                     note="We reviewed your appeal and agree with you. "
                                          + verdict.reason_extra)


@dataclass
class BulkResult:
    done: int = 0
    skipped: list[str] = field(default_factory=list)


def decide_many(*, items: list[tuple[QueueItem, int]], moderator, action: str,
                reason_code: str = "", reason_extra: str = "") -> BulkResult:
    """Bulk approve or reject: each item in its own transaction, so one stale or refused item
    never undoes the others; the moderator is told which were skipped and why."""
    if action not in (Action.APPROVE, Action.REJECT):
        raise NotAllowed("Only approve and reject can be applied to several items at once.")
    result = BulkResult()
    for item, version in items:
        try:
            decide(item=item, moderator=moderator,
                   verdict=Verdict(action=action, version=version, reason_code=reason_code,
                                   reason_extra=reason_extra))
        except ConcernError as error:
            result.skipped.append(f"{item.concern.ref}: {error.message}")
        else:
            result.done += 1
    return result


@transaction.atomic
def escalate(*, item: QueueItem, moderator, note: str) -> Decision:
    """Ask the neighbourhood team to look (the item stays in the queue for a decision)."""
    check_may_act(moderator, item)
    if not note.strip():
        raise NotAllowed("Say what you want the team to look at.")
    QueueItem.objects.filter(pk=item.pk).update(escalated_at=timezone.now())
    subject = item.subject
    text = _joined(getattr(subject, "title", ""), subject.body)
    decision = Decision.objects.create(item=item, concern=item.concern, moderator=moderator,
                                       action=Action.ESCALATE, reason=note.strip(),
                                       text_before=text, text_after=text)
    from moderation.tasks import tell_team_of_escalation  # tasks imports services

    transaction.on_commit(lambda: tell_team_of_escalation.delay(decision.pk), robust=True)
    return decision


def add_note(*, item: QueueItem, moderator, text: str) -> Note:
    if not may_moderate(moderator, item):
        raise NotAllowed("This item is outside the neighbourhoods you moderate.")
    if not text.strip():
        raise NotAllowed("Write the note first.")
    return Note.objects.create(item=item, author=moderator, text=text.strip()[:2000])


def appealable_decision(concern, author) -> Decision | None:
    """The latest decision on the author's concern that they may still appeal, if any."""
    if concern.author_id != author.pk:
        return None
    decision = (Decision.objects.filter(concern=concern, action__in=APPEALABLE)
                .select_related("appeal").order_by("-id").first())
    if decision is None or hasattr(decision, "appeal"):
        return None
    return decision


@transaction.atomic
def appeal(*, decision: Decision, author, text: str) -> Appeal:
    """One appeal per decision, by the author, queued for a different moderator."""
    if decision.concern.author_id != author.pk:
        raise NotAllowed("Only the person who wrote the concern can appeal.")
    if not decision.may_be_appealed:
        raise NotAllowed("This decision can't be appealed.")
    if Appeal.objects.filter(decision=decision).exists():
        raise AlreadyHandled("You have already appealed this decision; we will tell you the "
                             "outcome.")
    if not text.strip():
        raise NotAllowed("Tell us why you think the decision was wrong.")
    created = Appeal.objects.create(decision=decision, author=author, text=text.strip())
    queue.enqueue(kind=Kind.APPEAL, concern=decision.concern, appeal=created,
                  lane=decision.item.lane)
    return created
