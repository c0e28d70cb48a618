"""Who hears about an event, in-app and by email, and the outbox sweep that emails them.

`announce` runs inside the service's transaction: the notification rows (which are also the
email outbox) commit or roll back with the change itself. Pushing to sockets and waking the
email task happen after commit, and failing to do either loses nothing: pages read the database
and the scheduled sweep sends whatever is still pending.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from concerns import live
from concerns.models import Concern, ConcernEvent, EmailState, EventKind, Notification
from concerns.states import ConcernStatus
from engage import mail
from engage.models import EmailPreference, NeighbourhoodEvent, User

log = logging.getLogger(__name__)
SWEEP_BATCH = 200
MAX_ATTEMPTS = 5
TAKEN_DOWN = frozenset({ConcernStatus.HIDDEN, ConcernStatus.WITHDRAWN})
DIVERSION_ADVICE = (
    "If anyone is in danger now, call 999 (text relay 18000). For anything "
    "else, call 101 or report it online."
)


def _message(event: ConcernEvent) -> str:
    concern = event.concern
    if event.kind == EventKind.PUBLISHED:
        return f"New concern in {concern.neighbourhood.name}: {concern.title}"
    if event.kind == EventKind.REPLY:
        return f"{event.reply.badge} replied to “{concern.title}”"
    if event.kind == EventKind.UPDATE:
        return f"A resident added an update to “{concern.title}”"
    if event.kind == EventKind.OUTCOME:
        return f"The team has said what was done about “{concern.title}”"
    if event.kind == EventKind.MODERATION:
        return f"About “{concern.title}”: {event.note}"
    if event.to_status == ConcernStatus.DIVERTED:
        return (
            f"We did not publish “{concern.title}”: {concern.get_diverted_to_display()}. "
            f"{DIVERSION_ADVICE}"
        )
    label = ConcernStatus(event.to_status).label.lower()
    # Private events, and taking a concern down (only its author hears of that), carry the
    # moderator's reason; a public change's note is not for every follower's inbox.
    private = not event.is_public or event.to_status in TAKEN_DOWN
    note = f" The moderator said: {event.note}" if event.note and private else ""
    return f"“{concern.title}” is now {label}.{note}"


def fit(text: str, limit: int) -> str:
    """`text` cut to `limit` characters at a word, with an ellipsis: never mid-word or
    mid-sentence without saying so."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,.;:") + "…"


def _author_message(event: ConcernEvent) -> str:
    """A newly published concern, told to the resident who raised it (not as news of it)."""
    return f"Your concern “{event.concern.title}” has been checked and is now public."


def subject_of(notification: Notification) -> str:
    """One line, the headline without the moderator's note, cut at a word."""
    headline = notification.message.split(" The moderator said:")[0]
    return fit(headline, 90)


def _recipients(event: ConcernEvent) -> list[User]:
    """Followers of the concern; for a newly published one, also of its place and tags. The
    author hears of every change to their own concern, public or not."""
    concern = event.concern
    if not event.is_public or event.to_status in TAKEN_DOWN:
        # A concern leaving public view: its title is no longer for followers' eyes.
        return [concern.author] if event.actor_id != concern.author_id else []
    wanted = Q(follows__concern=concern)
    if event.kind == EventKind.PUBLISHED:
        tag_ids = list(concern.tags.values_list("id", flat=True))
        wanted |= Q(follows__neighbourhood=concern.neighbourhood_id) | Q(follows__tag__in=tag_ids)
    # Nobody hears of their own doing: the actor, nor the writer of an update or reply that a
    # moderator (the actor then) has just published.
    own = {
        event.actor_id,
        event.update.author_id if event.update_id else None,
        event.reply.author_id if event.reply_id else None,
    } - {None}
    users = User.objects.filter(wanted, is_active=True).exclude(pk__in=own).distinct()
    return list(users)


def _email_state(user: User, event: ConcernEvent) -> str:
    if user.email_preference == EmailPreference.NEVER or not user.email_verified:
        return EmailState.NONE
    # A moderator's decision about their own post is news the author needs now.
    if user.email_preference == EmailPreference.DAILY and event.is_public:
        return EmailState.DIGEST
    return EmailState.PENDING


