"""Background work for moderation: thin, idempotent tasks that call services."""

from __future__ import annotations

from celery import shared_task

from moderation.services import escalation, learning, queue, referrals, reminders, rescreening


@shared_task(name="moderation.remind_overdue", acks_late=True, ignore_result=True)
def remind_overdue() -> int:
    """Hourly (beat): tell moderators about items past their screening deadline, and
    correct the lane tally if anything removed items behind the services' back."""
    queue.recount()
    return reminders.remind_overdue()


@shared_task(name="moderation.purge_redacted_originals", acks_late=True, ignore_result=True)
def purge_redacted_originals() -> int:
    """Daily (beat): delete what redacted posts said once their retention period ends, and
    moderators' screening examples likewise."""
    return reminders.purge_redacted_originals() + learning.purge_expired()


@shared_task(name="moderation.rescreen_item", acks_late=True, ignore_result=True)
def rescreen_item(item_id: int) -> str:
    """After submission: screen again with the author's recent posts (repeats, floods)."""
    return rescreening.rescreen_item(item_id)


@shared_task(name="moderation.send_referral", acks_late=True, ignore_result=True)
def send_referral(concern_id: int, diverted_to: str, reason: str) -> bool:
    """Only for messages an older release queued: each becomes the outbox row a diversion
    writes now (once per concern and desk), so no referral is ever sent outside the outbox."""
    return referrals.refer_by_id(concern_id=concern_id, diverted_to=diverted_to, reason=reason)


@shared_task(name="moderation.escalate_urgent", acks_late=True, ignore_result=True)
def escalate_urgent() -> dict:
    """Every 30 s (beat): escalate urgent items nobody claimed in time; deliver or retry their
    emails and control-room webhooks."""
    return escalation.sweep()
