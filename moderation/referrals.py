"""Diversions that must reach someone: a safeguarding referral (and, where a force sets one up,
the 101 or crime-report desks) is emailed to the address in settings.DIVERSION_REFERRAL_EMAILS
by a Celery task after commit, with what the resident wrote and how to contact them. Without an
address the diversion is still recorded and the resident still gets the advice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from concerns.models import Concern

log = logging.getLogger(__name__)


def refer_diversion(*, concern: Concern, diverted_to: str, reason: str) -> bool:
    address = settings.DIVERSION_REFERRAL_EMAILS.get(diverted_to, "")
    if not address:
        log.warning("no referral address for %s diversions; %s recorded only", diverted_to,
                    concern.ref)
        return False

    def enqueue() -> None:
        from moderation.tasks import send_referral  # tasks imports the services

        send_referral.delay(concern.pk, diverted_to, reason)

    transaction.on_commit(enqueue, robust=True)
    return True


def send_referral(concern_id: int, diverted_to: str, reason: str) -> bool:
    concern = Concern.objects.select_related("author", "neighbourhood").filter(
        pk=concern_id).first()
    address = settings.DIVERSION_REFERRAL_EMAILS.get(diverted_to, "")
    if concern is None or not address:
        return False
    send_mail(f"[{settings.SERVICE_NAME}] {diverted_to} referral {concern.ref}: {concern.title}",
              f"A moderator diverted this post instead of publishing it.\n\n"
              f"Reference: {concern.ref}\nNeighbourhood: {concern.neighbourhood.name}\n"
              f"Where: {concern.location or 'not given'}\n"
              f"Resident: {concern.author.display_name} <{concern.author.email}>\n"
              f"Moderator's note: {reason or 'none'}\n\n{concern.title}\n\n{concern.body}\n",
              None, [address])
    return True