def announce(
    event: ConcernEvent,
    to: list[User] | None = None,
    *,
    messages: dict[int, str] | None = None,
    entry: NeighbourhoodEvent | None = None,
) -> None:
    """Notify everyone who should hear of `event` (or exactly `to`), then (after commit) push
    it live. `messages`: a different message for some recipients, by user id. `entry`: the
    event's entry on its neighbourhood's stream, if the service stored one."""
    message = fit(_message(event), 300)
    recipients = _recipients(event) if to is None else to
    author_id = event.concern.author_id
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                event=event,
                message=fit(
                    (messages or {}).get(user.pk)
                    or (
                        _author_message(event)
                        if event.kind == EventKind.PUBLISHED and user.pk == author_id
                        else message
                    ),
                    300,
                ),
                email_state=_email_state(user, event),
            )
            for user in recipients
        ],
        ignore_conflicts=True,
    )
    ids = [user.pk for user in recipients]
    transaction.on_commit(live.prepare_publish(event, ids, entry=entry), robust=True)
    _wake_mailer(settings.REPLY_EMAIL_BATCH_SECONDS if event.kind == EventKind.REPLY else 0)


def _wake_mailer(delay: int = 0) -> None:
    from concerns.tasks import send_pending_emails  # here: tasks imports this module

    # After commit (engage.jobs): with the broker down the scheduled sweep sends them.
    # Replies wait out their batch window, so three in a minute make one email.
    send_pending_emails.apply_async_on_commit(countdown=delay + 1 if delay else None)


def reclaim_stale_claims() -> int:
    """Rows left in `sending` by a worker killed mid-send go back to the queue they came from
    (pending, or the digest when a digest run claimed them) once their claim is older than
    EMAIL_CLAIM_SECONDS, counting an attempt. The email may have gone out before the kill:
    the resend carries the same Message-ID (engage.mail), so it is recognisable as one."""
    cutoff = timezone.now() - timedelta(seconds=settings.EMAIL_CLAIM_SECONDS)
    stale = Notification.objects.filter(claimed_at__lt=cutoff, email_state=EmailState.SENDING)
    back = Case(
        When(email_attempts__gte=MAX_ATTEMPTS - 1, then=Value(EmailState.FAILED)),
        When(claim__isnull=False, then=Value(EmailState.DIGEST)),
        default=Value(EmailState.PENDING),
    )
    count = stale.update(
        email_state=back, email_attempts=F("email_attempts") + 1, claim=None, claimed_at=None
    )
    if count:
        log.warning("took back %s email claims left by a worker that stopped mid-send", count)
    return count


