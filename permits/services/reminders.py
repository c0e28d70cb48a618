"""Renewal reminders: a granted certificate's holder is emailed as its expiry nears, at the
stages settings.PERMIT_REMINDER_DAYS names (by default 90, 30 and 7 days before).

The rules:
- exactly once per stage: the permits.Reminder row (unique on application and stage) is made
  in the same transaction as the email is queued through the outbox (whose key is unique
  too), so beat firing twice, two workers at once or a retry send one email;
- a stage missed (the task did not run that day) is sent late, once, but only the most
  recent one: the stage an application is "in" is the smallest stage at or above its days
  left, so after a gap it gets one email, never three at once;
- nothing for an application that has expired, or that was renewed (a newer granted
  application of the same type by the same applicant lasts longer).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from casework import notices
from casework.states import CaseStatus
from permits.models import Application, Reminder

log = logging.getLogger(__name__)
CHUNK = 500


def stages() -> list[tuple[int, int]]:
    """(first, last) days left of each stage's band, nearest expiry first: with (90, 30, 7),
    [(0, 7), (8, 30), (31, 90)]."""
    days = sorted({int(d) for d in settings.PERMIT_REMINDER_DAYS if int(d) >= 0})
    return [(previous + 1, stage) for previous, stage in zip([-1, *days], days, strict=False)]


def due_in_stage(first: int, last: int, *, today: date) -> QuerySet[Application]:
    """Granted applications with `first` to `last` days left that have no reminder for the
    stage `last` and were not renewed."""
    renewed = Application.objects.filter(
        type=OuterRef("type"),
        case__reporter=OuterRef("case__reporter"),
        case__status=CaseStatus.GRANTED,
        expires_on__gt=OuterRef("expires_on"),
    )
    return (
        Application.objects.filter(
            case__status=CaseStatus.GRANTED,
            case__reporter__isnull=False,
            expires_on__range=(today + timedelta(days=first), today + timedelta(days=last)),
        )
        .exclude(reminders__days_before=last)
        .exclude(Exists(renewed))
        .select_related("case")
        .order_by("expires_on", "id")
    )


def send_due_reminders(*, today: date | None = None) -> int:
    """Send every reminder due today (see the module docstring); how many were sent. Each
    reminder commits on its own, so a run cut short keeps what it sent."""
    today = today or timezone.localdate()
    sent = 0
    for application, days in _due(today):
        sent += remind(application=application, days_before=days)
    if sent:
        log.info("permits: sent %s renewal reminders", sent)
    return sent


def _due(today: date) -> Iterator[tuple[Application, int]]:
    for first, last in stages():
        for application in due_in_stage(first, last, today=today).iterator(chunk_size=CHUNK):
            yield application, last


def remind(*, application: Application, days_before: int) -> bool:
    """Record the stage and queue its email, together or not at all. False (nothing sent)
    when the stage was already sent, by an earlier run or by another worker right now."""
    try:
        with transaction.atomic():
            Reminder.objects.create(application=application, days_before=days_before)
            notices.tell_reporter(
                application.case, "reminder", key=f"reminder:{application.pk}:{days_before}"
            )
    except IntegrityError:
        return False  # (application, days_before) is unique: someone else sent this one
    return True
