"""The queue's decisions, through moderation.services: lanes and deadlines, claims, versions,
every action (approve, redact, return, divert, escalate), the log, scope, bulk decisions and
resident updates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from concerns.models import Concern, Notification
from concerns.states import ConcernStatus as S
from engage.refusals import AlreadyHandled, NotAllowed
from moderation import selectors, services
from moderation.models import Action, Decision, ItemState, QueueItem, RedactedOriginal
from moderation.services import Ruling, queue, reminders
from tests.moderation.helpers import PHONE_POST, decide, pending_total


def test_a_submitted_concern_waits_in_the_lane_screening_chose_with_its_deadline(submit, moderator):
    clean = submit()
    held = submit(title="Dealing by the park", body=PHONE_POST)

    assert clean.lane == "standard" and held.lane == "personal_data"
    assert held.deadline - held.created_at == timedelta(minutes=240)
    page = selectors.queue_page(moderator, selectors.QueueFilters())
    assert [item.pk for item in page.items] == [held.pk, clean.pk]  # lane before age
    assert selectors.lane_counts(moderator)["personal_data"] == 1
    assert pending_total(moderator) == 2


def test_approving_publishes_logs_and_tells_the_author(submit, moderator, resident):
    item = submit()

    decision = decide(item, moderator, Action.APPROVE)

    concern = Concern.objects.get(pk=item.concern_id)
    item.refresh_from_db()
    assert concern.status == S.PUBLISHED and item.state == ItemState.DECIDED
    assert decision.moderator == moderator and decision.text_before == decision.text_after
    assert decision.text_before.startswith("Bikes ridden on the pavement\n\n")
    assert Notification.objects.filter(user=resident, event__concern=concern).exists()
    assert pending_total(moderator) == 0


def test_a_decision_on_a_stale_version_is_refused_and_changes_nothing(
    submit, moderator, second_moderator
):
    item = submit()
    seen = item.version
    decide(item, second_moderator, Action.REJECT, reason_code="spam")
    notifications = Notification.objects.count()

    with pytest.raises(AlreadyHandled, match="Someone already handled this"):
        services.decide(
            item=item, moderator=moderator, ruling=Ruling(action=Action.APPROVE, version=seen)
        )

    assert Concern.objects.get(pk=item.concern_id).status == S.REJECTED
    assert Decision.objects.count() == 1 and Notification.objects.count() == notifications


def test_a_claim_keeps_others_off_until_it_expires(submit, moderator, second_moderator):
    item = submit()
    queue.claim(item, moderator=moderator)

    with pytest.raises(AlreadyHandled, match="Sam is reviewing this item"):
        decide(item, second_moderator, Action.APPROVE)
    with pytest.raises(AlreadyHandled):
        queue.claim(item, moderator=second_moderator)

    QueueItem.objects.filter(pk=item.pk).update(
        claim_expires_at=timezone.now() - timedelta(seconds=1)
    )
    queue.claim(item, moderator=second_moderator)
    decide(item, second_moderator, Action.APPROVE)
    assert Concern.objects.get(pk=item.concern_id).status == S.PUBLISHED


def test_a_claim_then_a_decision_by_the_claimant_needs_the_version_after_the_claim(
    submit, moderator
):
    item = submit()
    opened_at = item.version
    queue.claim(item, moderator=moderator)  # e.g. in another tab

    with pytest.raises(AlreadyHandled):
        services.decide(
            item=item, moderator=moderator, ruling=Ruling(action=Action.APPROVE, version=opened_at)
        )
    decide(item, moderator, Action.APPROVE)


def test_redaction_publishes_the_cleaned_text_and_keeps_the_original_for_staff(
    submit, moderator, resident
):
    item = submit(title="Dealing at the corner", body=PHONE_POST)
    start = PHONE_POST.index("07700")
    cleaned = PHONE_POST[:start] + "[removed]" + PHONE_POST[start + len("07700 900123") :]

    decision = decide(item, moderator, Action.REDACT, body=cleaned, title="Dealing at the corner")

    concern = Concern.objects.get(pk=item.concern_id)
    assert concern.status == S.PUBLISHED and "07700" not in concern.body + concern.body_html
    assert "[removed]" in concern.body_html
    original = RedactedOriginal.objects.get(decision=decision)
    assert "07700 900123" in original.body  # kept for staff, for the retention period only
    decision.refresh_from_db()
    assert "07700" not in decision.text_before + decision.text_after  # the log never holds it
    assert "kept separately for staff" in decision.text_before
    assert Notification.objects.filter(
        user=resident, message__contains="removed personal information"
    ).exists()


def test_redacted_originals_are_purged_after_their_retention_period(submit, moderator):
    item = submit(body=PHONE_POST)
    decision = decide(item, moderator, Action.REDACT, body="Cleaned.")
    assert reminders.purge_redacted_originals() == 0
    RedactedOriginal.objects.filter(decision=decision).update(
        purge_after=timezone.now() - timedelta(seconds=1)
    )

    assert reminders.purge_redacted_originals() == 1
    assert Decision.objects.filter(pk=decision.pk).exists()  # the log entry stays
    everywhere = [
        *Decision.objects.values_list("text_before", "text_after", "reason"),
        *Concern.objects.values_list("title", "body", "body_html"),
    ]
    assert "07700" not in repr(everywhere)


def test_returning_needs_a_reason_and_the_author_is_told_it_and_how_to_appeal(
    submit, moderator, resident
):
    item = submit()
    with pytest.raises(NotAllowed, match="Choose a reason"):
        decide(item, moderator, Action.RETURN)

    decide(item, moderator, Action.RETURN, reason_code="unclear", reason_extra="Which market?")

    message = Notification.objects.get(user=resident).message
    assert "could not tell what the concern is about" in message
    decision = Decision.objects.get()
    assert (
        "Which market?" in decision.reason
        and "reviewed"
        in decision.reason + Concern.objects.get(pk=item.concern_id).events.last().note
    )


def test_a_returned_concern_edited_and_resubmitted_queues_again(
    submit, moderator, resident, category
):
    from concerns import services as concern_services

    item = submit()
    decide(item, moderator, Action.RETURN, reason_code="unclear")
    concern = Concern.objects.get(pk=item.concern_id)

    concern_services.resubmit_concern(
        concern=concern,
        author=resident,
        title=concern.title,
        body="By the market on Buck Street.",
        category=category,
    )

    again = QueueItem.objects.get(concern=concern, state=ItemState.PENDING)
    assert again.pk != item.pk and again.kind == "concern"


def test_diverting_an_emergency_never_publishes_it(submit, moderator, resident):
    item = submit(title="Man with a knife", body="A man is waving a knife outside right now.")
    assert item.lane == "urgent"

    decide(item, moderator, Action.DIVERT, diverted_to="999", reason_extra="Call 999 now.")

    concern = Concern.objects.get(pk=item.concern_id)
    assert concern.status == S.DIVERTED and concern.diverted_to == "999"
    assert not Concern.objects.public().filter(pk=concern.pk).exists()
    assert "999" in Notification.objects.get(user=resident).message


def test_a_scoped_moderator_cannot_act_outside_their_neighbourhoods(submit, scoped_moderator):
    item = submit()

    with pytest.raises(NotAllowed, match="outside the neighbourhoods"):
        decide(item, scoped_moderator, Action.APPROVE)
    assert selectors.queue_page(scoped_moderator, selectors.QueueFilters()).items == []
    assert selectors.item_for(scoped_moderator, item.pk) is None
    assert pending_total(scoped_moderator) == 0


def test_a_moderator_cannot_decide_their_own_post(submit, moderator):
    item = submit(author=moderator)

    with pytest.raises(NotAllowed, match="another moderator"):
        decide(item, moderator, Action.APPROVE)


def test_bulk_approval_skips_stale_items_and_says_why(submit, moderator, second_moderator):
    items = [submit(title=f"Noise at night number {n}") for n in range(3)]
    versions = [(item, item.version) for item in items]
    decide(items[1], second_moderator, Action.REJECT, reason_code="spam")

    result = services.decide_many(items=versions, moderator=moderator, action=Action.APPROVE)

    assert result.done == 2 and len(result.skipped) == 1
    assert "already handled" in result.skipped[0]
    assert [Concern.objects.get(pk=i.concern_id).status for i in items] == [
        S.PUBLISHED,
        S.REJECTED,
        S.PUBLISHED,
    ]


def test_a_resident_update_is_queued_and_rejecting_it_tells_its_author(
    concern_by, moderator, other_resident
):
    import uuid

    from concerns import services as concern_services
    from concerns.models import ResidentUpdate

    concern = concern_by("published")
    update = concern_services.add_update(
        concern=concern, author=other_resident, body="Still happening.", submission_key=uuid.uuid4()
    )
    item = QueueItem.objects.get(update=update)

    decide(item, moderator, Action.REJECT, reason_code="duplicate")

    assert ResidentUpdate.objects.get(pk=update.pk).status == "rejected"
    assert Notification.objects.filter(
        user=other_resident, message__contains="did not publish your update"
    ).exists()


def test_escalating_asks_the_team_and_keeps_the_item_waiting(
    submit, moderator, officer, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    item = submit()

    with django_capture_on_commit_callbacks(execute=True):
        services.escalate(item=item, moderator=moderator, note="Is this the known dealer?")

    item.refresh_from_db()
    assert item.state == ItemState.PENDING and item.escalated_at is not None
    assert Decision.objects.get().action == Action.ESCALATE
    assert mail.outbox and mail.outbox[-1].to == [officer.email]
