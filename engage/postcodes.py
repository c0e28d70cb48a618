"""UK postcode parsing for neighbourhood lookup: full postcodes, sectors and districts.

A full postcode "NW1 7AB" has the outward code (district) "NW1" and the sector "NW1 7". Lookup
tries the sector first (more precise), then the district. Pure functions, no database.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_DISTRICT = re.compile(rf"^{_OUTWARD}$")
_SECTOR = re.compile(rf"^({_OUTWARD}) ([0-9])$")
_FULL = re.compile(rf"^({_OUTWARD}) ?([0-9])([A-Z]{{2}})$")


def _squash(text: str) -> str:
    return " ".join(text.upper().split())


def postcode_prefixes(text: str) -> list[str]:
    """The sector and district to look up for what a resident typed, most precise first.

    "nw1 7ab" -> ["NW1 7", "NW1"]; "NW1 7" -> ["NW1 7", "NW1"]; "nw1" -> ["NW1"];
    anything that is not postcode-shaped -> [].
    """
    value = _squash(text)
    if match := _FULL.match(value):
        outward, digit, _ = match.groups()
        return [f"{outward} {digit}", outward]
    if match := _SECTOR.match(value):
        return [value, match.group(1)]
    if _DISTRICT.match(value):
        return [value]
    return []


def validate_postcode_prefix(value: str) -> None:
    """Accept a postcode district ("NW1") or sector ("NW1 7"), nothing longer."""
    value = _squash(value)
    if not (_DISTRICT.match(value) or _SECTOR.match(value)):
        raise ValidationError(
            "Enter a postcode district like NW1 or a sector like NW1 7, not a full postcode.",
            code="postcode_prefix",
        )
