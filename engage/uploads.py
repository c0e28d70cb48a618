"""Uploads are bounded while they stream, not once they are on disk.

`LimitedUploadHandler` is first in FILE_UPLOAD_HANDLERS, so Django's own handlers (memory,
then a temporary file) never receive more than CASE_DOCUMENT_MAX_BYTES of any one file:

- a request whose Content-Length is over the limit plus FORM_OVERHEAD (the other fields
  and the multipart boundaries) keeps its ordinary fields (the CSRF token, the buttons) but
  every file in it is skipped from its first chunk;
- a file that streams past the limit is skipped there (SkipFile: Django drops what it had
  and reads past the rest of that file, so the form's other fields still arrive);
- a request past HARD_LIMIT is refused outright (RequestDataTooBig: Django's 400 page),
  rather than read to its end; nginx's client_max_body_size stops it earlier still
  (docs/deploy.md).

Either skip marks the request: `upload_refused(request)` is True, and the page that took
the upload says the file must be smaller than the limit (casework.documents.too_big).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

FORM_OVERHEAD = 1024 * 1024
HARD_LIMIT_FACTOR = 4
REFUSED = "_engage_upload_refused"


def limit() -> int:
    return int(settings.CASE_DOCUMENT_MAX_BYTES)


def upload_refused(request: HttpRequest) -> bool:
    """A file in this request was too big and was skipped (read request.FILES first)."""
    return bool(getattr(request, REFUSED, False))


class LimitedUploadHandler(FileUploadHandler):
    """See the module docstring. Passes every chunk on untouched when within the limit."""

    too_big = False

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        allowed = limit() + FORM_OVERHEAD
        if content_length > HARD_LIMIT_FACTOR * allowed:
            raise RequestDataTooBig("The upload is far larger than any file we accept.")
        self.too_big = content_length > allowed
        return None  # parse as usual: only the files are skipped

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if self.too_big or start + len(raw_data) > limit():
            if self.request is not None:
                setattr(self.request, REFUSED, True)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or a temporary file) makes the file
