"""The queue's rules, through the services: lanes, claims, versions, every decision, the log,
appeals, redaction, sanctions, bulk decisions and reminders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from concerns.errors import AlreadyHandled, NotAllowed
from concerns.models import Concern, Notification
from concerns.states import ConcernStatus as S
from moderation import selectors, services
from moderation.services import appeals, queue, reminders, sanctions
from moderation.models import (Action, Appeal, Decision, ItemState, LaneCount, QueueItem,
                               RedactedOriginal)
from moderation.services import Verdict
from tests.conftest import mail_server_back

PHONE_POST = "The man selling at the corner gave out his number 07700 900123 to everyone."


def decide(item, moderator, action, **extra):
    item.refresh_from_db()
    return services.decide(item=item, moderator=moderator,
                           verdict=Verdict(action=action, version=item.version, **extra))


def pending_total(user) -> int:
    return sum(selectors.lane_counts(user).values())


def test_a_submitted_concern_waits_in_the_lane_screening_chose_with_its_deadline(submit,
                                                                                 moderator):
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


def test_a_decision_on_a_stale_version_is_refused_and_changes_nothing(submit, moderator,
                                                                      second_moderator):
    item = submit()
    seen = item.version
    decide(item, second_moderator, Action.REJECT, reason_code="spam")
    notifications = Notification.objects.count()

    with pytest.raises(AlreadyHandled, match="Someone already handled this"):
        services.decide(item=item, moderator=moderator,
                        verdict=Verdict(action=Action.APPROVE, version=seen))

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
        claim_expires_at=timezone.now() - timedelta(seconds=1))
    queue.claim(item, moderator=second_moderator)
    decide(item, second_moderator, Action.APPROVE)
    assert Concern.objects.get(pk=item.concern_id).status == S.PUBLISHED


def test_a_claim_then_a_decision_by_the_claimant_needs_the_version_after_the_claim(submit,
                                                                                  moderator):
    item = submit()
    opened_at = item.version
    queue.claim(item, moderator=moderator)  # e.g. in another tab

    with pytest.raises(AlreadyHandled):
        services.decide(item=item, moderator=moderator,
                        verdict=Verdict(action=Action.APPROVE, version=opened_at))
    decide(item, moderator, Action.APPROVE)


def test_redaction_publishes_the_cleaned_text_and_keeps_the_original_for_staff(submit,
                                                                              moderator,
                                                                              resident):
    item = submit(title="Dealing at the corner", body=PHONE_POST)
    start = PHONE_POST.index("07700")
    cleaned = PHONE_POST[:start] + "[removed]" + PHONE_POST[start + len("07700 900123"):]

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
        user=resident, message__contains="removed personal information").exists()


def test_redacted_originals_are_purged_after_their_retention_period(submit, moderator):
    item = submit(body=PHONE_POST)
    decision = decide(item, moderator, Action.REDACT, body="Cleaned.")
    assert reminders.purge_redacted_originals() == 0
    RedactedOriginal.objects.filter(decision=decision).update(
        purge_after=timezone.now() - timedelta(seconds=1))

    assert reminders.purge_redacted_originals() == 1
    assert Decision.objects.filter(pk=decision.pk).exists()  # the log entry stays
    everywhere = [*Decision.objects.values_list("text_before", "text_after", "reason"),
                  *Concern.objects.values_list("title", "body", "body_html")]
    assert "07700" not in repr(everywhere)


def test_returning_needs_a_reason_and_the_author_is_told_it_and_how_to_appeal(submit,
                                                                             moderator,
                                                                             resident):
    item = submit()
    with pytest.raises(NotAllowed, match="Choose a reason"):
        decide(item, moderator, Action.RETURN)

    decide(item, moderator, Action.RETURN, reason_code="unclear", reason_extra="Which market?")

    message = Notification.objects.get(user=resident).message
    assert "could not tell what the concern is about" in message
    decision = Decision.objects.get()
    assert "Which market?" in decision.reason and "reviewed" in decision.reason + \
        Concern.objects.get(pk=item.concern_id).events.last().note


def test_a_returned_concern_edited_and_resubmitted_queues_again(submit, moderator, resident,
                                                                category):
    from concerns import services as concern_services

    item = submit()
    decide(item, moderator, Action.RETURN, reason_code="unclear")
    concern = Concern.objects.get(pk=item.concern_id)

    concern_services.resubmit_concern(concern=concern, author=resident, title=concern.title,
                                      body="By the market on Buck Street.", category=category)

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


def test_one_appeal_per_decision_reviewed_by_a_different_moderator(submit, moderator,
                                                                   second_moderator, resident):
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


def test_a_refused_appeal_leaves_the_decision_and_tells_the_author(submit, moderator,
                                                                   second_moderator, resident):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")
    appeal = appeals.appeal(decision=decision, author=resident, text="Not spam.")

    decide(QueueItem.objects.get(appeal=appeal), second_moderator, Action.UPHOLD)

    assert Concern.objects.get(pk=decision.concern_id).status == S.REJECTED
    assert Notification.objects.filter(user=resident,
                                       message__contains="the decision stands").exists()


def test_only_the_author_may_appeal(submit, moderator, other_resident):
    decision = decide(submit(), moderator, Action.REJECT, reason_code="spam")

    with pytest.raises(NotAllowed):
        appeals.appeal(decision=decision, author=other_resident, text="Let me")


def test_a_restricted_author_cannot_post_and_is_told_until_when(submit, moderator, resident):
    sanctions.sanction(user=resident, by=moderator, kind="restrict", days=3,
                       reason="Repeated personal data")

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


def test_bulk_approval_skips_stale_items_and_says_why(submit, moderator, second_moderator):
    items = [submit(title=f"Noise at night number {n}") for n in range(3)]
    versions = [(item, item.version) for item in items]
    decide(items[1], second_moderator, Action.REJECT, reason_code="spam")

    result = services.decide_many(items=versions, moderator=moderator, action=Action.APPROVE)

    assert result.done == 2 and len(result.skipped) == 1
    assert "already handled" in result.skipped[0]
    assert [Concern.objects.get(pk=i.concern_id).status for i in items] == [
        S.PUBLISHED, S.REJECTED, S.PUBLISHED]


def test_a_withdrawn_concern_leaves_the_queue(submit, moderator, resident):
    from concerns import services as concern_services

    item = submit()
    concern_services.transition_concern(item.concern, S.WITHDRAWN, actor=resident)

    item.refresh_from_db()
    assert item.state == ItemState.CLOSED and pending_total(moderator) == 0


def test_lane_counts_match_the_queue_after_a_mixed_day(submit, moderator, resident):
    items = [submit(title="Dealing", body=PHONE_POST), submit(),
             submit(title="Knife", body="He has a knife and is outside now."), submit()]
    decide(items[0], moderator, Action.REDACT, body="Cleaned")
    decide(items[3], moderator, Action.APPROVE)

    counts = selectors.lane_counts(moderator)
    actual = {lane: QueueItem.objects.pending().filter(lane=lane).count() for lane in counts}
    assert counts == actual and sum(counts.values()) == 2
    assert LaneCount.objects.filter(pending__lt=0).count() == 0


def test_the_queue_pages_by_keyset_in_order_with_no_repeats(submit, moderator, settings):
    settings.SUBMISSIONS_PER_HOUR = 100
    items = [submit(title=f"Parking on the zigzags number {n}",
                    body="Knife seen outside now." if n % 7 == 0 else "Every day.")
             for n in range(60)]  # two lanes, so the cursor crosses a lane boundary
    seen, cursor = [], ""
    while True:
        page = selectors.queue_page(moderator, selectors.QueueFilters(), cursor)
        seen += [item.pk for item in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor

    ordered = QueueItem.objects.pending().in_queue_order().values_list("pk", flat=True)
    assert seen == list(ordered) and len(seen) == len(items)
    assert selectors.decode_cursor("not-a-cursor") is None


def test_overdue_items_are_reminded_about_once(submit, moderator, scoped_moderator):
    item = submit()
    QueueItem.objects.filter(pk=item.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    assert reminders.remind_overdue() == 1
    assert [m.to for m in mail.outbox] == [[moderator.email]]  # the scoped one is not told
    assert reminders.remind_overdue() == 0 and len(mail.outbox) == 1


def test_a_resident_update_is_queued_and_rejecting_it_tells_its_author(concern_by, moderator,
                                                                       other_resident):
    import uuid

    from concerns import services as concern_services
    from concerns.models import ResidentUpdate

    concern = concern_by("published")
    update = concern_services.add_update(concern=concern, author=other_resident,
                                         body="Still happening.", submission_key=uuid.uuid4())
    item = QueueItem.objects.get(update=update)

    decide(item, moderator, Action.REJECT, reason_code="duplicate")

    assert ResidentUpdate.objects.get(pk=update.pk).status == "rejected"
    assert Notification.objects.filter(user=other_resident,
                                       message__contains="did not publish your update").exists()


def test_escalating_asks_the_team_and_keeps_the_item_waiting(submit, moderator, officer,
                                                             django_capture_on_commit_callbacks,
                                                             settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    item = submit()

    with django_capture_on_commit_callbacks(execute=True):
        services.escalate(item=item, moderator=moderator, note="Is this the known dealer?")

    item.refresh_from_db()
    assert item.state == ItemState.PENDING and item.escalated_at is not None
    assert Decision.objects.get().action == Action.ESCALATE
    assert mail.outbox and mail.outbox[-1].to == [officer.email]


def test_the_background_screening_catches_a_repeat_and_keeps_the_lane_serious(submit, settings):
    from moderation.services.rescreening import rescreen_item

    settings.SUBMISSIONS_PER_HOUR = 20
    text = "Drivers race down Camden Road every single night and nobody stops them at all."
    submit(title="Racing", body=text)
    repeat = submit(title="Racing again", body=text)
    assert "spam" not in {f["detector"] for f in repeat.concern.screening}

    assert rescreen_item(repeat.pk) == "annotated"

    concern = Concern.objects.get(pk=repeat.concern_id)
    assert "spam" in {f["detector"] for f in concern.screening}
    urgent = submit(title="Knife", body="A man has a knife outside now.")
    assert rescreen_item(urgent.pk) == "annotated"  # already urgent: never made less serious
    assert QueueItem.objects.get(pk=urgent.pk).lane == "urgent"


def test_a_long_post_is_held_and_what_lies_past_the_request_s_read_is_found_behind_it(
        submit, settings):
    from moderation.services.rescreening import rescreen_item
    from moderation.screening import IN_REQUEST_CHARS

    settings.SUBMISSIONS_PER_HOUR = 20
    calm = " ".join([
        "The bins on our street are left out all week and the foxes get into them.",
        "The streetlight outside number twelve has been flickering since the storm in October.",
        "Cars park across the dropped kerb by the school so buggies have to go into the road.",
        "The market traders leave boxes stacked by the bus stop on Saturday evenings.",
        "Could the team say when the next ward panel meeting is, and where it will be held?",
        "Cyclists ride fast through the park near the playground after dark without lights.",
        "The underpass by the station smells and the lights there have been out for weeks.",
        "Thank you to the officers who came to the residents meeting last month, it helped.",
        "The alley behind the shops is full of fly-tipped mattresses and an old fridge.",
        "Delivery mopeds cut across the pavement on the high street to skip the lights.",
        "Our cul-de-sac gets used as a turning circle by lorries that are too big for it.",
        "Graffiti has appeared on the side of the library again, mostly tags and names.",
        "Is there any plan to put a crossing near the health centre, it is hard to cross.",
        "The noise from the late bar on Friday nights carries right down the street.",
        "Somebody keeps leaving the gate to the communal garden open so it bangs all night.",
        "", ""])
    assert len(calm) > IN_REQUEST_CHARS
    item = submit(title="Bins", body=calm + "A man has a knife outside now and is attacking "
                                          "my neighbour.")
    assert item.lane == "standard"
    assert {f["detector"] for f in item.concern.screening} == {"long_post"}  # held, not passed

    assert rescreen_item(item.pk) == "moved"

    item.refresh_from_db()
    assert item.lane == "urgent" and Concern.objects.get(pk=item.concern_id).lane == "urgent"


def test_a_post_the_request_can_read_whole_is_screened_exactly_as_the_background_does():
    from moderation.screening import IN_REQUEST_CHARS, screen, screen_in_request

    text = "Call me on 07700 900123, the van HX19 ABC is parked here every night. " * 20
    text = text[:IN_REQUEST_CHARS]

    assert screen_in_request(text, title="Van") == screen(text, title="Van")
    assert "long_post" in screen_in_request(text + " more", title="Van").detectors


def test_a_queue_item_moves_only_to_a_more_serious_lane(submit, moderator):
    item = submit()

    assert queue.raise_lane(item, "urgent") is True
    assert queue.raise_lane(item, "standard") is False
    item.refresh_from_db()
    assert item.lane == "urgent" and item.deadline == item.created_at + timedelta(minutes=15)
    assert selectors.lane_counts(moderator) == {"urgent": 1, "safeguarding": 0,
                                                "personal_data": 0, "standard": 0}


def test_withdrawing_a_concern_takes_its_reports_and_appeals_out_of_the_queue(
        concern_by, resident, other_resident, moderator):
    from concerns import services as concern_services
    from moderation.services import flags

    concern = concern_by("published")
    flags.flag_concern(concern=concern, user=other_resident, reason="spam")

    concern_services.transition_concern(concern, S.WITHDRAWN, actor=resident)

    assert not QueueItem.objects.pending().filter(concern=concern).exists()
    assert pending_total(moderator) == 0


def test_raising_a_lane_tells_open_queue_pages_which_lane_it_left(submit):
    from moderation.models import QueueEvent

    item = submit()
    queue.raise_lane(item, "urgent")

    event = QueueEvent.objects.filter(item=item).last()
    assert event.kind == "item.lane"
    assert queue.event_payload(event, item)["lane"] == "urgent"


def test_a_reminder_that_could_not_be_sent_is_tried_again_next_hour(submit, moderator,
                                                                   mail_server_down):
    item = submit()
    QueueItem.objects.filter(pk=item.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    assert reminders.remind_overdue() == 0
    mail_server_back(mail_server_down)

    assert reminders.remind_overdue() == 1 and len(mail.outbox) == 1


def test_the_hourly_recount_corrects_a_tally_changed_behind_the_services_back(submit,
                                                                              moderator):
    submit()
    LaneCount.objects.update(pending=7)

    assert queue.recount() == 1
    assert pending_total(moderator) == 1


def test_a_deep_queue_page_starts_from_the_index_without_sorting(submit, moderator, settings):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row comparisons and plans: PostgreSQL (CI runs it)")
    settings.SUBMISSIONS_PER_HOUR = 50
    for n in range(30):
        submit(title=f"Parking on the zigzags number {n}")
    first = selectors.queue_page(moderator, selectors.QueueFilters())
    items = selectors.queue_items(moderator, selectors.QueueFilters()).filter(
        selectors._after(selectors.decode_cursor(first.next_cursor or
                                                 selectors.encode_cursor(first.items[-1]))))
    query = items.order_by(*("lane_rank", "deadline", "created_at", "id"))[:26]

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = query.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "queue_order" in plan and "Sort" not in plan, plan
    assert "Index Cond" in plan and "lane_rank" in plan.split("Index Cond")[1], plan
