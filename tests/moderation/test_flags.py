"""Community flags: one per person, weighted, hiding at once when the rules say, and queued."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concerns.models import Concern, Notification
from concerns.states import ConcernStatus as S
from engage.refusals import AlreadyHandled, NotAllowed
from moderation import services
from moderation.models import Action, QueueItem
from moderation.services import Ruling, appeals, flags, sanctions
from tests.factories import UserFactory


def new_account(n: int):
    """Past the first week (weight 1), not yet established (weight 2)."""
    return UserFactory(email=f"new{n}@example.com", date_joined=timezone.now() - timedelta(days=10))


def brand_new_account(n: int):
    """Made minutes ago: its flags weigh 0."""
    return UserFactory(email=f"brand.new{n}@example.com")


def established_account(n: int = 0):
    return UserFactory(email=f"old{n}@example.com", date_joined=timezone.now() - timedelta(days=90))


def status(concern) -> str:
    return Concern.objects.get(pk=concern.pk).status


def test_a_personal_data_flag_from_an_established_resident_hides_at_once(concern_by, resident):
    concern = concern_by("published")

    flags.flag_concern(concern=concern, user=established_account(), reason="personal_data")

    assert status(concern) == S.HIDDEN
    item = QueueItem.objects.get(concern=concern, kind="flag")
    assert item.lane == "personal_data" and item.state == "pending"
    assert Notification.objects.filter(user=resident).exists()  # the author is told


def test_a_serious_flag_from_a_new_account_queues_without_hiding(concern_by):
    concern = concern_by("published")

    flags.flag_concern(concern=concern, user=new_account(1), reason="urgent")

    assert status(concern) == S.PUBLISHED
    assert QueueItem.objects.get(concern=concern, kind="flag").lane == "urgent"


def test_enough_weighted_flags_hide_it_and_one_queue_item_holds_them_all(concern_by, settings):
    settings.FLAGS_TO_HIDE = 3
    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=new_account(1), reason="spam")
    flags.flag_concern(concern=concern, user=new_account(2), reason="abusive")
    assert status(concern) == S.PUBLISHED

    flags.flag_concern(concern=concern, user=new_account(3), reason="other", text="Made up")

    assert status(concern) == S.HIDDEN
    assert QueueItem.objects.filter(concern=concern, kind="flag").count() == 1


def test_an_established_resident_counts_double(concern_by, settings):
    settings.FLAGS_TO_HIDE = 3
    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=established_account(1), reason="spam")
    assert status(concern) == S.PUBLISHED

    flags.flag_concern(concern=concern, user=new_account(1), reason="spam")

    assert status(concern) == S.HIDDEN


def test_one_flag_per_person_and_never_on_your_own_or_unpublished_concerns(
    concern_by, resident, other_resident
):
    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=other_resident, reason="spam")

    with pytest.raises(AlreadyHandled):
        flags.flag_concern(concern=concern, user=other_resident, reason="abusive")
    with pytest.raises(NotAllowed):
        flags.flag_concern(concern=concern, user=resident, reason="spam")
    with pytest.raises(NotAllowed):
        flags.flag_concern(concern=concern_by("submitted"), user=other_resident, reason="spam")
    with pytest.raises(NotAllowed, match="Tell us what"):
        flags.flag_concern(concern=concern_by("published"), user=other_resident, reason="other")


def test_dismissing_the_flags_puts_a_hidden_concern_back_where_it_was(concern_by, moderator):
    concern = concern_by("in_progress")
    flags.flag_concern(concern=concern, user=established_account(), reason="personal_data")
    item = QueueItem.objects.get(concern=concern, kind="flag")

    services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=Action.RESTORE, version=item.version)
    )

    assert status(concern) == S.IN_PROGRESS
    assert not concern.flags.filter(reviewed=False).exists()


def test_agreeing_with_the_flags_hides_it_with_a_reason_the_author_can_appeal(
    concern_by, moderator, resident
):
    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=new_account(1), reason="names_person")
    item = QueueItem.objects.get(concern=concern, kind="flag")

    decision = services.decide(
        item=item,
        moderator=moderator,
        ruling=Ruling(action=Action.HIDE, version=item.version, reason_code="names_person"),
    )

    assert status(concern) == S.HIDDEN
    assert appeals.appealable_decision(concern, resident) == decision


def test_a_warning_from_an_item_tells_the_person_why(concern_by, moderator, resident):
    concern = concern_by("published")

    sanctions.sanction(
        user=resident, by=moderator, kind="warn", reason="Named a neighbour", concern=concern
    )

    assert Notification.objects.filter(
        user=resident, message__contains="Named a neighbour"
    ).exists()
    sanctions.check_may_post(author=resident)  # a warning does not stop posting


def test_three_accounts_made_minutes_ago_cannot_hide_a_concern(concern_by, settings):
    """Issue 16, item 10: FLAGS_TO_HIDE=3 and weight 1 for new accounts let them."""
    settings.FLAGS_TO_HIDE = 3
    concern = concern_by("published")

    for n in range(5):
        flags.flag_concern(concern=concern, user=brand_new_account(n), reason="spam")

    assert status(concern) == S.PUBLISHED
    assert QueueItem.objects.get(concern=concern, kind="flag").state == "pending"  # reviewed


def test_a_lately_sanctioned_account_weighs_nothing(concern_by, moderator, settings):
    settings.FLAGS_TO_HIDE = 2
    concern = concern_by("published")
    warned = established_account(7)
    sanctions.sanction(user=warned, by=moderator, kind="warn", reason="Abusive reports")

    flag = flags.flag_concern(concern=concern, user=warned, reason="personal_data")

    assert flag.weight == 0
    assert status(concern) == S.PUBLISHED


@pytest.mark.django_db
def test_weights_by_age_new_recent_and_established():
    assert [
        flags.flag_weight(user)
        for user in (brand_new_account(1), new_account(1), established_account(1))
    ] == [0, 1, 2]
