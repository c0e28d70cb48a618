"""The evidence step of a report: files checked by casework.documents, held on the draft, moved
to the case on submission. (Seam: the upload page is being built on branch wt-files.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.shortcuts import redirect

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from casework.models import Case
    from reports.models import ReportDraft


def evidence_step(
    request: HttpRequest, draft: ReportDraft, *, forward: str, back: str
) -> HttpResponse:
    """The page for step "evidence" of `draft`: GET shows it, POST uploads or removes a file,
    or continues to `forward`; `back` is the previous step's URL."""
    return redirect(forward)


def move_to_case(draft: ReportDraft, case: Case) -> None:
    """In the submission's transaction: the draft's files become the case's documents."""
