"""Time to eyes for urgent items: an urgent item that no moderator has claimed within
URGENT_ESCALATE_MINUTES is escalated, once, by email (the moderators covering its neighbourhood
and URGENT_ESCALATION_EMAIL, a duty supervisor) and by a webhook a control room can take
(URGENT_WEBHOOK_URL, JSON, signed with URGENT_WEBHOOK_SECRET).

Exactly once: the escalation is a row with a one-to-one on the item, so two sweeps racing make
one. Delivery is recorded on that row and retried by the sweep (every 30 s, Celery beat) with
backoff until it succeeds or URGENT_WEBHOOK_MAX_ATTEMPTS is reached: a control room or mail
server that is down delays the alert, it never loses it. Each webhook carries an
Idempotency-Key, so a receiver can drop the repeat of a delivery whose answer was lost.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from engage import mail
from engage.models import Moderator
from moderation.models import Lane, QueueEventKind, QueueItem, UrgentEscalation
from moderation.services import queue

if TYPE_CHECKING:
    from datetime import datetime

    from engage.models import User

log = logging.getLogger(__name__)

CLAIM_SECONDS = 60  # one sweep owns a delivery this long: two sweeps never both send
BACKOFF_CAP_SECONDS = 600


def sweep() -> dict[str, int]:
    """Escalate what is due, then deliver what is undelivered (the beat task)."""
    escalated = escalate_due()
    return {"escalated": escalated, "emailed": deliver_emails(), "webhooks": deliver_webhooks()}


def due_items(now: datetime | None = None) -> QuerySet[QueueItem]:
    now = now or timezone.now()
    limit = now - timedelta(minutes=settings.URGENT_ESCALATE_MINUTES)
    return (
        QueueItem.objects.pending()
        .filter(lane=Lane.URGENT, created_at__lte=limit, urgent_escalation__isnull=True)
        .filter(Q(claimed_by__isnull=True) | Q(claim_expires_at__lt=now))
    )


def escalate_due() -> int:
    made = 0
    for item in due_items().select_related("neighbourhood")[:200]:
        try:
            with transaction.atomic():
                UrgentEscalation.objects.create(item=item)
                queue.record(item, QueueEventKind.URGENT_ESCALATED, actor=None)
        except IntegrityError:  # another sweep escalated it first
            continue
        made += 1
    return made


def deliver_emails() -> int:
    with mail.Mailer() as mailer:
        return sum(_deliver(escalation, mailer) for escalation in _undelivered())


def _undelivered() -> list[UrgentEscalation]:
    return list(
        UrgentEscalation.objects.filter(emailed_at__isnull=True).select_related(
            "item__neighbourhood", "item__concern"
        )[:200]
    )


def _deliver(escalation: UrgentEscalation, mailer: mail.Mailer) -> int:
    now = timezone.now()
    # Claimed by a conditional update: a concurrent sweep skips it.
    if not UrgentEscalation.objects.filter(pk=escalation.pk, emailed_at__isnull=True).update(
        emailed_at=now
    ):
        return 0
    recipients = email_recipients(escalation.item)
    if not mailer.send(
        mail.Letter(*_email(escalation), recipients, key=f"urgent-escalation-{escalation.pk}")
    ):
        # Mail down: the claim is given back and the next sweep retries.
        UrgentEscalation.objects.filter(pk=escalation.pk, emailed_at=now).update(emailed_at=None)
        return 0
    UrgentEscalation.objects.filter(pk=escalation.pk).update(email_recipients=len(recipients))
    return 1


def email_recipients(item: QueueItem) -> list[str]:
    emails = [
        moderator.user.email
        for moderator in Moderator.objects.select_related("user")
        .filter(user__is_active=True)
        .prefetch_related("neighbourhoods")
        if moderator.scope.covers(item.neighbourhood_id)
    ]
    if settings.URGENT_ESCALATION_EMAIL:
        emails.append(settings.URGENT_ESCALATION_EMAIL)
    return sorted(set(emails))


def _email(escalation: UrgentEscalation) -> tuple[str, str]:
    item = escalation.item
    minutes = int(escalation.waited.total_seconds() // 60)
    subject = (
        f"Urgent post waiting {minutes} minutes with nobody on it: "
        f"{item.concern.ref}, {item.neighbourhood.name}"
    )
    body = (
        f"An urgent post has waited {minutes} minutes in the moderation queue and no "
        f"moderator has claimed it. Screening thinks someone may be in danger now.\n\n"
        f"Open it: {item_url(item)}\n\nIf you cannot take it, pass it to the control "
        f"room.\n"
    )
    return subject, body


def item_url(item: QueueItem) -> str:
    return settings.SITE_URL + item.get_absolute_url()


def deliver_webhooks() -> int:
    if not settings.URGENT_WEBHOOK_URL:
        return 0
    now = timezone.now()
    ready = (
        UrgentEscalation.objects.filter(
            webhook_delivered_at__isnull=True, webhook_gave_up_at__isnull=True
        )
        .filter(Q(webhook_next_attempt_at__isnull=True) | Q(webhook_next_attempt_at__lte=now))
        .filter(Q(webhook_claimed_until__isnull=True) | Q(webhook_claimed_until__lt=now))
    )
    delivered = 0
    for escalation in ready.select_related("item__neighbourhood", "item__concern")[:100]:
        delivered += _deliver_one(escalation)
    return delivered


def _deliver_one(escalation: UrgentEscalation) -> int:
    now = timezone.now()
    claimed_until = now + timedelta(seconds=CLAIM_SECONDS)
    claim = UrgentEscalation.objects.filter(
        Q(webhook_claimed_until__isnull=True) | Q(webhook_claimed_until__lt=now),
        pk=escalation.pk,
        webhook_delivered_at__isnull=True,
    )
    if not claim.update(webhook_claimed_until=claimed_until):
        return 0
    attempts = escalation.webhook_attempts + 1
    error = post_webhook(escalation)
    if error is None:
        UrgentEscalation.objects.filter(pk=escalation.pk).update(
            webhook_delivered_at=timezone.now(),
            webhook_attempts=attempts,
            webhook_claimed_until=None,
            webhook_last_error="",
        )
        return 1
    log.warning(
        "urgent webhook for escalation %s failed (attempt %s): %s", escalation.pk, attempts, error
    )
    gave_up = attempts >= settings.URGENT_WEBHOOK_MAX_ATTEMPTS
    UrgentEscalation.objects.filter(pk=escalation.pk).update(
        webhook_attempts=attempts,
        webhook_claimed_until=None,
        webhook_last_error=error[:300],
        webhook_next_attempt_at=timezone.now()
        + timedelta(seconds=min(BACKOFF_CAP_SECONDS, 5 * 2 ** (attempts - 1))),
        webhook_gave_up_at=timezone.now() if gave_up else None,
    )
    return 0


def webhook_payload(escalation: UrgentEscalation) -> dict:
    """What a control room needs to act without opening Engage (the endpoint is the force's
    own, configured by it: the post's text and screening's reasons are included)."""
    item = escalation.item
    subject = item.subject
    return {
        "type": "engage.urgent_post_unclaimed",
        "escalation": escalation.pk,
        "item": item.pk,
        "reference": item.concern.ref,
        "neighbourhood": item.neighbourhood.name,
        "queued_at": item.created_at.isoformat(),
        "escalated_at": escalation.created_at.isoformat(),
        "waited_seconds": int(escalation.waited.total_seconds()),
        "title": getattr(subject, "title", ""),
        "text": subject.body,
        "reasons": [
            finding.get("reason", "")
            for finding in subject.screening or []
            if finding.get("lane") == Lane.URGENT
        ],
        "url": item_url(item),
    }


def signature(body: bytes) -> str:
    secret = settings.URGENT_WEBHOOK_SECRET.encode()
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def post_webhook(escalation: UrgentEscalation) -> str | None:
    """POST once; None when the receiver answered 2xx, else what went wrong."""
    body = json.dumps(webhook_payload(escalation)).encode()
    headers = {"Content-Type": "application/json", "Idempotency-Key": f"urgent-{escalation.pk}"}
    if settings.URGENT_WEBHOOK_SECRET:
        headers["X-Engage-Signature"] = signature(body)
    request = urllib.request.Request(
        settings.URGENT_WEBHOOK_URL, data=body, method="POST", headers=headers
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.URGENT_WEBHOOK_TIMEOUT_SECONDS):
            return None
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}"
    except (urllib.error.URLError, OSError) as error:
        return str(getattr(error, "reason", error))


def recent(user: User, days: int = 7) -> list[UrgentEscalation]:
    """For the dashboard: escalations in the moderator's scope, newest first."""
    since = timezone.now() - timedelta(days=days)
    return list(
        UrgentEscalation.objects.filter(
            item__in=QueueItem.objects.in_scope_of(user), created_at__gte=since
        ).select_related("item__concern", "item__neighbourhood", "item__claimed_by")[:50]
    )
