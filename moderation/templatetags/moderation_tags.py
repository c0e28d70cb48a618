"""Where moderation shows on concern pages (concerns never imports moderation: they meet here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template
from django.template import Context

from moderation.services.appeals import appealable_decisions

if TYPE_CHECKING:
    from concerns.models import Concern

register = template.Library()


@register.inclusion_tag("moderation/_appeal_link.html", takes_context=True)
def appeal_links(context: Context, concern: Concern) -> dict[str, object]:
    """For whoever is looking: the decisions about what they wrote here that they may appeal,
    each with the reason they were given."""
    return {"concern": concern, "decisions": appealable_decisions(concern, context.get("user"))}