def send_pending_emails(limit: int = SWEEP_BATCH) -> int:
    """Email pending notifications, each exactly once: a row is claimed (pending -> sending,
    with the time) by a conditional update before sending, so two sweeps never send the same
    one; a claim its worker never finished is taken back (`reclaim_stale_claims`)."""
    reclaim_stale_claims()
    sent = 0
    # A reply's email waits REPLY_EMAIL_BATCH_SECONDS for the team's next replies (batched).
    young = timezone.now() - timedelta(seconds=settings.REPLY_EMAIL_BATCH_SECONDS)
    ids = list(
        Notification.objects.filter(email_state=EmailState.PENDING)
        .exclude(event__kind=EventKind.REPLY, created_at__gt=young)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    with mail.Mailer() as mailer:
        for notification_id in ids:
            claimed = Notification.objects.filter(
                pk=notification_id, email_state=EmailState.PENDING
            ).update(email_state=EmailState.SENDING, claimed_at=timezone.now())
            if claimed and _send_one(notification_id, mailer):
                sent += 1
    return sent


def still_wanted(notification: Notification) -> bool:
    """Checked again at send time: the concern may have been hidden, or the person may have
    unsubscribed or left, since the row was queued."""
    user, concern = notification.user, notification.event.concern
    if not user.is_active or user.email_preference == EmailPreference.NEVER:
        return False
    # A moderator's message (to an author, or asking a team to look) was addressed to them.
    addressed = notification.event.kind == EventKind.MODERATION
    return concern.is_public or concern.author_id == user.pk or addressed


def _send_one(notification_id: int, mailer: mail.Mailer) -> bool:
    notification = Notification.objects.select_related(
        "user", "event__concern", "event__reply"
    ).get(pk=notification_id)
    concern: Concern = notification.event.concern
    if not still_wanted(notification):
        Notification.objects.filter(pk=notification_id).update(email_state=EmailState.NONE)
        return False
    batch = _reply_batch(notification)
    ids = [notification_id, *[n.pk for n in batch]]
    context = {
        "notification": notification,
        "concern": concern,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": settings.SITE_URL + unsubscribe_path(notification.user),
        "is_author": concern.author_id == notification.user_id,
        "replies": [n.event.reply for n in [notification, *batch] if n.event.reply_id],
        "note": notification.event.note if _note_is_for(notification) else "",
    }
    subject = (
        subject_of(notification)
        if not batch
        else fit(f"{len(ids)} replies from the team to “{concern.title}”", 90)
    )
    letter = mail.Letter(
        subject,
        render_to_string("concerns/email/notification.txt", context),
        [notification.user.email],
        key=f"notification-{notification_id}",
    )
    if not mailer.send(letter):
        release_after_failure(ids)  # retried by a later sweep, a bounded number of times
        return False
    Notification.objects.filter(pk__in=ids).update(
        email_state=EmailState.SENT, emailed_at=timezone.now()
    )
    return True


def _reply_batch(notification: Notification) -> list[Notification]:
    """The same person's other pending reply emails about the same concern, claimed
    (pending -> sending) to go out in this one email."""
    if notification.event.kind != EventKind.REPLY:
        return []
    siblings = Notification.objects.filter(
        user_id=notification.user_id,
        event__concern_id=notification.event.concern_id,
        event__kind=EventKind.REPLY,
        email_state=EmailState.PENDING,
    )
    ids = list(siblings.values_list("id", flat=True))
    Notification.objects.filter(pk__in=ids, email_state=EmailState.PENDING).update(
        email_state=EmailState.SENDING, claimed_at=timezone.now()
    )  # reclaimed if we die
    return list(
        Notification.objects.filter(pk__in=ids, email_state=EmailState.SENDING)
        .select_related("event__reply")
        .order_by("id")
    )


def _note_is_for(notification: Notification) -> bool:
    """A moderator's note goes to the author it is about (as in the in-app message)."""
    event = notification.event
    return bool(event.note) and (
        not event.is_public or event.to_status in TAKEN_DOWN or event.kind == EventKind.MODERATION
    )


def release_after_failure(ids: list[int], retry_state: str = EmailState.PENDING) -> None:
    """Back in the queue for the next sweep, until MAX_ATTEMPTS; then marked failed, so one
    undeliverable address never blocks the outbox for everyone else."""
    Notification.objects.filter(pk__in=ids).update(
        email_attempts=F("email_attempts") + 1,
        claim=None,
        claimed_at=None,
        email_state=Case(
            When(email_attempts__gte=MAX_ATTEMPTS - 1, then=Value(EmailState.FAILED)),
            default=Value(retry_state),
        ),
    )


def unsubscribe_path(user: User) -> str:
    token = signing.dumps(user.pk, salt="engage.unsubscribe")
    return reverse("concerns:unsubscribe", kwargs={"token": token})


UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365  # a year: old emails' links still work


def unsubscriber(token: str) -> User | None:
    """Whom an unsubscribe link names, or None for a forged, mangled or expired one."""
    try:
        return User.objects.get(
            pk=signing.loads(token, salt="engage.unsubscribe", max_age=UNSUBSCRIBE_MAX_AGE)
        )
    except (signing.BadSignature, User.DoesNotExist):
        return None


def unsubscribe(user: User) -> None:
    """No more email of any kind, and nothing already queued for them is sent."""
    User.objects.filter(pk=user.pk).update(email_preference=EmailPreference.NEVER)
    Notification.objects.filter(
        user=user, email_state__in=[EmailState.PENDING, EmailState.DIGEST]
    ).update(email_state=EmailState.NONE)


def mark_all_read(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
