"""The rules that stop a decision doing harm: safeguarding never published, urgent and
safeguarding never bulk-approved, blocks hold, nobody decides where they have a stake, and the
person a decision is about is always told why."""

from __future__ import annotations

import uuid

import pytest

from concerns import services as concern_services
from concerns.models import Concern, Notification, ResidentUpdate
from concerns.states import ConcernStatus as S
from engage.refusals import AlreadyHandled, NotAllowed
from moderation import selectors, services
from moderation.models import Action, QueueItem
from moderation.services import Ruling, appeals, flags, sanctions
from tests.conftest import signed_in
from tests.factories import UserFactory

SAFEGUARDING = ("Worried about a child", "The boy next door is left alone and hit every night.")
URGENT = ("Knife", "A man has a knife outside right now.")


def decide(item, moderator, action, **extra):
    item.refresh_from_db()
    return services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=action, version=item.version, **extra)
    )


def messages_to(user) -> str:
    return " | ".join(Notification.objects.filter(user=user).values_list("message", flat=True))


def test_a_safeguarding_post_is_never_published_even_by_a_moderator(submit, moderator):
    item = submit(*SAFEGUARDING)
    assert item.lane == "safeguarding"

    for action in (Action.APPROVE, Action.REDACT):
        with pytest.raises(NotAllowed, match="never published"):
            decide(item, moderator, action, body="Cleaned")
    decide(item, moderator, Action.DIVERT, diverted_to="safeguarding")
    assert Concern.objects.get(pk=item.concern_id).status == S.DIVERTED


def test_an_appeal_cannot_publish_a_safeguarding_post(
    submit, moderator, second_moderator, resident
):
    decision = decide(submit(*SAFEGUARDING), moderator, Action.REJECT, reason_code="abusive")
    appeal = appeals.appeal(decision=decision, author=resident, text="Please publish it")

    with pytest.raises(NotAllowed, match="never published"):
        decide(QueueItem.objects.get(appeal=appeal), second_moderator, Action.OVERTURN)
    assert Concern.objects.get(pk=decision.concern_id).status == S.REJECTED


def test_bulk_approval_leaves_urgent_and_safeguarding_items_alone(submit, moderator, settings):
    settings.SUBMISSIONS_PER_HOUR = 20
    items = [submit(*URGENT), submit(*SAFEGUARDING), submit()]

    result = services.decide_many(
        items=[(i, i.version) for i in items], moderator=moderator, action=Action.APPROVE
    )

    assert result.done == 1 and len(result.skipped) == 2
    assert all("one at a time" in line for line in result.skipped)
    assert [Concern.objects.get(pk=i.concern_id).status for i in items] == [
        S.SUBMITTED,
        S.SUBMITTED,
        S.PUBLISHED,
    ]


def test_a_block_holds_through_appeals_and_dismissed_reports(
    submit, concern_by, moderator, second_moderator, resident, other_resident
):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")
    appeal = appeals.appeal(decision=decision, author=resident, text="Not spam")
    hidden = concern_by("published")
    flags.flag_concern(concern=hidden, user=other_resident, reason="spam")
    flag_item = QueueItem.objects.get(concern=hidden, kind="flag")
    sanctions.sanction(user=resident, by=moderator, kind="block", reason="Doxxing")

    with pytest.raises(NotAllowed, match="blocked"):
        decide(QueueItem.objects.get(appeal=appeal), second_moderator, Action.OVERTURN)
    with pytest.raises(NotAllowed, match="blocked"):
        decide(flag_item, moderator, Action.RESTORE)


def test_a_moderator_who_reported_a_concern_cannot_judge_the_reports(
    concern_by, moderator, second_moderator
):
    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=moderator, reason="spam")
    item = QueueItem.objects.get(concern=concern, kind="flag")

    with pytest.raises(NotAllowed, match="reported this concern yourself"):
        decide(item, moderator, Action.HIDE, reason_code="spam")
    decide(item, second_moderator, Action.RESTORE)


def test_a_moderator_never_sees_the_moderation_of_their_own_post(submit, moderator):
    item = submit(author=moderator)
    client = signed_in(moderator, two_factor=True)

    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.post(f"/moderation/items/{item.pk}/note/", {"text": "mine"}).status_code == 404
    assert item.pk not in [
        i.pk for i in selectors.queue_page(moderator, selectors.QueueFilters()).items
    ]
    with pytest.raises(NotAllowed):
        services.add_note(item=item, moderator=moderator, text="Let me through")


def test_the_moderator_whose_decision_is_appealed_cannot_add_notes_to_the_appeal(
    submit, moderator, resident
):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")
    appeal = appeals.appeal(decision=decision, author=resident, text="Why?")

    with pytest.raises(NotAllowed, match="appealed"):
        services.add_note(
            item=QueueItem.objects.get(appeal=appeal),
            moderator=moderator,
            text="They are a nuisance",
        )


def test_a_decided_item_cannot_be_escalated(submit, moderator):
    item = submit()
    decide(item, moderator, Action.APPROVE)
    item.refresh_from_db()

    with pytest.raises(AlreadyHandled):
        services.escalate(item=item, moderator=moderator, note="Look at this")


