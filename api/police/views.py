"""The data.police.uk-compatible API (https://data.police.uk/docs/) for our one force,
settings.FORCE_ID: the same paths and JSON, so a client changes only its base URL. Read-only;
each view loads, checks, makes one selector call and answers. Neighbourhood ids are ONS ward
codes (api/police/selectors.py says why)."""

from __future__ import annotations

import math
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from api.police import selectors, shapes
from api.police.responses import ApiError, ok, read_only
from engage.models import Neighbourhood

_NUMBER = r"\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*"
_POINT = re.compile(rf"^({_NUMBER}),({_NUMBER})$")
MAX_Q_LENGTH = 100


def _check_force(force: str) -> None:
    if force != settings.FORCE_ID:
        raise ApiError(404, f"Unknown force {force!r}: this server serves {settings.FORCE_ID!r}.")


def _found(force: str, api_id: str, place: Neighbourhood | None) -> Neighbourhood:
    if place is None:
        raise ApiError(
            404,
            f"Unknown neighbourhood {api_id!r} in force {force!r}: ids are ONS ward codes "
            f"(E05 and six digits), as listed at {force}/neighbourhoods.",
        )
    return place


def _place(force: str, api_id: str) -> Neighbourhood:
    _check_force(force)
    return _found(force, api_id, selectors.neighbourhood(api_id))


@read_only
def forces(request: HttpRequest) -> HttpResponse:
    return ok([shapes.force_summary()])


@read_only
def force(request: HttpRequest, force: str) -> HttpResponse:
    _check_force(force)
    return ok(shapes.force(request.build_absolute_uri("/")))


@read_only
def senior_officers(request: HttpRequest, force: str) -> HttpResponse:
    """The force's senior officers: none are recorded here, so an empty list."""
    _check_force(force)
    return ok([])


@read_only
def neighbourhoods(request: HttpRequest, force: str) -> HttpResponse:
    _check_force(force)
    return ok([shapes.neighbourhood_summary(n) for n in selectors.neighbourhood_list()])


@read_only
def neighbourhood(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    _check_force(force)
    place = _found(force, neighbourhood, selectors.neighbourhood(neighbourhood, detail=True))
    return ok(shapes.neighbourhood(place, request.build_absolute_uri(place.get_absolute_url())))


@read_only
def boundary(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    """The ward's outline; the ONS licence and attribution ride along in a Link header."""
    _check_force(force)
    place = _found(force, neighbourhood, selectors.boundary(neighbourhood))
    response = ok(shapes.boundary(place))
    response["Link"] = f'<{shapes.OGL_URL}>; rel="license"; title="{shapes.BOUNDARY_ATTRIBUTION}"'
    return response


@read_only
def people(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    place = _place(force, neighbourhood)
    return ok([shapes.officer(o) for o in selectors.public_officers(place)])


@read_only
def priorities(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    place = _place(force, neighbourhood)
    return ok([shapes.priority(p) for p in selectors.public_priorities(place)])


@read_only
def events(request: HttpRequest, force: str, neighbourhood: str) -> HttpResponse:
    place = _place(force, neighbourhood)
    return ok([shapes.event(e) for e in selectors.public_events(place)])


def parse_point(q: str | None) -> tuple[float, float]:
    """`q=lat,lng` as data.police.uk takes it (decimal degrees); ApiError 400 otherwise."""
    match = _POINT.match(q) if q and len(q) <= MAX_Q_LENGTH else None
    if match is None:
        raise ApiError(
            400, "q must be 'latitude,longitude' in decimal degrees, e.g. 51.539,-0.1426"
        )
    latitude, longitude = float(match.group(1)), float(match.group(2))
    if not (math.isfinite(latitude) and -90 <= latitude <= 90):
        raise ApiError(400, f"Latitude {latitude} is out of range: -90 to 90.")
    if not (math.isfinite(longitude) and -180 <= longitude <= 180):
        raise ApiError(400, f"Longitude {longitude} is out of range: -180 to 180.")
    return latitude, longitude


@read_only
def locate_neighbourhood(request: HttpRequest) -> HttpResponse:
    latitude, longitude = parse_point(request.GET.get("q"))
    place = selectors.locate(latitude, longitude)
    if place is None:
        raise ApiError(
            404, f"No neighbourhood of {settings.FORCE_ID!r} contains {latitude},{longitude}."
        )
    return ok({"force": settings.FORCE_ID, "neighbourhood": place.ward_code})


@read_only
def unknown(request: HttpRequest) -> HttpResponse:
    """Any other path under /api/: data.police.uk methods this server does not offer."""
    raise ApiError(
        404,
        f"No such method here: {request.path}. This server offers forces, forces/<force>, "
        "<force>/neighbourhoods, <force>/<neighbourhood> (and its boundary, people, priorities "
        "and events) and locate-neighbourhood?q=lat,lng.",
    )
