"""The daily digest: one email per person with everything they chose to hear about daily."""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone

from concerns.models import EmailState, Notification
from concerns.notifications import still_wanted, unsubscribe_path


def send_daily_digests() -> int:
    """Claim each person's digest rows (digest -> sending) before sending, so a second run
    at the same time sends nothing twice; returns the number of emails sent."""
    rows = (Notification.objects.filter(email_state=EmailState.DIGEST)
            .select_related("user", "event__concern").order_by("user_id", "id"))
    sent = 0
    for user, items in groupby(rows, key=lambda n: n.user):
        ids = [n.pk for n in items]
        claimed = Notification.objects.filter(pk__in=ids, email_state=EmailState.DIGEST).update(
            email_state=EmailState.SENDING)
        if not claimed:
            continue
        claimed_rows = (Notification.objects.filter(pk__in=ids, email_state=EmailState.SENDING)
                        .select_related("user", "event__concern"))
        batch = [n for n in claimed_rows if still_wanted(n)]
        Notification.objects.filter(pk__in=ids).exclude(pk__in=[n.pk for n in batch]).update(
            email_state=EmailState.NONE)
        if not batch:
            continue
        body = render_to_string("concerns/email/digest.txt", {
            "user": user, "notifications": batch, "site_url": settings.SITE_URL,
            "unsubscribe_url": settings.SITE_URL + unsubscribe_path(user)})
        send_mail(f"Your daily {settings.SERVICE_NAME} digest: {len(batch)} updates", body,
                  None, [user.email])
        Notification.objects.filter(pk__in=[n.pk for n in batch]).update(
            email_state=EmailState.SENT, emailed_at=timezone.now())
        sent += 1
    return sent
