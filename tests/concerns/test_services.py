"""concerns.services: the rules every write obeys."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection, transaction

from concerns import notifications, services
from concerns.digests import send_daily_digests
from concerns.errors import AlreadyHandled, NotAllowed, QuotaExceeded
from concerns.models import (Concern, ConcernEvent, EmailState, Follow, Notification, Reply,
                             Support)
from concerns.states import TRANSITIONS, ConcernStatus
from engage import realtime
from engage.models import EmailPreference
from tests.conftest import ALL_STATES
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ConcernStatus


@pytest.fixture
def published_events(monkeypatch):
    """What reached the live stream (after commit)."""
    sent: list[tuple[list[str], dict]] = []
    monkeypatch.setattr(realtime, "publish",
                        lambda streams, event: sent.append((streams, event)) or True)
    return sent


def submit(author, neighbourhood, key=None, **extra):
    return services.submit_concern(
        author=author, title="Drug dealing by the station", body="Every evening after 8pm.",
        category=CategoryFactory(slug="drugs"), neighbourhood=neighbourhood,
        submission_key=key or uuid.uuid4(), **extra)


def test_a_submitted_concern_waits_for_moderation_and_its_author_follows_it(resident, neighbourhood):
    concern = submit(resident, neighbourhood, tags=["Drugs ", "drugs", "station"])

    assert concern.status == S.SUBMITTED and not concern.is_public
    assert concern.ref.startswith("C-") and len(concern.ref) == 8
    assert sorted(concern.tags.names()) == ["drugs", "station"]
    assert Follow.objects.filter(user=resident, concern=concern).exists()
    assert concern.body_html == "<p>Every evening after 8pm.</p>"


def test_submitting_twice_with_one_key_makes_one_concern(resident, neighbourhood):
    key = uuid.uuid4()

    first = submit(resident, neighbourhood, key)
    second = submit(resident, neighbourhood, key)

    assert first.pk == second.pk and Concern.objects.count() == 1


def test_an_unverified_resident_cannot_post(neighbourhood):
    with pytest.raises(NotAllowed, match="Confirm your email"):
        submit(UserFactory(unverified=True), neighbourhood)


def test_the_hourly_quota_refuses_the_sixth_post_with_a_clear_message(resident, neighbourhood,
                                                                      settings):
    for _ in range(settings.SUBMISSIONS_PER_HOUR):
        submit(resident, neighbourhood)

    with pytest.raises(QuotaExceeded, match="raise 5 concerns an hour"):
        submit(resident, neighbourhood)
    assert Concern.objects.count() == settings.SUBMISSIONS_PER_HOUR


@pytest.mark.parametrize(("frm", "to"), [(f, t) for f in ALL_STATES for t in ALL_STATES
                                          if (f, t) not in TRANSITIONS and f != t])
def test_every_transition_outside_the_table_is_refused_even_for_staff(
        frm, to, concern_by, staff_admin):
    ModeratorFactory(user=staff_admin)
    concern = concern_by(frm)

    with pytest.raises(NotAllowed):
        services.transition_concern(concern, to, actor=staff_admin)
    concern.refresh_from_db()
    assert concern.status == frm and not ConcernEvent.objects.filter(concern=concern).exists()


@pytest.mark.parametrize(("persona", "to", "allowed"), [
    ("moderator", S.PUBLISHED, True), ("officer", S.PUBLISHED, False),
    ("resident", S.PUBLISHED, False), ("other_resident", S.WITHDRAWN, False),
    ("resident", S.WITHDRAWN, True), ("other_officer", S.REJECTED, False),
])
def test_who_may_move_a_submitted_concern(persona, to, allowed, request, concern_by):
    actor = request.getfixturevalue(persona)
    concern = concern_by("submitted")

    if allowed:
        assert services.transition_concern(concern, to, actor=actor).status == to
    else:
        with pytest.raises(NotAllowed):
            services.transition_concern(concern, to, actor=actor)


def test_only_the_team_moves_a_published_concern_along(concern_by, officer, other_officer,
                                                      moderator):
    concern = concern_by("published")

    for outsider in (other_officer, moderator):
        with pytest.raises(NotAllowed):
            services.transition_concern(concern, S.ACKNOWLEDGED, actor=outsider)
    assert services.transition_concern(concern, S.ACKNOWLEDGED, actor=officer).status == \
        S.ACKNOWLEDGED


def test_a_hidden_concern_is_restored_to_where_it_was(concern_by, moderator):
    concern = concern_by("in_progress")
    services.transition_concern(concern, S.HIDDEN, actor=moderator)

    with pytest.raises(NotAllowed, match="restored to where it was"):
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)
    assert services.transition_concern(concern, S.IN_PROGRESS, actor=moderator).status == \
        S.IN_PROGRESS


def test_a_stale_actor_is_told_someone_else_acted(concern_by, moderator):
    concern = concern_by("submitted")
    stale = Concern.objects.get(pk=concern.pk)
    services.transition_concern(concern, S.PUBLISHED, actor=moderator)

    with pytest.raises(AlreadyHandled, match="Someone else has already changed"):
        services.transition_concern(stale, S.REJECTED, actor=moderator)
    assert Concern.objects.get(pk=concern.pk).status == S.PUBLISHED


def test_publishing_sets_the_reply_deadline_in_working_days(concern_by, moderator, settings):
    concern = services.transition_concern(concern_by("submitted"), S.PUBLISHED, actor=moderator)

    assert concern.published_at is not None
    working_days = 0
    day = concern.published_at.date()
    from concerns.working_days import is_working_day
    from datetime import timedelta
    while day < concern.reply_due_at.date():
        day += timedelta(days=1)
        working_days += is_working_day(day)
    assert working_days == settings.REPLY_TARGET_WORKING_DAYS


def test_publishing_notifies_neighbourhood_followers_once_and_pushes_after_commit(
        concern_by, moderator, other_resident, neighbourhood, published_events,
        django_capture_on_commit_callbacks):
    services.follow(user=other_resident, neighbourhood=neighbourhood)
    concern = concern_by("submitted")

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)

    # The author (who follows their own concern) and the neighbourhood's follower, once each.
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == sorted(
        [other_resident.email, concern.author.email])
    event_id = ConcernEvent.objects.get(kind="concern.published").pk
    public, badges = published_events
    assert public[0] == [f"concern:{concern.ref}", f"neighbourhood:{neighbourhood.slug}"]
    assert (public[1]["type"], public[1]["id"], public[1]["visible"]) == (
        "concern.published", event_id, True)
    assert sorted(badges[0]) == sorted(f"user:{u.pk}" for u in (other_resident, concern.author))


def test_a_rolled_back_transition_publishes_and_notifies_nothing(
        concern_by, moderator, published_events, django_capture_on_commit_callbacks):
    concern = concern_by("submitted")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.transition_concern(concern, S.PUBLISHED, actor=moderator)
            raise RuntimeError("something later in the request failed")

    assert callbacks == [] and published_events == []
    assert Concern.objects.get(pk=concern.pk).status == S.SUBMITTED
    assert not Notification.objects.exists()


def test_a_non_public_change_is_told_only_to_the_author(concern_by, moderator, resident,
                                                        published_events,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_concern(concern_by("submitted"), S.RETURNED, actor=moderator,
                                    note="Please remove the car registration.")

    assert [n.user for n in Notification.objects.all()] == [resident]
    assert published_events == [([f"user:{resident.pk}"], published_events[0][1])]
    assert "Please remove the car registration." in Notification.objects.get().message


def test_an_officer_reply_carries_the_badge_from_the_role(concern_by, officer, resident):
    officer.display_name = "Totally Not Police"
    concern = concern_by("published")

    reply = services.reply_to_concern(concern=concern, author=officer, body="On it.",
                                      move_to=S.IN_PROGRESS)

    assert reply.badge == "PC Jane Smith, Camden Town team"
    concern.refresh_from_db()
    assert concern.status == S.IN_PROGRESS and concern.first_reply_at == reply.created_at
    # One action, one notification: the move is announced with the reply.
    assert Notification.objects.filter(user=resident).count() == 1


def test_officers_of_other_teams_and_moderators_cannot_reply(concern_by, other_officer,
                                                            moderator):
    concern = concern_by("published")

    for outsider in (other_officer, moderator):
        with pytest.raises(NotAllowed, match="Only officers"):
            services.reply_to_concern(concern=concern, author=outsider, body="Hello")
    assert not Reply.objects.exists()


def test_editing_a_reply_keeps_what_it_said_before(concern_by, officer):
    reply = services.reply_to_concern(concern=concern_by("published"), author=officer,
                                      body="We will patrl on Friday.")

    reply = services.edit_reply(reply=reply, editor=officer, body="We will patrol on Friday.")

    assert reply.body == "We will patrol on Friday." and reply.edited_at is not None
    assert list(reply.revisions.values_list("body", flat=True)) == ["We will patrl on Friday."]


def test_recording_the_outcome_resolves_the_concern(concern_by, officer):
    concern = services.record_outcome(concern=concern_by("responded"), actor=officer,
                                      outcome="You said: speeding. We did: **3 speed checks**.")

    assert concern.status == S.RESOLVED
    assert "<strong>3 speed checks</strong>" in concern.outcome_html


def test_this_affects_me_too_counts_once_and_follows(concern_by, other_resident):
    concern = concern_by("published")

    assert services.support(user=other_resident, concern=concern) is True
    assert services.support(user=other_resident, concern=concern) is False

    concern.refresh_from_db()
    assert concern.supporters_count == 1 == Support.objects.count()
    assert Follow.objects.filter(user=other_resident, concern=concern).exists()


def test_authors_cannot_support_their_own_and_nobody_supports_a_hidden_one(
        concern_by, resident, other_resident):
    with pytest.raises(NotAllowed):
        services.support(user=resident, concern=concern_by("published"))
    with pytest.raises(NotAllowed):
        services.support(user=other_resident, concern=concern_by("hidden"))


def test_a_resident_update_waits_for_a_moderator_then_notifies_followers(
        concern_by, other_resident, moderator, resident):
    concern = concern_by("published")
    update = services.add_update(concern=concern, author=other_resident, body="Again today.",
                                 submission_key=uuid.uuid4())
    assert update.status == "submitted" and not Notification.objects.exists()

    services.publish_update(update=update, actor=moderator)

    assert update.status == "published"
    assert list(Notification.objects.values_list("user", flat=True)) == [resident.pk]


def test_the_outbox_sweep_emails_each_pending_notification_exactly_once(concern_by, officer,
                                                                        resident):
    services.reply_to_concern(concern=concern_by("published"), author=officer, body="Noted.")

    assert notifications.send_pending_emails() == 1
    assert notifications.send_pending_emails() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [resident.email]
    assert "/unsubscribe/" in mail.outbox[0].body
    assert Notification.objects.get().email_state == EmailState.SENT


def test_daily_digest_people_get_one_email_and_never_people_none(concern_by, officer, resident,
                                                                 other_resident):
    resident.email_preference = EmailPreference.DAILY
    resident.save()
    other_resident.email_preference = EmailPreference.NEVER
    other_resident.save()
    concern = concern_by("published")
    services.follow(user=other_resident, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="One.")
    services.reply_to_concern(concern=concern, author=officer, body="Two.")

    assert notifications.send_pending_emails() == 0
    assert send_daily_digests() == 1 and send_daily_digests() == 0
    assert [m.to for m in mail.outbox] == [[resident.email]]
    assert mail.outbox[0].body.count("replied to") == 2


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publishes_make_one_winner_and_one_notification(
        neighbourhood, resident, other_resident):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locking: run with DATABASE_URL set (CI does)")
    from tests.factories import ConcernFactory

    first, second = ModeratorFactory().user, ModeratorFactory().user
    services.follow(user=other_resident, neighbourhood=neighbourhood)
    concern = ConcernFactory(neighbourhood=neighbourhood, author=resident)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def publish(moderator):
        mine = Concern.objects.get(pk=concern.pk)
        barrier.wait()
        try:
            services.transition_concern(mine, S.PUBLISHED, actor=moderator)
            outcomes.append("won")
        except AlreadyHandled:
            outcomes.append("already handled")
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(m,)) for m in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already handled", "won"]
    assert ConcernEvent.objects.filter(concern=concern, to_status=S.PUBLISHED).count() == 1
    assert Notification.objects.filter(user=other_resident).count() == 1


def test_a_returned_concern_is_edited_and_resubmitted_by_its_author_only(
        concern_by, resident, other_resident, moderator):
    concern = concern_by("submitted")
    services.transition_concern(concern, S.RETURNED, actor=moderator, note="Remove the plate")
    edit = {"title": "Speeding on the high street", "body": "A car, plate removed.",
            "category": concern.category, "tags": ["speeding"]}

    with pytest.raises(NotAllowed):
        services.resubmit_concern(concern=concern, author=other_resident, **edit)
    concern = services.resubmit_concern(concern=concern, author=resident, **edit)

    assert concern.status == S.SUBMITTED and concern.slug == "speeding-on-the-high-street"
    assert list(concern.tags.names()) == ["speeding"]
    assert concern.events.filter(to_status=S.SUBMITTED, actor=resident).exists()


def test_a_moderator_who_is_admin_staff_is_not_the_team(concern_by, other_neighbourhood):
    scoped = ModeratorFactory(neighbourhoods=[other_neighbourhood],
                              user=UserFactory(is_staff=True)).user

    assert services.capacities(concern_by("published"), scoped) == set()
    with pytest.raises(NotAllowed):
        services.reply_to_concern(concern=concern_by("published"), author=scoped, body="Hi")


def test_a_moderator_cannot_publish_their_own_concern(neighbourhood, moderator):
    from tests.factories import ConcernFactory

    own = ConcernFactory(neighbourhood=neighbourhood, author=moderator)

    with pytest.raises(NotAllowed):
        services.transition_concern(own, S.PUBLISHED, actor=moderator)


def test_an_update_is_not_published_on_a_concern_that_was_hidden(concern_by, other_resident,
                                                                moderator):
    concern = concern_by("published")
    update = services.add_update(concern=concern, author=other_resident, body="Named person",
                                 submission_key=uuid.uuid4())
    services.transition_concern(concern, S.HIDDEN, actor=moderator)

    with pytest.raises(NotAllowed):
        services.publish_update(update=update, actor=moderator)
    assert not Notification.objects.filter(event__kind="update.added").exists()


def test_emails_queued_before_a_concern_was_hidden_are_not_sent(concern_by, officer, moderator,
                                                               other_resident):
    concern = concern_by("published")
    services.follow(user=other_resident, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="Noted.")
    services.transition_concern(concern, S.HIDDEN, actor=moderator)

    notifications.send_pending_emails()

    # The author hears of the reply and of the hiding; the follower hears nothing.
    assert mail.outbox and all(m.to == [concern.author.email] for m in mail.outbox)
    assert Notification.objects.get(user=other_resident).email_state == EmailState.NONE


def test_a_diverted_concern_tells_its_author_where_to_go_at_once(concern_by, moderator,
                                                               resident):
    resident.email_preference = EmailPreference.DAILY
    resident.save()

    services.transition_concern(concern_by("submitted"), S.DIVERTED, actor=moderator,
                                diverted_to="999")

    notification = Notification.objects.get(user=resident)
    assert "call 999" in notification.message and notification.email_state == EmailState.PENDING


def test_an_undeliverable_email_is_retried_five_times_then_given_up(concern_by, officer,
                                                                   mail_server_down):
    services.reply_to_concern(concern=concern_by("published"), author=officer, body="Noted.")

    for _ in range(notifications.MAX_ATTEMPTS + 2):
        notifications.send_pending_emails()

    row = Notification.objects.get()
    assert (row.email_state, row.email_attempts) == (EmailState.FAILED,
                                                     notifications.MAX_ATTEMPTS)


def test_a_digest_claimed_by_one_run_is_not_sent_by_another(concern_by, officer, resident):
    resident.email_preference = EmailPreference.DAILY
    resident.save()
    services.reply_to_concern(concern=concern_by("published"), author=officer, body="One.")
    Notification.objects.update(email_state=EmailState.SENDING, claim=uuid.uuid4())  # run A

    assert send_daily_digests() == 0  # run B finds nothing of its own
    assert mail.outbox == []


def test_recording_what_was_done_is_one_public_event_and_one_notification(concern_by, officer,
                                                                        resident):
    concern = services.record_outcome(concern=concern_by("in_progress"), actor=officer,
                                      outcome="Six patrols.")
    services.record_outcome(concern=concern, actor=officer, outcome="Six patrols, two arrests.")

    assert concern.events.filter(kind="concern.outcome").count() == 2
    assert Notification.objects.filter(user=resident).count() == 2
    concern.refresh_from_db()
    assert concern.status == S.RESOLVED and "two arrests" in concern.outcome_html


def test_a_resident_update_is_screened_like_a_concern(concern_by, other_resident):
    update = services.add_update(concern=concern_by("published"), author=other_resident,
                                 body="His number is 07700 900123 and he deals here.",
                                 submission_key=uuid.uuid4())

    assert update.lane == "personal_data" and update.status == "submitted"
    assert "phone" in {finding["detector"] for finding in update.screening}


def test_a_reference_already_taken_is_drawn_again_not_a_server_error(neighbourhood, resident,
                                                                    monkeypatch):
    import uuid

    from concerns import services as concern_services
    from concerns.models import Category
    from concerns.services import submission

    taken = concern_services.submit_concern(
        author=resident, title="First", body="One.", category=Category.objects.first(),
        neighbourhood=neighbourhood, submission_key=uuid.uuid4())
    draws = iter([taken.ref, "C-ZZZZZZ"])
    monkeypatch.setattr(submission, "new_reference", lambda: next(draws))

    second = concern_services.submit_concern(
        author=resident, title="Second", body="Two.", category=Category.objects.first(),
        neighbourhood=neighbourhood, submission_key=uuid.uuid4())

    assert second.ref == "C-ZZZZZZ" and second.pk != taken.pk
