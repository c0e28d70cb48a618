"""Appeals: the person a decision was about asks for it to be looked at again. One appeal per
decision, by the author of what was decided (never someone else on the same concern), reviewed
by a moderator other than the one who decided; upholding it reverses what the decision did."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction

from concerns import services as concern_services
from concerns.models import UpdateStatus
from concerns.states import ConcernStatus
from engage.refusals import AlreadyHandled, NotAllowed
from moderation.models import (
    APPEALABLE,
    APPEALABLE_KINDS,
    Action,
    Appeal,
    AppealState,
    Decision,
    Kind,
    QueueItem,
    RedactedOriginal,
)
from moderation.services import queue

if TYPE_CHECKING:
    from concerns.models import Concern
    from engage.models import User
    from moderation.services import Ruling

S = ConcernStatus


def appealable_decisions(concern: Concern, user: User) -> list[Decision]:
    """Decisions on this concern about something `user` wrote, not yet appealed."""
    if user is None or not user.is_authenticated:
        return []
    return list(
        Decision.objects.filter(
            concern=concern,
            subject_author=user,
            action__in=APPEALABLE,
            item__kind__in=APPEALABLE_KINDS,
            appeal__isnull=True,
        )
        .select_related("item")
        .order_by("-id")
    )


def appealable_decision(
    concern: Concern, user: User, decision_id: int | None = None
) -> Decision | None:
    decisions = appealable_decisions(concern, user)
    if decision_id is not None:
        decisions = [d for d in decisions if d.pk == decision_id]
    return decisions[0] if decisions else None


def appeal(*, decision: Decision, author: User, text: str) -> Appeal:
    """Queue an appeal for a different moderator; a second one (a double click) is refused."""
    if decision.subject_author_id != author.pk:
        raise NotAllowed("Only the person who wrote what was decided can appeal.")
    if not decision.may_be_appealed:
        raise NotAllowed("This decision can't be appealed.")
    if not text.strip():
        raise NotAllowed("Tell us why you think the decision was wrong.")
    try:
        with transaction.atomic():
            created = Appeal.objects.create(decision=decision, author=author, text=text.strip())
            queue.enqueue(
                kind=Kind.APPEAL, concern=decision.concern, appeal=created, lane=decision.item.lane
            )
    except IntegrityError:
        raise AlreadyHandled(
            "You have already appealed this decision; we will tell you the outcome."
        ) from None
    return created


def apply_to_appeal(item: QueueItem, moderator: User, ruling: Ruling, reason: str) -> None:
    appeal_row, decision = item.appeal, item.appeal.decision

    def tell(note: str) -> None:
        concern_services.tell_author(
            concern=item.concern, actor=moderator, author=appeal_row.author, note=note
        )

    if ruling.action == Action.UPHOLD:
        Appeal.objects.filter(pk=appeal_row.pk).update(state=AppealState.REFUSED)
        tell(f"We reviewed your appeal and the decision stands. {ruling.reason_extra}".strip())
        return
    Appeal.objects.filter(pk=appeal_row.pk).update(state=AppealState.UPHELD)
    undone = _reverse(decision, moderator)
    tell(
        (
            "We reviewed your appeal and agree with you: " + undone + " " + ruling.reason_extra
        ).strip()
    )


def _reverse(decision: Decision, moderator: User) -> str:
    """Undo what `decision` did, where the thing decided is still as it left it."""
    concern = decision.concern
    concern.refresh_from_db()
    original = RedactedOriginal.objects.filter(decision=decision).first()
    if decision.item.kind == Kind.UPDATE:
        update = decision.item.update
        if decision.action == Action.REJECT and update.status == UpdateStatus.REJECTED:
            concern_services.publish_update(update=update, actor=moderator, overturning=True)
            return "your update is now published."
        if decision.action == Action.REDACT and original:
            concern_services.restore_text(target=update, actor=moderator, body=original.body)
            return "your update is shown as you wrote it."
    elif decision.action in (Action.REJECT, Action.RETURN) and concern.status in (
        S.REJECTED,
        S.RETURNED,
    ):
        concern_services.transition_concern(
            concern, S.PUBLISHED, actor=moderator, note="Published after your appeal"
        )
        return "your concern is now published."
    elif decision.action == Action.HIDE and concern.status == S.HIDDEN:
        concern_services.transition_concern(
            concern,
            concern.status_before_hidden or S.PUBLISHED,
            actor=moderator,
            note="Restored after your appeal",
        )
        return "your concern is back on show."
    elif decision.action == Action.REDACT and original:
        concern_services.restore_text(
            target=concern, actor=moderator, title=original.title, body=original.body
        )
        return "your concern is shown as you wrote it."
    return "it has changed since, so there was nothing left to reverse."
