"""Drafts: a report saved at every Continue, resumed later, until it is submitted or expires."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from engage.refusals import NotAllowed
from reports.forms.steps import REPEAT_MAX
from reports.models import ReportDraft, draft_expiry
from reports.types import STEPS, report_type

if TYPE_CHECKING:
    from concerns.models import Concern
    from engage.models import User


def _kind_checked(kind: str) -> str:
    found = report_type(kind)
    if found is None or found.routed_elsewhere:
        raise NotAllowed("Choose one of the kinds of report we take here.")
    return kind


class SignInNeeded(NotAllowed):
    """Only "tell us about" may be done signed out: every other report needs an account, so
    the reporter can follow it and be written to."""


def _signed_out_may_make(draft: ReportDraft, kind: str) -> None:
    found = report_type(kind)
    if draft.owner_id is None and found is not None and not found.anonymous_allowed:
        raise SignInNeeded("Sign in, or create an account, to make this kind of report.")


def _locked(draft: ReportDraft) -> ReportDraft:
    """The draft's row, locked: two tabs saving at once must not lose each other's step."""
    locked = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    if locked.case_id is not None:
        raise NotAllowed("This report has been sent already; it can no longer be changed.")
    return locked


def _touch(draft: ReportDraft, **fields: Any) -> ReportDraft:
    now = timezone.now()
    for name, value in fields.items():
        setattr(draft, name, value)
    draft.updated_at, draft.expires_at = now, draft_expiry()
    draft.save(update_fields=[*fields, "updated_at", "expires_at"])
    return draft


@transaction.atomic
def start_draft(
    *,
    kind: str,
    owner: User | None,
    session_key: str = "",
    at_risk: bool = False,
    answers: dict[str, Any] | None = None,
    source_concern_ref: str = "",
) -> ReportDraft:
    """A new draft of a type we take. Owned by the account, or (only for "tell us about",
    which may be anonymous) by the browser session that started it."""
    found = report_type(_kind_checked(kind)) if kind else None
    if owner is None and not (found and found.anonymous_allowed and session_key):
        raise NotAllowed("Sign in to make this kind of report.")
    return ReportDraft.objects.create(
        kind=kind,
        owner=owner,
        session_key="" if owner else session_key,
        at_risk=at_risk,
        answers=answers or {},
        source_concern_ref=source_concern_ref,
    )


@transaction.atomic
def choose_kind(draft: ReportDraft, *, kind: str) -> ReportDraft:
    """Set (or change) the type of a draft; answers to steps the new type does not ask stay
    on the draft but are not sent (submission keeps only the type's steps)."""
    draft = _locked(draft)
    kind = _kind_checked(kind)
    _signed_out_may_make(draft, kind)
    return _touch(draft, kind=kind)


@transaction.atomic
def save_step(draft: ReportDraft, *, step: str, answers: dict[str, Any]) -> ReportDraft:
    """Keep one step's answers (replacing what that step said before) and push the draft's
    expiry 30 days on: a draft in use never expires under its writer."""
    if step not in STEPS:
        raise NotAllowed("That is not a question of this report.")
    draft = _locked(draft)
    return _touch(draft, answers={**draft.answers, step: answers})


@transaction.atomic
def add_entry(draft: ReportDraft, *, step: str, entry: dict[str, Any]) -> ReportDraft:
    """Add one item (or vehicle) to a repeating step, up to REPEAT_MAX of them."""
    limit = REPEAT_MAX.get(step)
    if limit is None:
        raise NotAllowed("That question does not take a list.")
    draft = _locked(draft)
    entries = list(draft.answers.get(step, {}).get("entries", []))
    if len(entries) >= limit:
        raise NotAllowed(f"You can list up to {limit}. Put anything else in what happened.")
    entries.append(entry)
    return _touch(draft, answers={**draft.answers, step: {"entries": entries}})


@transaction.atomic
def remove_entry(draft: ReportDraft, *, step: str, index: int) -> ReportDraft:
    """Take one item (or vehicle) off the list; an index that is not there changes nothing."""
    draft = _locked(draft)
    entries = list(draft.answers.get(step, {}).get("entries", []))
    if 0 <= index < len(entries):
        entries.pop(index)
    return _touch(draft, answers={**draft.answers, step: {"entries": entries}})


@transaction.atomic
def draft_from_concern(*, concern: Concern, author: User, at_risk: bool = False) -> ReportDraft:
    """A private report prefilled with a diverted concern's words (its title and text as the
    "what" answer; never published). Its type is chosen next. Clicking twice resumes the same
    draft rather than starting a second."""
    existing = (
        ReportDraft.objects.filter(
            owner=author,
            source_concern_ref=concern.ref,
            case__isnull=True,
            expires_at__gt=timezone.now(),
        )
        .order_by("-updated_at")
        .first()
    )
    if existing is not None:
        return existing
    text = f"{concern.title}\n\n{concern.body}".strip()[:5000]
    return ReportDraft.objects.create(
        kind="",
        owner=author,
        at_risk=at_risk,
        answers={"what": {"text": text}},
        source_concern_ref=concern.ref,
    )
