"""Reminders about overdue queue items (moderation.services.reminders): once each, and tried
again next hour when one could not be sent."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from moderation.models import QueueItem
from moderation.services import reminders
from tests.conftest import mail_server_back


def test_overdue_items_are_reminded_about_once(submit, moderator, scoped_moderator):
    item = submit()
    QueueItem.objects.filter(pk=item.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    assert reminders.remind_overdue() == 1
    assert [m.to for m in mail.outbox] == [[moderator.email]]  # the scoped one is not told
    assert reminders.remind_overdue() == 0 and len(mail.outbox) == 1


def test_a_reminder_that_could_not_be_sent_is_tried_again_next_hour(
    submit, moderator, mail_server_down
):
    item = submit()
    QueueItem.objects.filter(pk=item.pk).update(deadline=timezone.now() - timedelta(minutes=1))

    assert reminders.remind_overdue() == 0
    mail_server_back(mail_server_down)

    assert reminders.remind_overdue() == 1 and len(mail.outbox) == 1


def test_an_item_one_moderator_was_reminded_about_is_not_sent_again_to_everyone(
    submit, moderator, second_moderator, settings
):
    """Mail to one moderator refused, to the other sent: the item reached someone, so it is
    not given back (the other would get the same reminder again next hour)."""
    from tests.conftest import smtp_at
    from tests.resilience.smtp import SlowSink

    sink = SlowSink(delay=0)
    sink.refused.add(second_moderator.email)
    smtp_at(settings, sink.port)
    try:
        item = submit()
        QueueItem.objects.filter(pk=item.pk).update(deadline=timezone.now() - timedelta(minutes=1))

        assert reminders.remind_overdue() == 1
        assert len(sink.message_ids) == 1
        assert QueueItem.objects.get(pk=item.pk).reminded_at is not None
        assert reminders.remind_overdue() == 0 and len(sink.message_ids) == 1
    finally:
        sink.close()


def test_a_reminder_about_other_items_is_a_new_email_not_a_duplicate(submit, moderator):
    first, second = submit(), submit(title="Another one")
    QueueItem.objects.filter(pk=first.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    reminders.remind_overdue()
    QueueItem.objects.filter(pk=second.pk).update(deadline=timezone.now() - timedelta(minutes=1))
    reminders.remind_overdue()

    ids = [message.extra_headers["Message-ID"] for message in mail.outbox]
    assert len(ids) == 2 and ids[0] != ids[1]
