"""Open311 GeoReport v2 at /open311/v2/: discovery, services, a service's definition,
requests (GET and POST), one request, tokens. Every resource in .xml and .json (api.open311.
formats); every refusal in the spec's `errors` shape. No session, no CSRF: POST is
authenticated by its `api_key` (body or query string, as clients differ)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from api.open311 import selectors, services
from api.open311.definitions import ATTRIBUTES, discovery_tree
from api.open311.formats import Open311Error, error_response, respond
from api.open311.params import given, request_filters

View = Callable[..., HttpResponse]


def jurisdiction(request: HttpRequest) -> str:
    """OPEN311_JURISDICTION if set, else this site's host name."""
    configured = getattr(settings, "OPEN311_JURISDICTION", "")
    return configured or split_domain_port(request.get_host())[0]


def open311(view: View) -> View:
    """Check jurisdiction_id when one is given (empty is absent), answer errors as the spec."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        try:
            asked = given(request.GET, "jurisdiction_id") or given(request.POST, "jurisdiction_id")
            if asked and asked != jurisdiction(request):
                raise Open311Error(404, f"jurisdiction_id {asked!r} is not served here.")
            return view(request, *args, fmt=fmt, **kwargs)
        except Open311Error as error:
            return error_response(fmt, error)

    return wrapper


@require_GET
@open311
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = request.build_absolute_uri(reverse("open311:discovery", kwargs={"fmt": fmt}))
    return respond(fmt, "discovery", discovery_tree(base.rsplit("/", 1)[0]))


@require_GET
@open311
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", selectors.service_list())


@require_GET
@open311
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    category = selectors.required_service(code)
    tree = {"service_code": category.slug, "attributes": ATTRIBUTES}
    return respond(fmt, "service_definition", tree)


@csrf_exempt
@require_http_methods(["GET", "POST"])
@open311
def service_requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return create_request(request, fmt)
    rows = selectors.service_requests(request_filters(request.GET))
    return respond(fmt, "service_requests", [selectors.request_tree(row) for row in rows])


def create_request(request: HttpRequest, fmt: str) -> HttpResponse:
    key = services.authenticated_key(
        given(request.POST, "api_key") or given(request.GET, "api_key")
    )
    done = services.submit_service_request(key=key, data=request.POST)
    if done.published:
        answer = {"service_request_id": done.ref}
    else:
        answer = {"token": done.submission.token, "service_notice": services.NOTICE}
    return respond(fmt, "service_requests", [answer])


@require_GET
@open311
def service_request(request: HttpRequest, sid: str, fmt: str) -> HttpResponse:
    concern = selectors.service_request(sid)
    if concern is None:
        raise Open311Error(404, f"No published service request has id {sid!r}.")
    return respond(fmt, "service_requests", [selectors.request_tree(concern)])


@require_GET
@open311
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """The id once the concern is published; an empty list while it waits (or if refused)."""
    known, ref = selectors.published_ref_for_token(token)
    if not known:
        raise Open311Error(404, f"No service request has token {token!r}.")
    answer = [{"service_request_id": ref, "token": token}] if ref else []
    return respond(fmt, "service_requests", answer)
