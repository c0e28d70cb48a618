"""`{% load permit_notices %}{% neighbourhood_notices neighbourhood %}`: how the neighbourhood
page (concerns) shows the granted marches and events there without concerns importing permits
(as social's {% team_feed %} does for the team's X posts)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from permits import public_selectors

if TYPE_CHECKING:
    from engage.models import Neighbourhood

register = template.Library()


@register.inclusion_tag("permits/public/neighbourhood_notices.html")
def neighbourhood_notices(neighbourhood: Neighbourhood) -> dict[str, object]:
    """The soonest few upcoming notices (one query), with a link to all of them."""
    return {
        "box": public_selectors.neighbourhood_box(neighbourhood.pk),
        "neighbourhood": neighbourhood,
    }
