"""Sanctions (moderation.services.sanctions): a restriction stops posting and says until when,
a reason is needed, a block holds the author's pending posts."""

from __future__ import annotations

import pytest

from concerns.models import Concern
from concerns.states import ConcernStatus as S
from engage.refusals import NotAllowed
from moderation.models import Action
from moderation.services import sanctions
from tests.moderation.helpers import decide


def test_a_restricted_author_cannot_post_and_is_told_until_when(submit, moderator, resident):
    sanctions.sanction(
        user=resident, by=moderator, kind="restrict", days=3, reason="Repeated personal data"
    )

    with pytest.raises(NotAllowed, match="can't post until"):
        submit()


def test_a_sanction_needs_a_reason(moderator, resident):
    with pytest.raises(NotAllowed, match="reason"):
        sanctions.sanction(user=resident, by=moderator, kind="block", reason=" ")


def test_a_block_holds_the_authors_pending_posts(submit, moderator, resident):
    item = submit()
    sanctions.sanction(user=resident, by=moderator, kind="block", reason="Doxxing")

    with pytest.raises(NotAllowed, match="author is blocked"):
        decide(item, moderator, Action.APPROVE)
    decide(item, moderator, Action.REJECT, reason_code="abusive")
    assert Concern.objects.get(pk=item.concern_id).status == S.REJECTED