def test_hiding_after_reports_tells_the_author_the_reason_and_how_to_appeal(
    concern_by, moderator, resident, other_resident
):
    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=other_resident, reason="names_person")

    decide(
        QueueItem.objects.get(concern=concern, kind="flag"),
        moderator,
        Action.HIDE,
        reason_code="names_person",
    )

    told = messages_to(resident)
    assert "named or identified a person" in told and "reviewed" in told


def test_keeping_an_automatically_hidden_concern_hidden_tells_the_author_why(
    concern_by, moderator, resident
):
    concern = concern_by("published")
    old = UserFactory(email="old@example.com", date_joined=concern.created_at.replace(year=2020))
    flags.flag_concern(concern=concern, user=old, reason="personal_data")
    assert Concern.objects.get(pk=concern.pk).status == S.HIDDEN
    Notification.objects.all().delete()

    decide(
        QueueItem.objects.get(concern=concern, kind="flag"),
        moderator,
        Action.HIDE,
        reason_code="personal_data",
    )

    assert "kept your concern hidden" in messages_to(resident)
    assert "contained personal information" in messages_to(resident)


def test_the_author_of_an_update_hears_it_is_published(concern_by, moderator, other_resident):
    update = concern_services.add_update(
        concern=concern_by("published"),
        author=other_resident,
        body="Still happening.",
        submission_key=uuid.uuid4(),
    )

    decide(QueueItem.objects.get(update=update), moderator, Action.APPROVE)

    assert "Your update is published." in messages_to(other_resident)


def test_appeals_belong_to_whoever_wrote_what_was_decided(
    concern_by, moderator, second_moderator, resident, other_resident
):
    concern = concern_by("published")
    update = concern_services.add_update(
        concern=concern,
        author=other_resident,
        body="The owner, Dave, is the one selling.",
        submission_key=uuid.uuid4(),
    )
    decision = decide(
        QueueItem.objects.get(update=update),
        moderator,
        Action.REJECT,
        reason_code="",
        reason_extra="PRIVATE-TO-UPDATE-AUTHOR",
    )

    assert appeals.appealable_decisions(concern, resident) == []  # the concern's author
    page = signed_in(resident).get(concern.get_absolute_url()).content.decode()
    assert "PRIVATE-TO-UPDATE-AUTHOR" not in page
    with pytest.raises(NotAllowed):
        appeals.appeal(decision=decision, author=resident, text="Mine?")

    appeal = appeals.appeal(decision=decision, author=other_resident, text="It is true.")
    decide(QueueItem.objects.get(appeal=appeal), second_moderator, Action.OVERTURN)

    assert ResidentUpdate.objects.get(pk=update.pk).status == "published"
    assert "your update is now published" in messages_to(other_resident)


def test_an_upheld_appeal_against_a_redaction_restores_the_words(
    submit, moderator, second_moderator, resident
):
    item = submit(title="Dealing", body="Dealing outside Dave's Kebabs every night.")
    decision = decide(item, moderator, Action.REDACT, body="Dealing outside [removed] every night.")
    appeal = appeals.appeal(
        decision=decision, author=resident, text="Dave's Kebabs is a shop, not a person."
    )

    decide(QueueItem.objects.get(appeal=appeal), second_moderator, Action.OVERTURN)

    assert "Dave's Kebabs" in Concern.objects.get(pk=item.concern_id).body


def test_an_appeal_sent_twice_is_refused_politely_not_a_server_error(submit, moderator, resident):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")
    client = signed_in(resident)
    url = f"/concerns/{decision.concern.ref}/appeal/?decision={decision.pk}"

    first = client.post(url, {"text": "Please look again", "decision": decision.pk})
    second = client.post(url, {"text": "Please look again", "decision": decision.pk})

    assert first.status_code == 302 and second.status_code == 404  # nothing left to appeal
    assert QueueItem.objects.filter(kind="appeal").count() == 1


def test_an_unverified_account_cannot_report(concern_by):
    with pytest.raises(NotAllowed, match="Confirm your email"):
        flags.flag_concern(
            concern=concern_by("published"),
            user=UserFactory(email="new@example.com", unverified=True),
            reason="spam",
        )


def test_reports_are_rate_limited_per_person(concern_by, other_resident, monkeypatch):
    from engage.refusals import QuotaExceeded

    monkeypatch.setattr(flags, "FLAGS_PER_HOUR", 2)
    for _ in range(2):
        flags.flag_concern(concern=concern_by("published"), user=other_resident, reason="spam")

    with pytest.raises(QuotaExceeded):
        flags.flag_concern(concern=concern_by("published"), user=other_resident, reason="spam")


def test_a_scoped_moderator_cannot_review_an_appeal_outside_their_scope(
    submit, moderator, scoped_moderator, resident
):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")
    appeal = appeals.appeal(decision=decision, author=resident, text="Why?")

    with pytest.raises(NotAllowed, match="outside"):
        decide(QueueItem.objects.get(appeal=appeal), scoped_moderator, Action.OVERTURN)
