"""The daily digest: one email per person with everything they chose to hear about daily."""

from __future__ import annotations

import uuid
from itertools import groupby
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from concerns.models import EmailState, Notification
from concerns.services.notifications import (
    reclaim_stale_claims,
    release_after_failure,
    still_wanted,
    unsubscribe_path,
)
from engage import mail

if TYPE_CHECKING:
    from engage.models import User


def send_daily_digests() -> int:
    """Each run claims rows with its own token (digest -> sending) before reading them back by
    that token, so two runs at once never send the same row; returns the emails sent."""
    reclaim_stale_claims()
    run = uuid.uuid4()
    Notification.objects.filter(email_state=EmailState.DIGEST).update(
        email_state=EmailState.SENDING, claim=run, claimed_at=timezone.now()
    )
    rows = (
        Notification.objects.filter(claim=run, email_state=EmailState.SENDING)
        .select_related("user", "event__concern")
        .order_by("user_id", "id")
    )
    sent = 0
    with mail.Mailer() as mailer:
        for user, items in groupby(rows, key=lambda n: n.user):
            sent += _send_digest(user, list(items), mailer)
    return sent


def _send_digest(user: User, items: list[Notification], mailer: mail.Mailer) -> int:
    batch = [n for n in items if still_wanted(n)]
    dropped = [n.pk for n in items if n not in batch]
    Notification.objects.filter(pk__in=dropped).update(email_state=EmailState.NONE)
    if not batch:
        return 0
    body = render_to_string(
        "concerns/email/digest.txt",
        {
            "user": user,
            "notifications": batch,
            "site_url": settings.SITE_URL,
            "unsubscribe_url": settings.SITE_URL + unsubscribe_path(user),
        },
    )
    letter = mail.Letter(
        f"Your daily {settings.SERVICE_NAME} digest: {len(batch)} updates",
        body,
        [user.email],
        key=f"digest-{batch[0].pk}",
    )
    if not mailer.send(letter):  # one person's failure does not stop everyone's digest
        release_after_failure([n.pk for n in batch], retry_state=EmailState.DIGEST)
        return 0
    Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
        email_state=EmailState.SENT, emailed_at=timezone.now()
    )
    return 1
