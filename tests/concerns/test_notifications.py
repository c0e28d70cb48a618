"""What people are told, in-app and by email: whole sentences, a short subject, the moderator's
note and the reply's text, nobody told of their own doing, and a burst of replies as one email."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from concerns import services
from concerns.models import EmailState, Notification
from concerns.services import notifications
from concerns.states import ConcernStatus as S

LONG_NOTE = (
    "Please remove the car registration and the description of the driver, then "
    "send it back. " * 6 + "If you think this decision is wrong, you can appeal."
)


def test_a_long_moderators_note_is_cut_at_a_word_and_sent_whole_by_email(
    concern_by, moderator, resident
):
    services.transition_concern(
        concern_by("submitted"), S.RETURNED, actor=moderator, note=LONG_NOTE
    )

    message = Notification.objects.get(user=resident).message
    assert len(message) <= 300 and message.endswith("…")
    assert notifications.send_pending_emails() == 1
    email = mail.outbox[0]
    assert "If you think this decision is wrong, you can appeal." in email.body
    assert "The moderator said:" not in email.subject and len(email.subject) <= 90
    assert email.subject.endswith("is now returned for changes.")


def test_an_email_about_your_own_concern_says_you_raised_it(concern_by, moderator, resident):
    services.transition_concern(
        concern_by("submitted"),
        S.RETURNED,
        actor=moderator,
        note="Please remove the car registration.",
    )
    notifications.send_pending_emails()

    body = mail.outbox[0].body
    assert "because you raised this concern" in body and "because you follow" not in body


def test_the_author_of_a_new_concern_is_told_it_is_public_not_that_it_is_new(
    concern_by, moderator, resident, neighbourhood, other_resident
):
    services.follow(user=resident, neighbourhood=neighbourhood)
    services.follow(user=other_resident, neighbourhood=neighbourhood)

    services.transition_concern(concern_by("submitted"), S.PUBLISHED, actor=moderator)

    mine = Notification.objects.get(user=resident).message
    theirs = Notification.objects.get(user=other_resident).message
    assert mine.startswith("Your concern") and "is now public" in mine
    assert theirs.startswith("New concern in")


def test_nobody_is_notified_of_their_own_update(concern_by, resident, moderator):
    import uuid

    concern = concern_by("published")
    update = services.add_update(
        concern=concern, author=resident, body="Again last night.", submission_key=uuid.uuid4()
    )
    services.publish_update(update=update, actor=moderator)

    assert not Notification.objects.filter(user=resident).exists()


def test_a_reply_email_carries_the_replys_text(concern_by, officer, resident):
    services.reply_to_concern(
        concern=concern_by("published"),
        author=officer,
        body="We have arranged **speed checks** for Friday.",
    )
    notifications.send_pending_emails()

    assert "We have arranged speed checks for Friday." in mail.outbox[0].body


def test_three_replies_in_a_minute_make_one_email(concern_by, officer, resident, settings):
    settings.REPLY_EMAIL_BATCH_SECONDS = 120
    concern = concern_by("published")
    for body in ["First: we have read this.", "Second: patrols booked.", "Third: done."]:
        services.reply_to_concern(concern=concern, author=officer, body=body)

    assert notifications.send_pending_emails() == 0  # still inside the batch window
    Notification.objects.update(created_at=timezone.now() - timedelta(seconds=121))
    assert notifications.send_pending_emails() == 1

    assert len(mail.outbox) == 1 and mail.outbox[0].to == [resident.email]
    body = mail.outbox[0].body
    assert all(text in body for text in ["First: we", "Second: patrols", "Third: done."])
    assert mail.outbox[0].subject.startswith("3 replies from the team")
    assert set(Notification.objects.values_list("email_state", flat=True)) == {"sent"}
    assert notifications.send_pending_emails() == 0


def test_replies_to_different_people_are_batched_per_person(
    concern_by, officer, resident, other_resident, settings
):
    settings.REPLY_EMAIL_BATCH_SECONDS = 120
    concern = concern_by("published")
    services.follow(user=other_resident, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="One.")
    services.reply_to_concern(concern=concern, author=officer, body="Two.")
    Notification.objects.update(created_at=timezone.now() - timedelta(seconds=121))

    assert notifications.send_pending_emails() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([resident.email, other_resident.email])


def test_fit_cuts_at_a_word_and_says_so():
    assert notifications.fit("a sentence that is longer than twelve", 12) == "a sentence…"
    assert notifications.fit("short", 12) == "short"


def test_the_outbox_sweep_emails_each_pending_notification_exactly_once(
    concern_by, officer, resident
):
    services.reply_to_concern(concern=concern_by("published"), author=officer, body="Noted.")

    assert notifications.send_pending_emails() == 1
    assert notifications.send_pending_emails() == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [resident.email]
    assert "/unsubscribe/" in mail.outbox[0].body
    assert Notification.objects.get().email_state == EmailState.SENT


def test_emails_queued_before_a_concern_was_hidden_are_not_sent(
    concern_by, officer, moderator, other_resident
):
    concern = concern_by("published")
    services.follow(user=other_resident, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="Noted.")
    services.transition_concern(concern, S.HIDDEN, actor=moderator)

    notifications.send_pending_emails()

    # The author hears of the reply and of the hiding; the follower hears nothing.
    assert mail.outbox and all(m.to == [concern.author.email] for m in mail.outbox)
    assert Notification.objects.get(user=other_resident).email_state == EmailState.NONE


def test_an_undeliverable_email_is_retried_five_times_then_given_up(
    concern_by, officer, mail_server_down
):
    services.reply_to_concern(concern=concern_by("published"), author=officer, body="Noted.")

    for _ in range(notifications.MAX_ATTEMPTS + 2):
        notifications.send_pending_emails()

    row = Notification.objects.get()
    assert (row.email_state, row.email_attempts) == (EmailState.FAILED, notifications.MAX_ATTEMPTS)
