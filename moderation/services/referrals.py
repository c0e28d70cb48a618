"""Diversions that must reach someone: a safeguarding referral (and, where a force sets one up,
the 101 or crime-report desks) is emailed to the address in settings.DIVERSION_REFERRAL_EMAILS,
with what the resident wrote and how to contact them. Every referral is an outbox row
(engage/outbox.py) written in the diversion's transaction, once per concern and desk, and
only its handler sends the email: a broker outage at commit delays it until the sweep, never
drops it. Without an address the diversion is still recorded and the resident still gets the
advice."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction

from concerns.models import Concern
from engage import mail, outbox

log = logging.getLogger(__name__)
REFERRAL = "moderation.referral"


def refer_diversion(*, concern: Concern, diverted_to: str, reason: str) -> bool:
    """Record the referral of a diverted concern (call it in the decision's transaction);
    False when no address is set for that desk."""
    address = settings.DIVERSION_REFERRAL_EMAILS.get(diverted_to, "")
    if not address:
        log.warning(
            "no referral address for %s diversions; %s recorded only", diverted_to, concern.ref
        )
        return False
    # Through the outbox: in the diversion's transaction, so a broker outage delays the
    # referral but never drops it.
    outbox.enqueue(
        REFERRAL,
        {"concern": concern.pk, "diverted_to": diverted_to, "reason": reason},
        dedupe_key=f"referral:{concern.pk}:{diverted_to}",
    )
    return True


@transaction.atomic
def refer_by_id(*, concern_id: int, diverted_to: str, reason: str) -> bool:
    """The same, for a concern known by id (a message queued by an older release)."""
    concern = Concern.objects.filter(pk=concern_id).first()
    return concern is not None and refer_diversion(
        concern=concern, diverted_to=diverted_to, reason=reason
    )


class ReferralNotSent(Exception):
    """The mail server did not take the referral: the outbox item stays due and is retried."""


@outbox.handler(REFERRAL)
def _refer_from_outbox(payload: dict) -> None:
    send_referral(payload["concern"], payload["diverted_to"], payload["reason"])


def send_referral(concern_id: int, diverted_to: str, reason: str) -> bool:
    concern = (
        Concern.objects.select_related("author", "neighbourhood").filter(pk=concern_id).first()
    )
    address = settings.DIVERSION_REFERRAL_EMAILS.get(diverted_to, "")
    if concern is None or not address:
        return False
    letter = mail.Letter(
        f"[{settings.SERVICE_NAME}] {diverted_to} referral {concern.ref}: {concern.title}",
        f"A moderator diverted this post instead of publishing it.\n\n"
        f"Reference: {concern.ref}\nNeighbourhood: {concern.neighbourhood.name}\n"
        f"Where: {concern.location or 'not given'}\n"
        f"Resident: {concern.author.display_name} <{concern.author.email}>\n"
        f"Moderator's note: {reason or 'none'}\n\n{concern.title}\n\n{concern.body}\n",
        [address],
        # At least once: a resend after a worker died is recognisable as the same referral.
        key=f"referral-{concern.pk}-{diverted_to}",
    )
    if not mail.send(letter):
        raise ReferralNotSent(f"referral of {concern.ref} to {diverted_to} not sent")  # retried
    return True
