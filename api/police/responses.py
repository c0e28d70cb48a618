"""How every answer of the data.police.uk-compatible API leaves: JSON, read-only, open to any
origin (public data, no cookies read), and errors as JSON with a message a developer can act
on: `{"error": "..."}` with the status data.police.uk would give (404, 400, 405)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

SAFE_METHODS = ("GET", "HEAD")
View = Callable[..., HttpResponse]


class ApiError(Exception):
    """Raised by a view to answer `status` with a JSON error explaining `message`."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def ok(data: Any, status: int = 200) -> JsonResponse:
    """`data` (a list or a dict) as JSON."""
    response = JsonResponse(data, status=status, safe=False)
    # Public, read-only data: any web page may read it, as it may read data.police.uk's.
    response["Access-Control-Allow-Origin"] = "*"
    return response


def error(status: int, message: str) -> JsonResponse:
    return ok({"error": message}, status=status)


def read_only(view: View) -> View:
    """GET and HEAD only (405 with an Allow header otherwise); an ApiError becomes its JSON
    error. CSRF-exempt because nothing here writes: a POST is answered 405, not a CSRF page."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in SAFE_METHODS:
            response = error(405, f"{request.method} is not allowed: this API is read-only.")
            response["Allow"] = ", ".join(SAFE_METHODS)
            return response
        try:
            return view(request, *args, **kwargs)
        except ApiError as problem:
            return error(problem.status, problem.message)

    return wrapper
