"""The friendly "Page not found" page, also when DEBUG is on (as it is under `make run`).

Django answers a bad URL under DEBUG with its technical 404, which lists every URL pattern: a
newcomer trying the demo should see the page a resident would. Outside DEBUG, Django's own
handler already renders templates/404.html, so this middleware steps aside.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.template import loader
from django.urls import get_urlconf, is_valid_path


def friendly_404(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


class FriendlyNotFoundMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # A path no pattern matches: the technical page was rendered before we could intervene.
        if (
            settings.DEBUG
            and response.status_code == 404
            and not is_valid_path(request.path_info, get_urlconf())
        ):
            return friendly_404(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if settings.DEBUG and isinstance(exception, Http404):
            return friendly_404(request)
        return None
