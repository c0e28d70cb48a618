"""`{% load social %}{% team_feed neighbourhood %}`: how the neighbourhood page (concerns)
shows the team's X posts without concerns importing social."""

from __future__ import annotations

from django import template

from social import conf
from social.selectors import team_feed_box

register = template.Library()


@register.inclusion_tag("social/team_feed.html")
def team_feed(neighbourhood) -> dict:
    return {"box": team_feed_box(neighbourhood.team_id), "neighbourhood": neighbourhood,
            "shown": conf.get("X_FEED_SHOWN")}
