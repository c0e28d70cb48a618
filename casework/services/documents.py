"""Storing checked files (casework.documents) privately, and attaching them to a case."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from casework.documents import EXTENSIONS
from casework.models import CaseDocument, CaseEventKind, private_storage
from casework.services.cases import record

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

    from casework.documents import CleanFile
    from casework.models import Case
    from engage.models import User


def store_file(field: FieldFile, clean: CleanFile) -> None:
    """Write `clean` into `field` (a FileField on private storage) under a random name: the
    uploader's name is shown and offered on download, never used as a path."""
    stored = f"{secrets.token_hex(16)}.{EXTENSIONS[clean.content_type]}"
    field.save(stored, ContentFile(clean.content), save=False)


def discard_files(names: list[str]) -> None:
    """Delete stored files once the transaction that stopped pointing at them commits (a
    rollback keeps them, still in use)."""

    def delete() -> None:
        for name in names:
            if name:
                private_storage.delete(name)

    transaction.on_commit(delete, robust=True)


@transaction.atomic
def add_document(case: Case, *, uploaded_by: User | None, clean: CleanFile) -> CaseDocument:
    """Attach a checked file to the case, in the reporter's history. The same file twice on
    one case (a double click, a second try) is one document: the first is returned."""
    existing = CaseDocument.objects.filter(case=case, sha256=clean.sha256).first()
    if existing is not None:
        return existing
    document = CaseDocument(
        case=case,
        uploaded_by=uploaded_by,
        name=clean.name,
        content_type=clean.content_type,
        size=clean.size,
        sha256=clean.sha256,
    )
    store_file(document.file, clean)
    return _attach(document, written_here=True)


@transaction.atomic
def attach_stored(
    case: Case,
    *,
    uploaded_by: User | None,
    stored_name: str,
    name: str,
    content_type: str,
    size: int,
    sha256: str,
) -> CaseDocument:
    """A file already checked and stored (a draft's) becomes the case's document: the same
    stored file, not a copy. Duplicates return the existing document, as add_document."""
    existing = CaseDocument.objects.filter(case=case, sha256=sha256).first()
    if existing is not None:
        return existing
    document = CaseDocument(
        case=case,
        uploaded_by=uploaded_by,
        name=name,
        content_type=content_type,
        size=size,
        sha256=sha256,
    )
    document.file.name = stored_name
    return _attach(document, written_here=False)


def _attach(document: CaseDocument, *, written_here: bool) -> CaseDocument:
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:  # the same file, attached at the same moment by another request
        if written_here:
            discard_files([document.file.name or ""])
        return CaseDocument.objects.get(case=document.case, sha256=document.sha256)
    record(
        document.case,
        CaseEventKind.DOCUMENT,
        actor=document.uploaded_by,
        detail={"document": document.pk, "name": document.name},
        for_reporter=True,
    )
    return document
