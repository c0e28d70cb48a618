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
