"""The evidence step of a report: files checked by casework.documents, held on the draft, moved
to the case on submission (the same stored files: nothing is uploaded twice).

One file per upload, so the page works without JavaScript: choose a file, upload it, see it
listed with a Remove button, add another or continue. The step's caller (reports' step view)
has already checked that the draft is this person's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render

from casework.documents import DocumentRefused, check_upload, too_big
from casework.services.documents import attach_stored, discard_files, store_file
from engage import bounds, uploads
from engage.refusals import NotAllowed
from reports.models import DraftDocument

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from casework.documents import CleanFile
    from casework.models import Case
    from reports.models import ReportDraft

MAX_FILES = 10


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        required=False,
        error_messages={"invalid": "The file could not be read. Choose it again."},
    )


def evidence_step(
    request: HttpRequest, draft: ReportDraft, *, forward: str, back: str
) -> HttpResponse:
    """The page for step "evidence" of `draft`: GET shows it, POST uploads or removes a file,
    or continues to `forward` (uploading the file chosen, if any, first); `back` is the
    previous step's URL."""
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if "remove" in request.POST:
            remove_from_draft(draft, document_id=request.POST["remove"])
            messages.success(request, "The file was removed.")
            return redirect(request.path)
        if form.is_valid() and _upload(request, form, draft):
            return redirect(forward if "continue" in request.POST else request.path)
    documents = list(draft.documents.all())
    context = {
        "form": form,
        "documents": documents,
        "room": max(MAX_FILES - len(documents), 0),
        "max_files": MAX_FILES,
        "max_megabytes": f"{settings.CASE_DOCUMENT_MAX_BYTES / (1024 * 1024):g}",
        "back": back,
    }
    return render(request, "reports/evidence.html", context)


def _upload(request: HttpRequest, form: EvidenceForm, draft: ReportDraft) -> bool:
    """Store the chosen file; False with the form's error when it was refused. Continuing
    without a file is fine; uploading without one is not."""
    if uploads.upload_refused(request):  # stopped while streaming: say why, not "choose a file"
        form.add_error("file", too_big(int(settings.CASE_DOCUMENT_MAX_BYTES)).message)
        return False
    uploaded = form.cleaned_data.get("file")
    if uploaded is None:
        if "continue" in request.POST:
            return True
        form.add_error("file", "Choose a file to upload, or continue without one.")
        return False
    try:
        document = add_to_draft(draft, clean=check_upload(uploaded))
    except (DocumentRefused, NotAllowed) as refusal:
        form.add_error("file", refusal.message)
        return False
    messages.success(request, f"“{document.name}” was added to your report.")
    return True


@transaction.atomic
def add_to_draft(draft: ReportDraft, *, clean: CleanFile) -> DraftDocument:
    """Hold a checked file on the draft: at most MAX_FILES, and the same file once."""
    existing = draft.documents.filter(sha256=clean.sha256).first()
    if existing is not None:
        return existing
    # The draft row is locked so two uploads at once cannot both take the tenth place.
    type(draft).objects.select_for_update().filter(pk=draft.pk).first()
    if draft.documents.count() >= MAX_FILES:
        raise NotAllowed(
            f"You can add up to {MAX_FILES} files to a report. Remove one to add another, or "
            "describe the rest in your report."
        )
    document = DraftDocument(
        draft=draft,
        name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
    )
    store_file(document.file, clean)
    document.save()
    return document


@transaction.atomic
def remove_from_draft(draft: ReportDraft, *, document_id: str) -> None:
    """Take a file off the draft and delete it (after commit). Another draft's id, or one
    already removed, changes nothing."""
    pk = bounds.parse_id(document_id)  # "²" is a digit to str.isdigit, not to int()
    if pk is None:
        return
    document = draft.documents.filter(pk=pk).first()
    if document is None:
        return
    name = document.file.name or ""
    document.delete()
    discard_files([name])


def discard_draft_files(draft: ReportDraft) -> None:
    """For deleting a draft that was never submitted: its stored files go with it (after
    commit). Not for a submitted draft, whose files now belong to its case."""
    discard_files([name for name in draft.documents.values_list("file", flat=True) if name])


def move_to_case(draft: ReportDraft, case: Case) -> None:
    """In the submission's transaction: the draft's files become the case's documents (the
    same stored files), and the draft no longer holds them."""
    for document in draft.documents.all():
        attach_stored(
            case,
            uploaded_by=draft.owner,
            stored_name=document.file.name or "",
            name=document.name,
            content_type=document.content_type,
            size=document.size,
            sha256=document.sha256,
        )
    # Deleted here so that deleting the draft later (or its expiry) cannot take the files.
    draft.documents.all().delete()
