"""Community flags on published concerns. One per person per concern, weighted by account age
and history (`flag_weight`): an established account counts 2, others 1, and an account under
NEW_ACCOUNT_FLAG_DAYS old or sanctioned lately 0, so new accounts' reports queue for review but
never hide anything on their own (three accounts made minutes earlier used to hide any concern:
issue 16, item 10). A serious flag ("personal data", "urgent") from an established resident, or
FLAGS_TO_HIDE weighted flags, hides the concern pending review; every flag puts the concern in
front of moderators."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from concerns import services as concern_services
from concerns.models import Concern
from concerns.states import ConcernStatus
from engage import ratelimit
from engage.refusals import AlreadyHandled, NotAllowed, QuotaExceeded
from moderation.models import SERIOUS_FLAGS, Flag, FlagReason, Kind, Lane, Sanction
from moderation.services import queue

if TYPE_CHECKING:
    from engage.models import User

FLAGS_PER_HOUR = 20
SANCTION_MEMORY_DAYS = 90  # a sanction (even a warning) this recent zeroes a person's flags
LANE_FOR_REASON = {
    FlagReason.URGENT: Lane.URGENT,
    FlagReason.PERSONAL_DATA: Lane.PERSONAL_DATA,
    FlagReason.NAMES_PERSON: Lane.PERSONAL_DATA,
}


def is_established(user: User) -> bool:
    age = timezone.now() - user.date_joined
    return user.email_verified and age >= timedelta(days=settings.ESTABLISHED_ACCOUNT_DAYS)


def flag_weight(user: User) -> int:
    """2 for an established account, 0 for a new or lately sanctioned one, else 1."""
    now = timezone.now()
    if now - user.date_joined < timedelta(days=settings.NEW_ACCOUNT_FLAG_DAYS):
        return 0
    if Sanction.objects.filter(
        user=user,
        lifted_at__isnull=True,
        created_at__gte=now - timedelta(days=SANCTION_MEMORY_DAYS),
    ).exists():
        return 0
    return 2 if is_established(user) else 1


def flag_concern(*, concern: Concern, user: User, reason: str, text: str = "") -> Flag:
    """Record a flag and queue the concern for review; hide it at once when the rules say."""
    if not concern.is_public:
        raise NotAllowed("Only published concerns can be reported.")
    if concern.author_id == user.pk:
        raise NotAllowed("This is your own concern: you can withdraw it instead.")
    if reason not in FlagReason.values:
        raise NotAllowed("Choose why you are reporting it.")
    if reason == FlagReason.OTHER and not text.strip():
        raise NotAllowed("Tell us what is wrong with it.")
    if not user.email_verified:
        raise NotAllowed(
            "Confirm your email address before reporting: use the link we emailed "
            "you, or ask for a new one on your account page."
        )
    limited = ratelimit.hit("flag-user", str(user.pk), limit=FLAGS_PER_HOUR, window=3600)
    if limited is not None and not limited.allowed:
        raise QuotaExceeded(
            f"You can report {FLAGS_PER_HOUR} things an hour. Moderators are "
            "looking at what you have reported already."
        )
    established = is_established(user)
    try:
        with transaction.atomic():
            flag = Flag.objects.create(
                concern=concern,
                user=user,
                reason=reason,
                text=text.strip()[:500],
                weight=flag_weight(user),
            )
            queue.enqueue(
                kind=Kind.FLAG, concern=concern, lane=LANE_FOR_REASON.get(reason, Lane.STANDARD)
            )
            if _should_hide(concern, flag, established):
                concern_services.transition_concern(
                    concern,
                    ConcernStatus.HIDDEN,
                    actor=None,
                    system=True,
                    note="Hidden while moderators review reports about it",
                )
    except IntegrityError:
        raise AlreadyHandled(
            "You have already reported this concern. Thank you: moderators will look at it."
        ) from None
    return flag


def _should_hide(concern: Concern, flag: Flag, established: bool) -> bool:
    if flag.reason in SERIOUS_FLAGS and established and flag.weight:
        return True
    weight = (
        Flag.objects.filter(concern=concern, reviewed=False).aggregate(total=Sum("weight"))["total"]
        or 0
    )
    return weight >= settings.FLAGS_TO_HIDE
