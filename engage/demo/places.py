"""Demo reference data types: London boroughs, wards and (illustrative) Safer Neighbourhood Teams.

Plain Python, no Django imports, so `manage.py seed_demo` can turn the data into `Borough`,
`Neighbourhood`, `Team`, `TeamPriority` and `PostcodeArea` rows. The data itself, with its
sources and licence, is in engage/demo/places_data.py.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

EMAIL_DOMAIN = "met-police.example"  # RFC 2606 reserved: never a real police mailbox
NON_EMERGENCY = "101"


@dataclass(frozen=True)
class Borough:
    code: str  # ONS local authority district code, E09...
    name: str
    slug: str


@dataclass(frozen=True)
class Priority:
    title: str
    description: str
    set_on: datetime.date
    review_by: datetime.date


@dataclass(frozen=True)
class TeamInfo:
    name: str  # "Camden Town Safer Neighbourhood Team"
    slug: str
    email: str  # on EMAIL_DOMAIN only
    landline: str  # Ofcom drama range, 020 7946 0xxx
    x_handle: str  # without the @, at most 15 characters; display only
    priorities: tuple[Priority, ...]
    phone: str = NON_EMERGENCY  # what residents should ring: 101 (999 in an emergency)

    @property
    def contact_phone(self) -> str:
        """Fits Team.phone (30 characters): '101 or 020 7946 0111'."""
        return f"{self.phone} or {self.landline}"


@dataclass(frozen=True)
class Ward:
    code: str  # ONS ward code, E05... (2022 London ward boundaries)
    name: str  # ONS ward name, exactly as published
    slug: str
    borough_code: str
    team: TeamInfo
    # Postcode districts ("NW1") and sectors ("NW1 7") that fall at least partly in the ward.
    # Approximate for the demo: see the module docstring.
    postcode_areas: tuple[str, ...]
    # GeoJSON geometry (a Polygon in WGS84 lon/lat), or None. Left out of hash/eq: it is a dict.
    boundary: dict[str, Any] | None = field(default=None, hash=False, compare=False, repr=False)


def check(boroughs: tuple[Borough, ...], wards: tuple[Ward, ...]) -> None:
    """Cheap invariants, checked when the data is imported so bad edits fail loudly."""
    boroughs_by_code = {borough.code: borough for borough in boroughs}
    wards_by_code = {ward.code: ward for ward in wards}
    if len(boroughs_by_code) != len(boroughs) or len(wards_by_code) != len(wards):
        raise ValueError("duplicate borough or ward code")
    for attr in ("slug", "name"):
        if len({getattr(b, attr) for b in boroughs}) != len(boroughs):
            raise ValueError(f"duplicate borough {attr}")
    for attr in ("slug",):
        if len({getattr(w, attr) for w in wards}) != len(wards):
            raise ValueError(f"duplicate ward {attr}")
    for attr in ("name", "slug", "email", "landline", "x_handle"):
        if len({getattr(w.team, attr) for w in wards}) != len(wards):
            raise ValueError(f"duplicate team {attr}")
    for ward in wards:
        if ward.borough_code not in boroughs_by_code:
            raise ValueError(f"{ward.code}: unknown borough {ward.borough_code}")
        if not ward.team.email.endswith("@" + EMAIL_DOMAIN):
            raise ValueError(f"{ward.code}: team email must be on {EMAIL_DOMAIN}")
        if not ward.team.landline.startswith("020 7946 0"):
            raise ValueError(f"{ward.code}: landline must be in Ofcom's drama range")
        if len(ward.team.x_handle) > 15:
            raise ValueError(f"{ward.code}: X handle longer than 15 characters")
        for priority in ward.team.priorities:
            if priority.review_by <= priority.set_on:
                raise ValueError(f"{ward.code}: priority reviewed before it was set")
