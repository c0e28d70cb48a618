"""Drafts: an application saved at every Continue, resumed later, until it is sent or expires
(30 days after it was last changed; permits.services.drafts_purge deletes expired ones).

Applications need an account (the decision is written to the applicant), so every draft has
an owner; the views send anyone signed out to sign in first, then back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from casework.services.documents import discard_files, store_file
from engage.refusals import NotAllowed
from permits import flow
from permits.models import ApplicationDraft, DraftFile, QuestionKind, draft_expiry

if TYPE_CHECKING:
    from casework.documents import CleanFile
    from engage.models import User
    from permits.models import ApplicationType, Question


def _locked(draft: ApplicationDraft) -> ApplicationDraft:
    """The draft's row, locked: two tabs saving at once must not lose each other's answer."""
    locked = ApplicationDraft.objects.select_for_update().select_related("type").get(pk=draft.pk)
    if locked.case_id is not None:
        raise NotAllowed("This application has been sent already; it can no longer be changed.")
    return locked


def _question(draft: ApplicationDraft, key: str) -> Question:
    question = flow.find(flow.all_questions(draft.type), key)
    if question is None:
        raise NotAllowed("That is not a question of this application.")
    return question


def _touch(draft: ApplicationDraft, answers: dict[str, Any]) -> ApplicationDraft:
    draft.answers, draft.updated_at, draft.expires_at = answers, timezone.now(), draft_expiry()
    draft.save(update_fields=["answers", "updated_at", "expires_at"])
    return draft


@transaction.atomic
def start_draft(*, type: ApplicationType, owner: User) -> ApplicationDraft:
    """A new, empty application of a type the station offers, owned by its applicant."""
    if not type.active:
        raise NotAllowed("We no longer take this kind of application online.")
    if not owner.is_authenticated or not owner.is_active:
        raise NotAllowed("Sign in, or create an account, to apply.")
    return ApplicationDraft.objects.create(type=type, owner=owner)


@transaction.atomic
def save_answer(draft: ApplicationDraft, *, key: str, value: Any) -> ApplicationDraft:
    """Keep the answer to one question (replacing what it said before) and push the draft's
    expiry 30 days on. Answers to questions a change makes irrelevant (`only_if`) stay on the
    draft, so changing back restores them, but are not sent (permits.flow.given)."""
    draft = _locked(draft)
    question = _question(draft, key)
    if question.kind == QuestionKind.FILE and value not in flow.EMPTY:
        raise NotAllowed("Upload the document itself: save_file keeps it.")
    if question.kind == QuestionKind.FILE:
        _drop_files(draft, key)
    return _touch(draft, {**draft.answers, key: value})


@transaction.atomic
def save_file(draft: ApplicationDraft, *, key: str, clean: CleanFile) -> ApplicationDraft:
    """Keep a checked document as the answer to a file question, in place of any given
    before. The same file given again is kept once."""
    draft = _locked(draft)
    if _question(draft, key).kind != QuestionKind.FILE:
        raise NotAllowed("That question does not take a document.")
    existing = draft.files.filter(sha256=clean.sha256).first()
    if existing is not None and existing.question_key != key:
        raise NotAllowed(
            f"You have already uploaded “{existing.name}” for another question. Choose the "
            "document this question asks for."
        )
    if existing is None:
        _drop_files(draft, key)
        existing = _stored(draft, key, clean)
    answer = {"draft_file": existing.pk, "name": existing.name}
    return _touch(draft, {**draft.answers, key: answer})


def _stored(draft: ApplicationDraft, key: str, clean: CleanFile) -> DraftFile:
    held = DraftFile(
        draft=draft,
        question_key=key,
        name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
    )
    store_file(held.file, clean)
    try:
        with transaction.atomic():
            held.save()
    except IntegrityError:  # the draft is locked, so only a file already held can clash
        discard_files([held.file.name or ""])
        raise NotAllowed("You have already uploaded that document.") from None
    return held


def _drop_files(draft: ApplicationDraft, key: str) -> None:
    """The question's earlier document goes, its stored file deleted once this commits."""
    files = draft.files.filter(question_key=key)
    names = [name for name in files.values_list("file", flat=True) if name]
    files.delete()
    discard_files(names)
