"""Appeals (moderation.services.appeals): one per decision, reviewed by a different moderator,
only by the author; a refusal leaves the decision and tells the author."""

from __future__ import annotations

import pytest

from concerns.models import Concern, Notification
from concerns.states import ConcernStatus as S
from engage.refusals import AlreadyHandled, NotAllowed
from moderation.models import Action, Appeal, QueueItem
from moderation.services import appeals
from tests.moderation.helpers import decide


def test_one_appeal_per_decision_reviewed_by_a_different_moderator(
    submit, moderator, second_moderator, resident
):
    item = submit()
    decision = decide(item, moderator, Action.REJECT, reason_code="not_police")
    assert appeals.appealable_decision(item.concern, resident) == decision

    appeal = appeals.appeal(decision=decision, author=resident, text="It is about drug dealing.")
    with pytest.raises(AlreadyHandled):
        appeals.appeal(decision=decision, author=resident, text="Again")
    review = QueueItem.objects.get(appeal=appeal)
    with pytest.raises(NotAllowed, match="another moderator must review"):
        decide(review, moderator, Action.OVERTURN)

    decide(review, second_moderator, Action.OVERTURN)

    assert Concern.objects.get(pk=item.concern_id).status == S.PUBLISHED
    assert Appeal.objects.get().state == "upheld"
    assert appeals.appealable_decision(item.concern, resident) is None


def test_a_refused_appeal_leaves_the_decision_and_tells_the_author(
    submit, moderator, second_moderator, resident
):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")
    appeal = appeals.appeal(decision=decision, author=resident, text="Not spam.")

    decide(QueueItem.objects.get(appeal=appeal), second_moderator, Action.UPHOLD)

    assert Concern.objects.get(pk=decision.concern_id).status == S.REJECTED
    assert Notification.objects.filter(
        user=resident, message__contains="the decision stands"
    ).exists()


def test_only_the_author_may_appeal(submit, moderator, other_resident):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")

    with pytest.raises(NotAllowed):
        appeals.appeal(decision=decision, author=other_resident, text="Let me")
