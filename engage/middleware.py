"""Responses for a signed-in person, and every account and staff page, are never stored by a
browser or a shared cache (issue 16, item 8): `Cache-Control: private, no-store`."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PRIVATE_PREFIXES = (
    "/account/",
    "/me/",
    "/staff/",
    "/moderation/",
    "/admin/",
    # The private counters: even a signed-out "tell us about" draft is nobody else's.
    "/report/",
    "/reports/",
    "/cases/",
    "/contact-centre/",
    "/apply/",
    "/applications/",
    "/licensing/",
)
NO_STORE = "private, no-store"


class DatabaseUnavailableMiddleware:
    """A view that meets a database that is restarting or unreachable answers 503 "try again"
    (with Retry-After), in development too; `engage.errors.server_error` does the same for
    what fails outside a view. A post is acknowledged only after its commit, so a 503 never
    hides a "received"."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.db import InterfaceError, OperationalError

        from engage.errors import unavailable

        if isinstance(exception, (OperationalError, InterfaceError)):
            return unavailable()
        return None


class PrivateNoStoreMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 503:
            return response  # the database is gone: do not ask it who this is
        if (user is not None and user.is_authenticated) or request.path.startswith(
            PRIVATE_PREFIXES
        ):
            response["Cache-Control"] = NO_STORE  # replaces any public caching a view chose
            response.headers.pop("Expires", None)
            patch_vary_headers(response, ("Cookie",))
        return response
