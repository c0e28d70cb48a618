"""Reads for the data.police.uk-compatible API: neighbourhoods by their API id, and what of a
neighbourhood's team is public (verified officers of active accounts, current priorities), and
its granted public events through permits.public_selectors (PublicNotice only).

A neighbourhood's API id is its ONS ward code (`E05013655`), as data.police.uk itself uses for
the Met today: stable across renames, unique, and what `locate-neighbourhood` answers, so a
client can round-trip every id it is given. The older `E05013655N` spelling is accepted too.
"""

from __future__ import annotations

import re

from django.db.models import QuerySet

from engage import geometry
from engage.models import Neighbourhood, Officer, TeamPriority
from permits import public_selectors
from permits.models import PublicNotice

# At most this many upcoming events per neighbourhood (data.police.uk lists them unpaginated;
# a ward has a handful, the bound keeps one query small whatever happens).
EVENTS_LIMIT = 100
_API_ID = re.compile(r"(E05\d{6})N?")


def ward_code(api_id: str) -> str | None:
    """The ward code an API id names, or None if it cannot name one (so no query is made)."""
    match = _API_ID.fullmatch(api_id.upper())
    return match.group(1) if match else None


def neighbourhood_list() -> QuerySet[Neighbourhood]:
    """Every neighbourhood's id and name, by name (a bounded table: the force's wards)."""
    return Neighbourhood.objects.only("ward_code", "name").order_by("name")


def neighbourhood(api_id: str, *, detail: bool = False) -> Neighbourhood | None:
    """The neighbourhood an API id names, or None. With detail, its team and borough come in
    the same query (for the neighbourhood resource itself); otherwise only what the
    sub-resources need: its id, its team's id and its boundary (deferred until read)."""
    code = ward_code(api_id)
    if code is None:
        return None
    rows = Neighbourhood.objects.filter(ward_code=code)
    if detail:
        rows = rows.select_related("team", "borough")
    else:
        rows = rows.only("id", "ward_code", "team_id")
    return rows.first()


def boundary(api_id: str) -> Neighbourhood | None:
    """The neighbourhood with its boundary loaded, or None."""
    code = ward_code(api_id)
    if code is None:
        return None
    return Neighbourhood.objects.only("id", "ward_code", "boundary").filter(ward_code=code).first()


def public_officers(place: Neighbourhood) -> list[Officer]:
    """The officers of the team serving `place` who may be shown: verified by the force, on an
    active account. Unverified officers (claims not yet checked) never appear."""
    if place.team_id is None:
        return []
    return list(
        Officer.objects.filter(
            team_id=place.team_id, verified_at__isnull=False, user__is_active=True
        )
        .only("name_on_badge", "rank")
        .order_by("name_on_badge", "id")
    )


def public_priorities(place: Neighbourhood) -> list[TeamPriority]:
    """The team's current priorities, newest first; past ones stay in the admin only."""
    if place.team_id is None:
        return []
    return list(
        TeamPriority.objects.filter(team_id=place.team_id, is_current=True)
        .only("title", "description", "set_on")
        .order_by("-set_on", "title")
    )


def public_events(place: Neighbourhood) -> list[PublicNotice]:
    """The neighbourhood's granted public marches and events not yet over, soonest first."""
    return public_selectors.upcoming_notices(place.pk, limit=EVENTS_LIMIT).items


def locate(latitude: float, longitude: float) -> Neighbourhood | None:
    """The neighbourhood whose ward boundary contains the point, or None. One query over the
    force's wards (a bounded table); the point-in-polygon test runs here, on the GeoJSON."""
    rows = Neighbourhood.objects.filter(boundary__isnull=False).only("ward_code", "boundary")
    for place in rows.order_by("ward_code"):
        if geometry.contains(place.boundary, latitude, longitude):
            return place
    return None
