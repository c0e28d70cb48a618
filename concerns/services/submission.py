"""Posting: a new concern (idempotent per submission key, screened, quota-checked) and a
returned one resubmitted after editing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from concerns import hooks
from concerns.models import (
    Category,
    Concern,
    ConcernEvent,
    EventKind,
    Follow,
    ResidentUpdate,
    new_reference,
)
from concerns.screening import ScreeningResult, as_record, screen_submission
from concerns.services.lifecycle import transition_concern
from concerns.states import ConcernStatus
from engage import ratelimit
from engage.models import Neighbourhood, User
from engage.refusals import EmergencyNotAcknowledged, NotAllowed, QuotaExceeded
from engage.text import render_markdown

S = ConcernStatus


MAX_TAGS = 5


REFERENCE_ATTEMPTS = 5


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


def _quota_rules(kind: str) -> tuple[int, type[Concern] | type[ResidentUpdate], str]:
    if kind == "update":
        return settings.UPDATES_PER_HOUR, ResidentUpdate, "update-ip"
    return settings.SUBMISSIONS_PER_HOUR, Concern, "submit-ip"


def posting_quota(*, author: User, kind: str = "concern") -> Quota:
    """Concerns and updates have separate hourly limits (SUBMISSIONS_PER_HOUR and
    UPDATES_PER_HOUR), counted in the database so a Redis outage cannot lift them."""
    limit, model, _ = _quota_rules(kind)
    since = timezone.now() - timedelta(hours=1)
    recent = list(
        model.objects.filter(author=author, created_at__gte=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:limit]
    )
    left = max(0, limit - len(recent))
    return Quota(limit, left, recent[-1] + timedelta(hours=1) if not left else None, kind)


def quota_message(quota: Quota) -> str:
    verb, done = ("raise", "raised") if quota.kind == "concern" else ("add", "added")
    when = (
        f" You can {verb} another after {timezone.localtime(quota.next_at):%H:%M}."
        if quota.next_at
        else ""
    )
    plural = "" if quota.limit == 1 else "s"
    return (
        f"You can {verb} {quota.limit} {quota.noun}{plural} an hour, and have {done} "
        f"that many in the last hour.{when} Nothing you have already posted is lost."
    )


def check_submission_quota(*, author: User, ip: str, kind: str = "concern") -> None:
    """The account's hourly limit for this kind, and a looser one per internet address (in
    Redis; fails open). Internal callers (demo data, imports) pass no address and only the
    account quota applies."""
    quota = posting_quota(author=author, kind=kind)
    limit, _, ip_key = _quota_rules(kind)
    by_ip = ratelimit.hit(ip_key, ip, limit=limit * 4, window=3600) if ip else None
    if not quota.left or (by_ip is not None and not by_ip.allowed):
        raise QuotaExceeded(
            quota_message(quota)
            if not quota.left
            else f"Too many {quota.noun}s come from your internet connection this "
            "hour. Please wait before posting again: nothing is lost."
        )


def check_emergency_acknowledged(screening: ScreeningResult, acknowledged: bool) -> None:
    """The 999 page comes before anything is accepted (the person may then go on)."""
    if screening.is_emergency and not acknowledged:
        raise EmergencyNotAcknowledged()


def submit_concern(
    *,
    author: User,
    title: str,
    body: str,
    category: Category,
    neighbourhood: Neighbourhood,
    location: str = "",
    tags: Iterable[str] = (),
    show_author_name: bool = True,
    submission_key: uuid.UUID,
    ip: str = "",
    at_risk: bool = False,
    acknowledged_emergency: bool = False,
) -> Concern:
    """Queue a new concern for moderation. The same submission key twice (a double click, a
    retry after a timeout) returns the first concern instead of making a second. `at_risk`:
    the author said a child or vulnerable adult is at risk (the safeguarding lane). A post
    that reads as an emergency is refused until its writer has seen the 999 page
    (`acknowledged_emergency`), before any other refusal: that advice comes first."""
    existing = Concern.objects.filter(author=author, submission_key=submission_key).first()
    if existing:
        return existing
    screening = screen_submission(title=title, body=body, at_risk=at_risk)
    check_emergency_acknowledged(screening, acknowledged_emergency)
    if not author.email_verified:
        raise NotAllowed(
            "Confirm your email address before you post: use the link we emailed "
            "you, or ask for a new one on your account page."
        )
    check_submission_quota(author=author, ip=ip)
    hooks.run("may_post", author=author)
    fields = dict(
        author=author,
        title=" ".join(title.split()),
        body=body,
        body_html=render_markdown(body),
        category=category,
        neighbourhood=neighbourhood,
        location=location.strip(),
        show_author_name=show_author_name,
        submission_key=submission_key,
        lane=screening.lane,
        screening=as_record(screening),
    )
    for _ in range(REFERENCE_ATTEMPTS):
        try:
            with transaction.atomic():
                concern = Concern.objects.create(ref=new_reference(), **fields)
                concern.tags.set(normalise_tags(tags))
                Follow.objects.create(user=author, concern=concern)
                ConcernEvent.objects.create(
                    concern=concern, kind=EventKind.STATUS, actor=author, to_status=S.SUBMITTED
                )
                hooks.run("submitted", concern=concern)
            return concern
        except IntegrityError:
            # A concurrent duplicate of the same submission won the race: return that one.
            # Otherwise the random reference was taken (about 1 in 1,000 at a million
            # concerns): draw another.
            existing = Concern.objects.filter(author=author, submission_key=submission_key).first()
            if existing:
                return existing
    raise IntegrityError("could not find a free concern reference")


@transaction.atomic
def resubmit_concern(
    *,
    concern: Concern,
    author: User,
    title: str,
    body: str,
    category: Category,
    location: str = "",
    tags: Iterable[str] = (),
    show_author_name: bool = True,
    acknowledged_emergency: bool = False,
) -> Concern:
    """The author edits a concern a moderator returned, and sends it back for checking: the 999
    gate as for a new concern, and "a child or vulnerable adult is at risk", if they said so
    when they first wrote it, still holds (an edit must not take it out of safeguarding)."""
    if concern.author_id != author.pk or concern.status != S.RETURNED:
        raise NotAllowed("Only a concern returned to you for changes can be edited.")
    at_risk = any(finding.get("detector") == "at_risk" for finding in concern.screening)
    screening = screen_submission(title=title, body=body, at_risk=at_risk)
    check_emergency_acknowledged(screening, acknowledged_emergency)
    hooks.run("may_post", author=author)
    Concern.objects.filter(pk=concern.pk).update(
        title=" ".join(title.split()),
        body=body,
        body_html=render_markdown(body),
        category=category,
        location=location.strip(),
        show_author_name=show_author_name,
        lane=screening.lane,
        screening=as_record(screening),
    )
    concern.refresh_from_db()
    concern.save(update_fields=["slug"])  # the slug follows the new title
    concern.tags.set(normalise_tags(tags))
    concern = transition_concern(concern, S.SUBMITTED, actor=author, note="Edited and resubmitted")
    hooks.run("submitted", concern=concern)
    return concern
