"""The resident's side of the counter: start, the steps, check your answers, the case page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def status(request: HttpRequest, reference: str) -> HttpResponse:
    raise Http404  # the reporter's case page is built in this module (issue 12, in progress)
