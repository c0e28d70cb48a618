"""Case documents, served only to people who may see the case: the reporter, and staff on it
after two-factor (each staff download logged). Everyone else gets 404, as if it did not exist."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest

from casework import access
from casework.models import AccessAction, CaseDocument
from casework.services import record_access


def document(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    found = CaseDocument.objects.select_related("case").filter(
        pk=pk, case__reference=reference.upper()
    )
    doc = found.first()
    verified = bool(getattr(request.user, "is_verified", lambda: False)())
    roles = access.roles_on(doc.case, request.user, verified=verified) if doc else set()
    if doc is None or not roles:
        raise Http404
    if roles & access.STAFF_ROLES:
        record_access(doc.case, user=request.user, action=AccessAction.DOWNLOAD, detail=doc.name)  # type: ignore[arg-type]
    return attachment(doc)


def attachment(doc: CaseDocument) -> FileResponse:
    """The file as a download, never rendered by the browser (nosniff, a sandbox), and kept
    by no cache on the way."""
    try:
        handle = doc.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # purged with its retention period
    response = FileResponse(
        handle, as_attachment=True, filename=doc.name, content_type=doc.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
