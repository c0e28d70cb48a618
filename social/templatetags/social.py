"""`{% load social %}{% team_feed neighbourhood %}`: how the neighbourhood page (concerns)
shows the team's X posts without concerns importing social."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from social import conf
from social.selectors import team_feed_box
from social.services.crosspost import team_can_crosspost

if TYPE_CHECKING:
    from django.forms import BoundField

    from concerns.models import Concern
    from engage.models import Neighbourhood

register = template.Library()


@register.inclusion_tag("social/team_feed.html")
def team_feed(neighbourhood: Neighbourhood) -> dict:
    return {
        "box": team_feed_box(neighbourhood.team_id),
        "neighbourhood": neighbourhood,
        "shown": conf.get("X_FEED_SHOWN"),
    }


@register.inclusion_tag("social/crosspost_tick.html")
def crosspost_tick(concern: Concern, field: BoundField) -> dict[str, object]:
    """The reply form's "also post this on our X account" box, only for a team that can post."""
    return {"field": field, "offered": team_can_crosspost(concern.neighbourhood.team_id)}
