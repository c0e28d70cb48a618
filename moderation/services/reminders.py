"""Emails to moderators: overdue items (hourly); and the retention purge (escalations to a team are
concerns.services.tell_team, in-app and by the notification outbox).

Each overdue item is reminded about once (`reminded_at`, claimed by a conditional update), so a
task that runs twice, or two beats, never double-send.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from engage import mail
from engage.models import Moderator
from moderation.models import QueueItem, RedactedOriginal


def remind_overdue() -> int:
    """Email each moderator the overdue items in their scope that nobody was reminded about."""
    now = timezone.now()
    due = list(
        QueueItem.objects.pending()
        .filter(deadline__lt=now, reminded_at__isnull=True)
        .values_list("pk", flat=True)[:500]
    )
    claimed = QueueItem.objects.filter(pk__in=due, reminded_at__isnull=True).update(reminded_at=now)
    if not claimed:
        return 0
    items = list(
        QueueItem.objects.filter(pk__in=due, reminded_at=now).select_related("neighbourhood")
    )
    with mail.Mailer() as mailer:
        sent, reached = _remind_each(items, mailer)
    # Claimed before sending (two runs never both send). An item no moderator's email covered
    # is given back for the next hour; one that reached someone is not sent to everyone again.
    unreached = [item.pk for item in items if item.pk not in reached]
    if unreached:
        QueueItem.objects.filter(pk__in=unreached, reminded_at=now).update(reminded_at=None)
    return sent


def _remind_each(items: list[QueueItem], mailer: mail.Mailer) -> tuple[int, set[int]]:
    """The emails sent, and the items at least one of them covered."""
    sent, reached = 0, set()
    for moderator in (
        Moderator.objects.select_related("user")
        .filter(user__is_active=True)
        .prefetch_related("neighbourhoods")
    ):
        mine = [item for item in items if moderator.scope.covers(item.neighbourhood_id)]
        if not mine:
            continue
        if mailer.send(_reminder(moderator, mine)):
            sent += 1
            reached.update(item.pk for item in mine)
    return sent, reached


def _reminder(moderator: Moderator, items: list[QueueItem]) -> mail.Letter:
    lines = [
        f"- {item.get_lane_display()}: {item.get_kind_display()} in "
        f"{item.neighbourhood.name}, due {timezone.localtime(item.deadline):%H:%M %d %b}"
        for item in items[:20]
    ]
    url = settings.SITE_URL + reverse("moderation:queue")
    return mail.Letter(
        f"{len(items)} moderation item(s) past their deadline",
        "These items are waiting past their screening deadline:\n\n"
        + "\n".join(lines)
        + f"\n\nOpen the queue: {url}\n",
        [moderator.user.email],
        # Every item in the key: a later reminder about other items is a new email, not one a
        # mail server drops as a duplicate of an earlier Message-ID.
        key=f"overdue-{moderator.pk}-"
        + hashlib.sha256(
            ",".join(str(item.pk) for item in sorted(items, key=lambda i: i.pk)).encode()
        ).hexdigest()[:16],
    )


def purge_redacted_originals() -> int:
    deleted, _ = RedactedOriginal.objects.filter(purge_after__lt=timezone.now()).delete()
    return deleted
