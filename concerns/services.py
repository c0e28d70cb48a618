"""Every write to a concern. `transition_concern` is the only code that changes a status.

Each service is atomic, records a ConcernEvent in the same transaction (the audit trail and the
live stream), writes notifications (the email outbox) in that transaction too, and publishes to
sockets only after commit.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from concerns import hooks, live, notifications
from concerns.errors import AlreadyHandled, ConcernError, NotAllowed, QuotaExceeded
from concerns.models import (Category, Concern, ConcernEvent, EventKind, Follow, Reply,
                             ReplyRevision, ReplyStatus, ReplyTemplate, ResidentUpdate, Support,
                             UpdateStatus,
                             new_reference)
from concerns.screening import as_record, screen_submission
from concerns.states import PUBLIC_STATES, Actor, ConcernStatus, Diversion, is_allowed
from concerns.working_days import add_working_days
from engage import permissions, ratelimit
from engage.models import Neighbourhood, Officer, User
from engage.text import render_markdown

S = ConcernStatus
MAX_TAGS = 5
REFERENCE_ATTEMPTS = 5


def capacities(concern: Concern, user: User | None) -> set[str]:
    """The capacities in which `user` may act on `concern` (see concerns.states.Actor)."""
    found: set[str] = set()
    if user is None or not user.is_authenticated or not user.is_active:
        return found
    if concern.author_id == user.pk:
        found.add(Actor.AUTHOR)  # and never their own moderator
    elif permissions.moderates(user, concern.neighbourhood):
        found.add(Actor.MODERATOR)
    # Superusers may answer for any team; moderators being admin staff (to use the admin)
    # must not make them the team.
    if permissions.serves(permissions.officer_of(user), concern.neighbourhood) or \
            user.is_superuser:
        found.add(Actor.TEAM)
    return found


def normalise_tags(tags: Iterable[str]) -> list[str]:
    """Lower-case, single-spaced, de-duplicated, at most MAX_TAGS of at most 30 characters."""
    seen: list[str] = []
    for tag in tags:
        clean = " ".join(tag.lower().split()).strip(" #,")[:30]
        if clean and clean not in seen:
            seen.append(clean)
    return seen[:MAX_TAGS]


@dataclass(frozen=True)
class Quota:
    """How many concerns (or updates) an account may still post this hour, told up front."""

    limit: int
    left: int
    next_at: datetime | None  # when one more is allowed, if none is left
    kind: str = "concern"

    @property
    def noun(self) -> str:
        return "concern" if self.kind == "concern" else "update"


def _quota_rules(kind: str) -> tuple[int, object, str]:
    if kind == "update":
        return settings.UPDATES_PER_HOUR, ResidentUpdate, "update-ip"
    return settings.SUBMISSIONS_PER_HOUR, Concern, "submit-ip"


def posting_quota(*, author: User, kind: str = "concern") -> Quota:
    """Concerns and updates have separate hourly limits (SUBMISSIONS_PER_HOUR and
    UPDATES_PER_HOUR), counted in the database so a Redis outage cannot lift them."""
    limit, model, _ = _quota_rules(kind)
    since = timezone.now() - timedelta(hours=1)
    recent = list(model.objects.filter(author=author, created_at__gte=since)
                  .order_by("-created_at").values_list("created_at", flat=True)[:limit])
    left = max(0, limit - len(recent))
    return Quota(limit, left, recent[-1] + timedelta(hours=1) if not left else None, kind)


def quota_message(quota: Quota) -> str:
    verb, done = ("raise", "raised") if quota.kind == "concern" else ("add", "added")
    when = f" You can {verb} another after {timezone.localtime(quota.next_at):%H:%M}." \
        if quota.next_at else ""
    plural = "" if quota.limit == 1 else "s"
    return (f"You can {verb} {quota.limit} {quota.noun}{plural} an hour, and have {done} "
            f"that many in the last hour.{when} Nothing you have already posted is lost.")


def check_submission_quota(*, author: User, ip: str, kind: str = "concern") -> None:
    """The account's hourly limit for this kind, and a looser one per internet address (in
    Redis; fails open). Internal callers (demo data, imports) pass no address and only the
    account quota applies."""
    quota = posting_quota(author=author, kind=kind)
    limit, _, ip_key = _quota_rules(kind)
    by_ip = ratelimit.hit(ip_key, ip, limit=limit * 4, window=3600) if ip else None
    if not quota.left or (by_ip is not None and not by_ip.allowed):
        raise QuotaExceeded(quota_message(quota) if not quota.left else
                            f"Too many {quota.noun}s come from your internet connection this "
                            "hour. Please wait before posting again: nothing is lost.")


def submit_concern(*, author: User, title: str, body: str, category: Category,
                   neighbourhood: Neighbourhood, location: str = "", tags: Iterable[str] = (),
                   show_author_name: bool = True, submission_key: uuid.UUID,
                   ip: str = "", at_risk: bool = False) -> Concern:
    """Queue a new concern for moderation. The same submission key twice (a double click, a
    retry after a timeout) returns the first concern instead of making a second. `at_risk`:
    the author said a child or vulnerable adult is at risk (the safeguarding lane)."""
    existing = Concern.objects.filter(author=author, submission_key=submission_key).first()
    if existing:
        return existing
    if not author.email_verified:
        raise NotAllowed("Confirm your email address before you post: use the link we emailed "
                         "you, or ask for a new one on your account page.")
    check_submission_quota(author=author, ip=ip)
    hooks.run("may_post", author=author)
    verdict = screen_submission(title=title, body=body, at_risk=at_risk)
    fields = dict(author=author, title=" ".join(title.split()), body=body,
                  body_html=render_markdown(body), category=category,
                  neighbourhood=neighbourhood, location=location.strip(),
                  show_author_name=show_author_name, submission_key=submission_key,
                  lane=verdict.lane, screening=as_record(verdict))
    for _ in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                concern = Concern.objects.create(ref=new_reference(), **fields)
                concern.tags.set(normalise_tags(tags))
                Follow.objects.create(user=author, concern=concern)
                ConcernEvent.objects.create(concern=concern, kind=EventKind.STATUS,
                                            actor=author, to_status=S.SUBMITTED)
                hooks.run("submitted", concern=concern)
            return concern
        except IntegrityError:
            # A concurrent duplicate of the same submission won the race: return that one.
            # Otherwise the random reference was taken (about 1 in 1,000 at a million
            # concerns): draw another.
            existing = Concern.objects.filter(author=author,
                                              submission_key=submission_key).first()
            if existing:
                return existing
    raise IntegrityError("could not find a free concern reference")


@transaction.atomic
def resubmit_concern(*, concern: Concern, author: User, title: str, body: str,
                     category: Category, location: str = "", tags: Iterable[str] = (),
                     show_author_name: bool = True) -> Concern:
    """The author edits a concern a moderator returned, and sends it back for checking."""
    if concern.author_id != author.pk or concern.status != S.RETURNED:
        raise NotAllowed("Only a concern returned to you for changes can be edited.")
    hooks.run("may_post", author=author)
    verdict = screen_submission(title=title, body=body)
    Concern.objects.filter(pk=concern.pk).update(
        title=" ".join(title.split()), body=body, body_html=render_markdown(body),
        category=category, location=location.strip(), show_author_name=show_author_name,
        lane=verdict.lane, screening=as_record(verdict))
    concern.refresh_from_db()
    concern.save(update_fields=["slug"])  # the slug follows the new title
    concern.tags.set(normalise_tags(tags))
    concern = transition_concern(concern, S.SUBMITTED, actor=author, note="Edited and resubmitted")
    hooks.run("submitted", concern=concern)
    return concern


@transaction.atomic
def transition_concern(concern: Concern, to: str, *, actor: User | None, note: str = "",
                       diverted_to: str = "", announce: bool = True,
                       system: bool = False) -> Concern:
    """Move a concern to `to` if the table in concerns.states allows it for this actor.

    The update is conditional on the status the actor saw, so of two people acting at once
    exactly one wins; the other gets AlreadyHandled. The event, the notifications and the
    after-commit publish all happen only for the winner.
    """
    frm = concern.status
    # `system` is for rules, not people: community flags hiding a concern pending review.
    acting_as = {Actor.SYSTEM} if system else capacities(concern, actor)
    if not is_allowed(frm, to, acting_as):
        raise NotAllowed(f"A concern that is {S(frm).label.lower()} can't be moved to "
                         f"{S(to).label.lower()} by you.")
    if frm == S.HIDDEN and to != (concern.status_before_hidden or S.PUBLISHED):
        raise NotAllowed("A hidden concern can only be restored to where it was.")
    changes = _status_changes(concern, frm, to, diverted_to)
    if not Concern.objects.filter(pk=concern.pk, status=frm).update(**changes):
        raise AlreadyHandled("Someone else has already changed this concern. "
                             "Reload the page to see what they did.")
    concern.refresh_from_db()
    published = to == S.PUBLISHED and frm in (S.SUBMITTED, S.REJECTED, S.RETURNED)
    event = ConcernEvent.objects.create(
        concern=concern, kind=EventKind.PUBLISHED if published else EventKind.STATUS,
        actor=actor, from_status=frm, to_status=to, note=note,
        is_public=to in PUBLIC_STATES or frm in PUBLIC_STATES)
    hooks.run("status_changed", concern=concern, frm=frm, to=to, actor=actor)
    if announce:
        notifications.announce(event)
    else:
        # Nobody is notified twice (the caller announces once), but open pages still see the
        # status change in their timeline without a reload.
        transaction.on_commit(live.prepare_publish(event, []), robust=True)
    return concern


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


@transaction.atomic
def reply_to_concern(*, concern: Concern, author: User, body: str,
                     move_to: str | None = None, share_on_x: bool = False) -> Reply:
    """An officer of the concern's team (or staff) answers in public, optionally moving it on.

    The badge is taken from the officer's role now and stored with the reply, so it never
    comes from a display name and stays true to who they were when they wrote it. A team that
    asks for sign-off has the reply wait for a moderator (the status move is not held: it is
    the team's call, not text the public reads).
    """
    if Actor.TEAM not in capacities(concern, author):
        raise NotAllowed("Only officers of this neighbourhood's team can reply.")
    if not concern.is_public:
        raise NotAllowed("This concern is not public, so it can't be replied to.")
    if move_to and move_to != concern.status:
        # Moved first and announced with the reply: followers hear of one thing, once.
        concern = transition_concern(concern, move_to, actor=author, announce=False)
    officer = permissions.officer_of(author)
    badge = officer.badge if officer else f"{author.display_name}, {settings.FORCE_NAME} staff"
    held = bool(concern.neighbourhood.team_id and concern.neighbourhood.team.replies_need_signoff)
    reply = Reply.objects.create(concern=concern, author=author, badge=badge, body=body,
                                 body_html=render_markdown(body), share_on_x=share_on_x,
                                 status=ReplyStatus.PENDING if held else ReplyStatus.PUBLISHED)
    if held:
        hooks.run("reply_submitted", reply=reply)
    else:
        _reply_published(reply)
    return reply


def _reply_published(reply: Reply) -> None:
    """A reply has just become public: the first-reply clock, the event, followers told, and
    the hooks (cross-posting to X when the officer ticked it)."""
    Concern.objects.filter(pk=reply.concern_id, first_reply_at__isnull=True).update(
        first_reply_at=reply.created_at)
    event = ConcernEvent.objects.create(concern=reply.concern, kind=EventKind.REPLY,
                                        actor=reply.author, reply=reply, is_public=True)
    notifications.announce(event)
    hooks.run("reply_published", reply=reply, crosspost=reply.share_on_x)


@transaction.atomic
def sign_off_reply(*, reply: Reply, actor: User) -> Reply:
    """A moderator approves a held reply: it is published as if just written."""
    if Actor.MODERATOR not in capacities(reply.concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can sign off replies.")
    if not reply.concern.is_public:
        raise NotAllowed("The concern is no longer public, so the reply can't be published.")
    was_published_before = reply.edited_at is not None  # an edit re-checked: a correction
    changes = {"status": ReplyStatus.PUBLISHED}
    if not was_published_before:
        changes["created_at"] = timezone.now()
    if not Reply.objects.filter(pk=reply.pk, status=ReplyStatus.PENDING).update(**changes):
        raise AlreadyHandled("Someone else has already signed off this reply.")
    reply.refresh_from_db()
    if was_published_before:
        _reply_edited(reply, actor)
    else:
        _reply_published(reply)
    return reply


@transaction.atomic
def reject_reply(*, reply: Reply, actor: User, note: str) -> Reply:
    """A moderator declines a held reply; the officer is told why (the public never sees it)."""
    if Actor.MODERATOR not in capacities(reply.concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can sign off replies.")
    if not Reply.objects.filter(pk=reply.pk, status=ReplyStatus.PENDING).update(
            status=ReplyStatus.REJECTED):
        raise AlreadyHandled("Someone else has already signed off this reply.")
    reply.refresh_from_db()
    tell_author(concern=reply.concern, actor=actor, author=reply.author,
                note=f"Your reply was not published. {note}".strip())
    return reply


@transaction.atomic
def edit_reply(*, reply: Reply, editor: User, body: str) -> Reply:
    """The author of a published reply corrects it; what it said before is kept. For a team
    whose replies need sign-off, the corrected reply leaves public view and waits for a
    moderator again (the edit is text the public would read)."""
    if editor.pk != reply.author_id:
        raise NotAllowed("Only the officer who wrote a reply can edit it.")
    reply = Reply.objects.select_for_update().get(pk=reply.pk)  # two edits at once keep both
    if reply.status != ReplyStatus.PUBLISHED:
        raise NotAllowed("This reply is waiting for a moderator's sign-off, or was not "
                         "published, so it can't be edited now.")
    ReplyRevision.objects.create(reply=reply, body=reply.body, edited_by=editor)
    reply.body, reply.body_html, reply.edited_at = body, render_markdown(body), timezone.now()
    if reply.concern.neighbourhood.team_id and reply.concern.neighbourhood.team.replies_need_signoff:
        reply.status = ReplyStatus.PENDING
        reply.save(update_fields=["body", "body_html", "edited_at", "status"])
        hooks.run("reply_submitted", reply=reply)
        return reply
    reply.save(update_fields=["body", "body_html", "edited_at"])
    _reply_edited(reply, editor)
    return reply


def _reply_edited(reply: Reply, editor: User) -> None:
    event = ConcernEvent.objects.create(concern=reply.concern, kind=EventKind.REPLY_EDITED,
                                        actor=editor, reply=reply, is_public=True)
    # Open pages replace the reply in place; nobody is notified of a correction.
    transaction.on_commit(live.prepare_publish(event, []), robust=True)


def can_record_outcome(concern: Concern) -> bool:
    return concern.status == S.RESOLVED or is_allowed(concern.status, S.RESOLVED, {Actor.TEAM})


@transaction.atomic
def record_outcome(*, concern: Concern, actor: User, outcome: str) -> Concern:
    """'You said, we did': the team's summary, shown at the top of a resolved concern. Writing
    or rewriting it is a public event of its own, announced once (resolving included)."""
    if Actor.TEAM not in capacities(concern, actor):
        raise NotAllowed("Only the neighbourhood team can record what was done.")
    if not can_record_outcome(concern):
        raise NotAllowed("You can record what was done only on an open or resolved concern.")
    if concern.status != S.RESOLVED:
        concern = transition_concern(concern, S.RESOLVED, actor=actor, note="Outcome recorded",
                                     announce=False)
    Concern.objects.filter(pk=concern.pk).update(outcome=outcome,
                                                 outcome_html=render_markdown(outcome))
    event = ConcernEvent.objects.create(concern=concern, kind=EventKind.OUTCOME, actor=actor,
                                        note=outcome, is_public=True)
    notifications.announce(event)
    concern.refresh_from_db()
    return concern


def add_update(*, concern: Concern, author: User, body: str,
               submission_key: uuid.UUID, ip: str = "", at_risk: bool = False) -> ResidentUpdate:
    """A resident adds to a public concern; it waits for moderation like a new concern
    (`at_risk` as for a new concern)."""
    existing = ResidentUpdate.objects.filter(author=author, submission_key=submission_key).first()
    if existing:
        return existing
    if not concern.is_public:
        raise NotAllowed("You can only add updates to a published concern.")
    if not author.email_verified:
        raise NotAllowed("Confirm your email address before you post.")
    check_submission_quota(author=author, ip=ip, kind="update")
    hooks.run("may_post", author=author)
    verdict = screen_submission(title="", body=body, at_risk=at_risk)
    try:
        with transaction.atomic():
            update = ResidentUpdate.objects.create(concern=concern, author=author, body=body,
                                                   body_html=render_markdown(body),
                                                   submission_key=submission_key,
                                                   lane=verdict.lane,
                                                   screening=as_record(verdict))
            hooks.run("update_submitted", update=update)
            return update
    except IntegrityError:
        return ResidentUpdate.objects.get(author=author, submission_key=submission_key)


@transaction.atomic
def publish_update(*, update: ResidentUpdate, actor: User,
                   overturning: bool = False) -> ResidentUpdate:
    """A moderator approves a resident's update (or, `overturning` a rejection on appeal,
    publishes it after all): it becomes public and followers hear of it."""
    if Actor.MODERATOR not in capacities(update.concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can publish updates.")
    if not update.concern.is_public:
        raise NotAllowed("The concern is no longer public, so its updates can't be published.")
    now = timezone.now()
    waiting = UpdateStatus.REJECTED if overturning else UpdateStatus.SUBMITTED
    if not ResidentUpdate.objects.filter(pk=update.pk, status=waiting).update(
            status=UpdateStatus.PUBLISHED, published_at=now):
        raise AlreadyHandled("Someone else has already moderated this update.")
    update.refresh_from_db()
    event = ConcernEvent.objects.create(concern=update.concern, kind=EventKind.UPDATE,
                                        actor=actor, update=update, is_public=True)
    notifications.announce(event)
    return update


@transaction.atomic
def tell_author(*, concern: Concern, actor: User, note: str,
                author: User | None = None) -> ConcernEvent:
    """A private message from a moderator to the author of a concern (or of one of its
    updates: `author`): an update not published, an appeal refused. Kept in the concern's
    history and sent like any notification."""
    if Actor.MODERATOR not in capacities(concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can do this.")
    event = ConcernEvent.objects.create(concern=concern, kind=EventKind.MODERATION, actor=actor,
                                        note=note, is_public=False)
    notifications.announce(event, to=[author or concern.author])
    return event


MENTION = re.compile(r"@([\w.'-]+(?: [\w.'-]+)?)")


@transaction.atomic
def tell_team(*, concern: Concern, actor: User, note: str) -> ConcernEvent:
    """A moderator asks the neighbourhood team to look: every verified officer of the team is
    told in-app (the dashboard lists it), and an officer named with @ (their name as on
    their badge, or their display name) is told they were mentioned."""
    if Actor.MODERATOR not in capacities(concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can do this.")
    officers = list(Officer.objects.filter(team_id=concern.neighbourhood.team_id,
                                           verified_at__isnull=False).select_related("user"))
    event = ConcernEvent.objects.create(concern=concern, kind=EventKind.MODERATION, actor=actor,
                                        note=note, is_public=False)
    named = {name.lower() for name in MENTION.findall(note)}
    messages = {}
    for officer in officers:
        names = {officer.name_on_badge.lower(), officer.user.display_name.lower(),
                 officer.name_on_badge.split(" ")[-1].lower()}
        mentioned = any(n in names or n.split(" ")[0] in names for n in named)
        messages[officer.user_id] = (f"A moderator mentioned you about “{concern.title}”: {note}"
                                     if mentioned else
                                     f"A moderator asks your team to look at “{concern.title}”: "
                                     f"{note}")
    notifications.announce(event, to=[o.user for o in officers], messages=messages)
    return event


@transaction.atomic
def reject_update(*, update: ResidentUpdate, actor: User, note: str = "") -> ResidentUpdate:
    """A moderator declines a resident's update: it never becomes public."""
    if Actor.MODERATOR not in capacities(update.concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can moderate updates.")
    if not ResidentUpdate.objects.filter(pk=update.pk, status=UpdateStatus.SUBMITTED).update(
            status=UpdateStatus.REJECTED):
        raise AlreadyHandled("Someone else has already moderated this update.")
    update.refresh_from_db()
    return update


AWAITING_MODERATION = {Concern: S.SUBMITTED, Reply: ReplyStatus.PENDING,
                       ResidentUpdate: UpdateStatus.SUBMITTED}


@transaction.atomic
def redact_text(*, target: Concern | ResidentUpdate | Reply, actor: User, body: str,
                title: str | None = None) -> None:
    """A moderator replaces a held post's text (personal data removed) before it is published.
    Only while it awaits moderation: published text changes only through a new decision."""
    if not _replace_text(target, actor, body, title,
                         status=AWAITING_MODERATION[type(target)]):
        raise AlreadyHandled("This post is no longer awaiting moderation.")


@transaction.atomic
def restore_text(*, target: Concern | ResidentUpdate, actor: User, body: str,
                 title: str | None = None) -> None:
    """An appeal against a redaction upheld: the post is shown as its author wrote it."""
    _replace_text(target, actor, body, title)


def _replace_text(target, actor: User, body: str, title: str | None,
                  status: str | None = None) -> bool:
    """New text (and, for a concern, title and slug), cooked once; only in `status` if given."""
    concern = target if isinstance(target, Concern) else target.concern
    if Actor.MODERATOR not in capacities(concern, actor):
        raise NotAllowed("Only a moderator for this neighbourhood can change a post's text.")
    changes = {"body": body, "body_html": render_markdown(body)}
    if isinstance(target, Concern) and title:
        changes["title"] = " ".join(title.split())
    rows = type(target).objects.filter(pk=target.pk)
    if status is not None:
        rows = rows.filter(status=status)
    if not rows.update(**changes):
        return False
    target.refresh_from_db()
    if isinstance(target, Concern):
        target.save(update_fields=["slug"])  # the slug follows the title
    return True


def record_screening(*, target: Concern | ResidentUpdate, lane: str, findings: list[dict]) -> None:
    """A later, fuller screening (the moderation app's background pass) replaces the findings
    kept for moderators; the lane only ever becomes more serious."""
    target.__class__.objects.filter(pk=target.pk).update(lane=lane, screening=findings)


def follow(*, user: User, concern: Concern | None = None,
           neighbourhood: Neighbourhood | None = None, tag=None) -> Follow:
    follow, _ = Follow.objects.get_or_create(user=user, concern=concern,
                                             neighbourhood=neighbourhood, tag=tag)
    return follow


def unfollow(*, user: User, concern: Concern | None = None,
             neighbourhood: Neighbourhood | None = None, tag=None) -> None:
    Follow.objects.filter(user=user, concern=concern, neighbourhood=neighbourhood,
                          tag=tag).delete()


@transaction.atomic
def support(*, user: User, concern: Concern) -> bool:
    """'This affects me too': once per resident; they follow the concern too. Returns whether
    this call added the support (the count only moves when it did)."""
    if not concern.is_public:
        raise NotAllowed("You can only support a published concern.")
    if concern.author_id == user.pk:
        raise NotAllowed("You raised this concern, so it already counts as affecting you.")
    _, created = Support.objects.get_or_create(user=user, concern=concern)
    if created:
        Concern.objects.filter(pk=concern.pk).update(supporters_count=F("supporters_count") + 1)
        follow(user=user, concern=concern)
    return created


@transaction.atomic
def withdraw_support(*, user: User, concern: Concern) -> bool:
    """Undo "this affects me too". The count only moves when a support was there to remove;
    the resident keeps following (stopping is its own choice)."""
    removed, _ = Support.objects.filter(user=user, concern=concern).delete()
    if removed:
        Concern.objects.filter(pk=concern.pk, supporters_count__gt=0).update(
            supporters_count=F("supporters_count") - 1)
    return bool(removed)


def stop_following(*, user: User, follow_id: int) -> Follow | None:
    """Stop one follow from the "What you follow" page; someone else's follow is left alone."""
    follow = Follow.objects.filter(pk=follow_id, user=user).select_related(
        "concern", "neighbourhood", "tag").first()
    if follow is not None:
        follow.delete()
    return follow



def acknowledge_many(*, concern_refs: Iterable[str], actor: User) -> tuple[int, int]:
    """Bulk acknowledge from the team dashboard: each published concern of the officer's
    team moves to acknowledged (followers told, as one by one); others are skipped. Returns
    (acknowledged, skipped)."""
    done = skipped = 0
    for concern in Concern.objects.filter(ref__in=list(concern_refs)[:100]):
        try:
            transition_concern(concern, S.ACKNOWLEDGED, actor=actor, note="Acknowledged")
        except ConcernError:
            skipped += 1
        else:
            done += 1
    return done, skipped


def add_reply_template(*, team_id: int, actor: User, title: str, body: str) -> ReplyTemplate:
    """A team's named reply template; only its own verified officers add them."""
    officer = permissions.officer_of(actor)
    if officer is None or officer.team_id != team_id:
        raise NotAllowed("Only officers of this team can add its reply templates.")
    if ReplyTemplate.objects.filter(team_id=team_id, title__iexact=title.strip()).exists():
        raise NotAllowed("Your team already has a template with that name.")
    return ReplyTemplate.objects.create(team_id=team_id, title=title.strip(), body=body)

