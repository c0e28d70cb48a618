"""concerns.services: the rules every write obeys (submitting, publishing, replies, supports,
updates, outcomes). The state machine's own rules are in test_transitions.py, emails in
test_notifications.py and test_digests.py."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction

from concerns import services
from concerns.models import Concern, ConcernEvent, EmailState, Follow, Notification, Reply, Support
from concerns.states import ConcernStatus
from engage.models import EmailPreference
from engage.refusals import NotAllowed, QuotaExceeded
from tests.factories import CategoryFactory, ModeratorFactory, UserFactory

pytestmark = pytest.mark.django_db
S = ConcernStatus


def submit(author, neighbourhood, key=None, **extra):
    return services.submit_concern(
        author=author,
        title="Drug dealing by the station",
        body="Every evening after 8pm.",
        category=CategoryFactory(slug="drugs"),
        neighbourhood=neighbourhood,
        submission_key=key or uuid.uuid4(),
        **extra,
    )


def test_a_submitted_concern_waits_for_moderation_and_its_author_follows_it(
    resident, neighbourhood
):
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


def test_the_hourly_quota_refuses_the_sixth_post_with_a_clear_message(
    resident, neighbourhood, settings
):
    for _ in range(settings.SUBMISSIONS_PER_HOUR):
        submit(resident, neighbourhood)

    with pytest.raises(QuotaExceeded, match="raise 5 concerns an hour"):
        submit(resident, neighbourhood)
    assert Concern.objects.count() == settings.SUBMISSIONS_PER_HOUR


def test_publishing_sets_the_reply_deadline_in_working_days(concern_by, moderator, settings):
    concern = services.transition_concern(concern_by("submitted"), S.PUBLISHED, actor=moderator)

    assert concern.published_at is not None
    working_days = 0
    day = concern.published_at.date()
    from datetime import timedelta

    from concerns.working_days import is_working_day

    while day < concern.reply_due_at.date():
        day += timedelta(days=1)
        working_days += is_working_day(day)
    assert working_days == settings.REPLY_TARGET_WORKING_DAYS


def test_publishing_notifies_neighbourhood_followers_once_and_pushes_after_commit(
    concern_by,
    moderator,
    other_resident,
    neighbourhood,
    published_events,
    django_capture_on_commit_callbacks,
):
    services.follow(user=other_resident, neighbourhood=neighbourhood)
    concern = concern_by("submitted")

    with django_capture_on_commit_callbacks(execute=True):
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)

    # The author (who follows their own concern) and the neighbourhood's follower, once each.
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == sorted(
        [other_resident.email, concern.author.email]
    )
    event_id = ConcernEvent.objects.get(kind="concern.published").pk
    public, badges = published_events()
    assert public[0] == [f"concern:{concern.ref}", f"neighbourhood:{neighbourhood.slug}"]
    assert (public[1]["type"], public[1]["id"], public[1]["visible"]) == (
        "concern.published",
        event_id,
        True,
    )
    assert sorted(badges[0]) == sorted(f"user:{u.pk}" for u in (other_resident, concern.author))


def test_a_rolled_back_transition_publishes_and_notifies_nothing(
    concern_by, moderator, published_events, django_capture_on_commit_callbacks
):
    concern = concern_by("submitted")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)
        raise RuntimeError("something later in the request failed")

    assert callbacks == [] and published_events() == []
    assert Concern.objects.get(pk=concern.pk).status == S.SUBMITTED
    assert not Notification.objects.exists()


def test_a_non_public_change_is_told_only_to_the_author(
    concern_by, moderator, resident, published_events, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.transition_concern(
            concern_by("submitted"),
            S.RETURNED,
            actor=moderator,
            note="Please remove the car registration.",
        )

    assert [n.user for n in Notification.objects.all()] == [resident]
    published = published_events()
    assert published == [([f"user:{resident.pk}"], published[0][1])]
    assert "Please remove the car registration." in Notification.objects.get().message


def test_an_officer_reply_carries_the_badge_from_the_role(concern_by, officer, resident):
    officer.display_name = "Totally Not Police"
    concern = concern_by("published")

    reply = services.reply_to_concern(
        concern=concern, author=officer, body="On it.", move_to=S.IN_PROGRESS
    )

    assert reply.badge == "PC Jane Smith, Camden Town team"
    concern.refresh_from_db()
    assert concern.status == S.IN_PROGRESS and concern.first_reply_at == reply.created_at
    # One action, one notification: the move is announced with the reply.
    assert Notification.objects.filter(user=resident).count() == 1


def test_officers_of_other_teams_and_moderators_cannot_reply(concern_by, other_officer, moderator):
    concern = concern_by("published")

    for outsider in (other_officer, moderator):
        with pytest.raises(NotAllowed, match="Only officers"):
            services.reply_to_concern(concern=concern, author=outsider, body="Hello")
    assert not Reply.objects.exists()


def test_editing_a_reply_keeps_what_it_said_before(concern_by, officer):
    reply = services.reply_to_concern(
        concern=concern_by("published"), author=officer, body="We will patrl on Friday."
    )

    reply = services.edit_reply(reply=reply, editor=officer, body="We will patrol on Friday.")

    assert reply.body == "We will patrol on Friday." and reply.edited_at is not None
    assert list(reply.revisions.values_list("body", flat=True)) == ["We will patrl on Friday."]


def test_recording_the_outcome_resolves_the_concern(concern_by, officer):
    concern = services.record_outcome(
        concern=concern_by("responded"),
        actor=officer,
        outcome="You said: speeding. We did: **3 speed checks**.",
    )

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
    concern_by, resident, other_resident
):
    with pytest.raises(NotAllowed):
        services.support(user=resident, concern=concern_by("published"))
    with pytest.raises(NotAllowed):
        services.support(user=other_resident, concern=concern_by("hidden"))


def test_a_resident_update_waits_for_a_moderator_then_notifies_followers(
    concern_by, other_resident, moderator, resident
):
    concern = concern_by("published")
    update = services.add_update(
        concern=concern, author=other_resident, body="Again today.", submission_key=uuid.uuid4()
    )
    assert update.status == "submitted" and not Notification.objects.exists()

    services.publish_update(update=update, actor=moderator)

    assert update.status == "published"
    assert list(Notification.objects.values_list("user", flat=True)) == [resident.pk]


def test_a_returned_concern_is_edited_and_resubmitted_by_its_author_only(
    concern_by, resident, other_resident, moderator
):
    concern = concern_by("submitted")
    services.transition_concern(concern, S.RETURNED, actor=moderator, note="Remove the plate")
    edit = {
        "title": "Speeding on the high street",
        "body": "A car, plate removed.",
        "category": concern.category,
        "tags": ["speeding"],
    }

    with pytest.raises(NotAllowed):
        services.resubmit_concern(concern=concern, author=other_resident, **edit)
    concern = services.resubmit_concern(concern=concern, author=resident, **edit)

    assert concern.status == S.SUBMITTED and concern.slug == "speeding-on-the-high-street"
    assert list(concern.tags.names()) == ["speeding"]
    assert concern.events.filter(to_status=S.SUBMITTED, actor=resident).exists()


def test_a_moderator_who_is_admin_staff_is_not_the_team(concern_by, other_neighbourhood):
    scoped = ModeratorFactory(
        neighbourhoods=[other_neighbourhood], user=UserFactory(is_staff=True)
    ).user

    assert services.capacities(concern_by("published"), scoped) == set()
    with pytest.raises(NotAllowed):
        services.reply_to_concern(concern=concern_by("published"), author=scoped, body="Hi")


def test_a_moderator_cannot_publish_their_own_concern(neighbourhood, moderator):
    from tests.factories import ConcernFactory

    own = ConcernFactory(neighbourhood=neighbourhood, author=moderator)

    with pytest.raises(NotAllowed):
        services.transition_concern(own, S.PUBLISHED, actor=moderator)


def test_an_update_is_not_published_on_a_concern_that_was_hidden(
    concern_by, other_resident, moderator
):
    concern = concern_by("published")
    update = services.add_update(
        concern=concern, author=other_resident, body="Named person", submission_key=uuid.uuid4()
    )
    services.transition_concern(concern, S.HIDDEN, actor=moderator)

    with pytest.raises(NotAllowed):
        services.publish_update(update=update, actor=moderator)
    assert not Notification.objects.filter(event__kind="update.added").exists()


def test_a_diverted_concern_tells_its_author_where_to_go_at_once(concern_by, moderator, resident):
    resident.email_preference = EmailPreference.DAILY
    resident.save()

    services.transition_concern(
        concern_by("submitted"), S.DIVERTED, actor=moderator, diverted_to="999"
    )

    notification = Notification.objects.get(user=resident)
    assert "call 999" in notification.message and notification.email_state == EmailState.PENDING


def test_recording_what_was_done_is_one_public_event_and_one_notification(
    concern_by, officer, resident
):
    concern = services.record_outcome(
        concern=concern_by("in_progress"), actor=officer, outcome="Six patrols."
    )
    services.record_outcome(concern=concern, actor=officer, outcome="Six patrols, two arrests.")

    assert concern.events.filter(kind="concern.outcome").count() == 2
    assert Notification.objects.filter(user=resident).count() == 2
    concern.refresh_from_db()
    assert concern.status == S.RESOLVED and "two arrests" in concern.outcome_html


def test_a_resident_update_is_screened_like_a_concern(concern_by, other_resident):
    update = services.add_update(
        concern=concern_by("published"),
        author=other_resident,
        body="His number is 07700 900123 and he deals here.",
        submission_key=uuid.uuid4(),
    )

    assert update.lane == "personal_data" and update.status == "submitted"
    assert "phone" in {finding["detector"] for finding in update.screening}


def test_a_reference_already_taken_is_drawn_again_not_a_server_error(
    neighbourhood, resident, monkeypatch
):
    import uuid

    from concerns import services as concern_services
    from concerns.models import Category
    from concerns.services import submission

    taken = concern_services.submit_concern(
        author=resident,
        title="First",
        body="One.",
        category=Category.objects.first(),
        neighbourhood=neighbourhood,
        submission_key=uuid.uuid4(),
    )
    draws = iter([taken.ref, "C-ZZZZZZ"])
    monkeypatch.setattr(submission, "new_reference", lambda: next(draws))

    second = concern_services.submit_concern(
        author=resident,
        title="Second",
        body="Two.",
        category=Category.objects.first(),
        neighbourhood=neighbourhood,
        submission_key=uuid.uuid4(),
    )

    assert second.ref == "C-ZZZZZZ" and second.pk != taken.pk
