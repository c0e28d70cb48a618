"""Where moderation shows on concern pages (concerns never imports moderation: they meet here)."""

from __future__ import annotations

from django import template

from moderation.services import appealable_decision

register = template.Library()


@register.inclusion_tag("moderation/_appeal_link.html", takes_context=True)
def appeal_link(context, concern) -> dict:
    """For the author: the latest decision they may appeal, with its reason."""
    user = context.get("user")
    decision = appealable_decision(concern, user) if user and user.is_authenticated else None
    return {"concern": concern, "decision": decision}
