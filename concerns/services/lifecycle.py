"""The concern state machine's one writer (`transition_concern`), and the team's outcome.

Of two people acting at once exactly one wins (a conditional UPDATE on the status they saw);
the event, notifications and the after-commit publish happen only for the winner.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from concerns import hooks, live
from concerns.models import Concern, ConcernEvent, EventKind
from concerns.services import notifications
from concerns.states import PUBLIC_STATES, Capacity, ConcernStatus, Diversion, is_allowed
from concerns.working_days import add_working_days
from engage import permissions
from engage.models import NeighbourhoodEvent, User
from engage.refusals import AlreadyHandled, NotAllowed, Refusal
from engage.services import append_to_neighbourhood_streams
from engage.text import render_markdown

S = ConcernStatus


def capacities(concern: Concern, user: User | None) -> set[str]:
    """The capacities in which `user` may act on `concern` (see concerns.states.Capacity)."""
    found: set[str] = set()
    if user is None or not user.is_authenticated or not user.is_active:
        return found
    if concern.author_id == user.pk:
        found.add(Capacity.AUTHOR)  # and never their own moderator
    elif permissions.moderates(user, concern.neighbourhood):
        found.add(Capacity.MODERATOR)
    # Superusers may answer for any team; moderators being admin staff (to use the admin)
    # must not make them the team.
    if permissions.serves(permissions.officer_of(user), concern.neighbourhood) or user.is_superuser:
        found.add(Capacity.TEAM)
    return found


def require_capacity(concern: Concern, user: User | None, capacity: str, refusal: str) -> None:
    """The one check every service makes before acting as author, moderator or team: refuse
    (with the service's own words) unless `user` holds that capacity on this concern."""
    if capacity not in capacities(concern, user):
        raise NotAllowed(refusal)


@transaction.atomic
def transition_concern(
    concern: Concern,
    to: str,
    *,
    actor: User | None,
    note: str = "",
    diverted_to: str = "",
    announce: bool = True,
    system: bool = False,
) -> Concern:
    """Move a concern to `to` if the table in concerns.states allows it for this actor.

    The update is conditional on the status the actor saw, so of two people acting at once
    exactly one wins; the other gets AlreadyHandled. The event, the notifications and the
    after-commit publish all happen only for the winner.
    """
    frm = concern.status
    # `system` is for rules, not people: community flags hiding a concern pending review.
    acting_as: set[str] = {Capacity.SYSTEM} if system else capacities(concern, actor)
    if not is_allowed(frm, to, acting_as):
        raise NotAllowed(
            f"A concern that is {S(frm).label.lower()} can't be moved to "
            f"{S(to).label.lower()} by you."
        )
    if frm == S.HIDDEN and to != (concern.status_before_hidden or S.PUBLISHED):
        raise NotAllowed("A hidden concern can only be restored to where it was.")
    changes = _status_changes(concern, frm, to, diverted_to)
    if not Concern.objects.filter(pk=concern.pk, status=frm).update(**changes):
        raise AlreadyHandled(
            "Someone else has already changed this concern. Reload the page to see what they did."
        )
    concern.refresh_from_db()
    published = to == S.PUBLISHED and frm in (S.SUBMITTED, S.REJECTED, S.RETURNED)
    event = ConcernEvent.objects.create(
        concern=concern,
        kind=EventKind.PUBLISHED if published else EventKind.STATUS,
        actor=actor,
        from_status=frm,
        to_status=to,
        note=note,
        is_public=to in PUBLIC_STATES or frm in PUBLIC_STATES,
    )
    hooks.run("status_changed", concern=concern, frm=frm, to=to, actor=actor)
    entry = _stream_in_neighbourhood(event)
    if announce:
        notifications.announce(event, entry=entry)
    else:
        # Nobody is notified twice (the caller announces once), but open pages still see the
        # status change in their timeline without a reload.
        transaction.on_commit(live.prepare_publish(event, [], entry=entry), robust=True)
    return concern


def _stream_in_neighbourhood(event: ConcernEvent) -> NeighbourhoodEvent | None:
    """A public publication or status change is also an entry of its neighbourhood's stream,
    stored in the change's transaction so a page that was away gets it on resume. Its payload
    is rebuilt from the event on replay, since the concern may be hidden by then."""
    if not live.on_neighbourhood_stream(event):
        return None
    entry = NeighbourhoodEvent(
        neighbourhood_id=event.concern.neighbourhood_id, kind=event.kind, source_id=event.pk
    )
    return append_to_neighbourhood_streams([entry])[0]


def _status_changes(concern: Concern, frm: str, to: str, diverted_to: str) -> dict:
    now = timezone.now()
    changes: dict = {"status": to, "status_changed_at": now}
    if to == S.PUBLISHED and concern.published_at is None:
        changes["published_at"] = now
        changes["reply_due_at"] = add_working_days(now, settings.REPLY_TARGET_WORKING_DAYS)
    if to == S.HIDDEN:
        changes["status_before_hidden"] = frm
    if to == S.DIVERTED:
        changes["diverted_to"] = Diversion(diverted_to or Diversion.NON_EMERGENCY)
    return changes


def can_record_outcome(concern: Concern) -> bool:
    return concern.status == S.RESOLVED or is_allowed(concern.status, S.RESOLVED, {Capacity.TEAM})


@transaction.atomic
def record_outcome(*, concern: Concern, actor: User, outcome: str) -> Concern:
    """'You said, we did': the team's summary, shown at the top of a resolved concern. Writing
    or rewriting it is a public event of its own, announced once (resolving included)."""
    require_capacity(
        concern, actor, Capacity.TEAM, "Only the neighbourhood team can record what was done."
    )
    if not can_record_outcome(concern):
        raise NotAllowed("You can record what was done only on an open or resolved concern.")
    if concern.status != S.RESOLVED:
        concern = transition_concern(
            concern, S.RESOLVED, actor=actor, note="Outcome recorded", announce=False
        )
    Concern.objects.filter(pk=concern.pk).update(
        outcome=outcome, outcome_html=render_markdown(outcome)
    )
    event = ConcernEvent.objects.create(
        concern=concern, kind=EventKind.OUTCOME, actor=actor, note=outcome, is_public=True
    )
    notifications.announce(event)
    concern.refresh_from_db()
    return concern


def acknowledge_many(*, concern_refs: Iterable[str], actor: User) -> tuple[int, int]:
    """Bulk acknowledge from the team dashboard: each published concern of the officer's
    team moves to acknowledged (followers told, as one by one); others are skipped. Returns
    (acknowledged, skipped)."""
    done = skipped = 0
    for concern in Concern.objects.filter(ref__in=list(concern_refs)[:100]):
        try:
            transition_concern(concern, S.ACKNOWLEDGED, actor=actor, note="Acknowledged")
        except Refusal:
            skipped += 1
        else:
            done += 1
    return done, skipped
