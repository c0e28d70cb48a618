"""Rows in data.police.uk's JSON shapes (https://data.police.uk/docs/), so an existing client
works by changing only its base URL. The shapes are theirs, quirks included: coordinates and
population are strings, priorities have hyphenated date keys, dates carry no timezone (local
time, as data.police.uk's do) and HTML fields are HTML (escaped from our plain text here).

Only public fields are read: an officer's name and rank (never their account or email), a
team's public contact, a priority's text and date, and a PublicNotice's what, when and where.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import mark_safe

from engage import geometry
from engage.models import Neighbourhood, Officer, TeamPriority
from permits.models import PublicNotice

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S"  # police-api-client parses exactly this: no zone, no "Z"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# The ONS licence asks for this wherever a boundary is served (/work/shared/data/wards).
BOUNDARY_ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data (c) Crown copyright and database right 2023."
)


def force_summary() -> dict[str, str]:
    return {"id": settings.FORCE_ID, "name": settings.FORCE_NAME}


def force(site: str) -> dict[str, Any]:
    """The force (`site` is this server's root URL, for the engagement method pointing here)."""
    return {
        **force_summary(),
        "description": None,
        "url": settings.FORCE_URL,
        "telephone": settings.FORCE_TELEPHONE,
        "engagement_methods": [
            {
                "url": site,
                "title": "Engage",
                "description": "<p>Tell your Safer Neighbourhood Team about a local concern "
                "and follow what they do about it.</p>",
                "type": "website",
            },
            {
                "url": "",
                "title": "telephone",
                "description": format_html(
                    "<p>Call {} for non-emergencies, 999 in an emergency.</p>",
                    settings.FORCE_TELEPHONE,
                ),
                "type": "telephone",
            },
        ],
    }


def neighbourhood_summary(place: Neighbourhood) -> dict[str, str]:
    return {"id": place.ward_code, "name": place.name}


def coordinate(value: float) -> str:
    """A coordinate as data.police.uk writes one: a string; six decimals (0.1 m) at most."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


def contact_details(place: Neighbourhood) -> dict[str, str]:
    """The team's public contact (the mailbox and phone it publishes, its X account)."""
    team = place.team
    if team is None:
        return {}
    details = {"email": team.email, "telephone": team.phone}
    if team.x_handle:
        details["twitter"] = f"https://x.com/{team.x_handle}"
    return {key: value for key, value in details.items() if value}


def neighbourhood(place: Neighbourhood, page_url: str) -> dict[str, Any]:
    """The neighbourhood resource; `page_url` is its page on this site (absolute)."""
    middle = geometry.centre(place.boundary)
    team = place.team
    served = format_html(" Served by the {}.", team.name) if team else ""
    return {
        **neighbourhood_summary(place),
        "description": format_html(
            "<p>{} ward, in {}.{}</p>", place.name, place.borough.name, served
        ),
        "url_force": page_url,
        "contact_details": contact_details(place),
        "centre": {
            "latitude": coordinate(middle[0]) if middle else None,
            "longitude": coordinate(middle[1]) if middle else None,
        },
        "population": "0",  # not known here; data.police.uk also sends "0" when it has none
        "links": [
            {"url": page_url, "title": f"{place.name} on Engage", "description": None},
            {"url": OGL_URL, "title": "Boundary licence", "description": BOUNDARY_ATTRIBUTION},
        ],
        "locations": [],
    }


def boundary(place: Neighbourhood) -> list[dict[str, str]]:
    return [
        {"latitude": coordinate(lat), "longitude": coordinate(lng)}
        for lat, lng in geometry.outline(place.boundary)
    ]


def officer(row: Officer) -> dict[str, Any]:
    return {"name": row.name_on_badge, "rank": row.rank, "bio": None, "contact_details": {}}


def _midnight(day: datetime.date) -> str:
    return datetime.datetime.combine(day, datetime.time()).strftime(DATE_FORMAT)


def priority(row: TeamPriority) -> dict[str, Any]:
    """A priority: its title and description as the issue, set on `set_on`. We record no
    separate action taken, so action and action-date are null (the shape allows both)."""
    issue: str = format_html("<p>{}</p>", row.title)
    if row.description:
        issue += linebreaks(row.description, autoescape=True)
    return {
        "issue": issue,
        "issue-date": _midnight(row.set_on),
        "action": None,
        "action-date": None,
    }


def _lines(text: str) -> str:
    """Plain text as one HTML paragraph's content: escaped, its line breaks kept."""
    return mark_safe("<br>".join(escape(line) for line in text.splitlines()))  # noqa: S308


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime(DATE_FORMAT)


def event(notice: PublicNotice) -> dict[str, Any]:
    """A granted public march or event: what, when, where, its route and road closures."""
    parts = []
    if notice.route:
        parts.append(format_html("<p>Route: {}</p>", _lines(notice.route)))
    closures = notice.road_closures or "none planned"
    parts.append(format_html("<p>Road closures: {}</p>", _lines(closures)))
    return {
        "title": notice.title,
        "description": "".join(parts),
        "address": notice.place,
        "type": notice.kind_name,
        "start_date": _local(notice.starts_at),
        "end_date": _local(notice.ends_at),
        "contact_details": {},
    }
