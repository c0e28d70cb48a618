"""`{% load licensing %}{% overdue_reviews user %}`: the overdue reviews in a licensing
officer's units, on the staff home page (an engage page) without engage importing permits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from engage import permissions
from permits import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from engage.models import User

register = template.Library()


@register.inclusion_tag("permits/staff/_overdue.html")
def overdue_reviews(user: User | AnonymousUser) -> dict[str, object]:
    """Nothing for anyone who is no licensing officer (the staff home page is after
    two-factor, so a licensing officer reading it may see their units' queue)."""
    units = permissions.licensing_unit_ids(user)
    return {
        "shown": bool(units),
        "overdue": selectors.overdue_count(units, officer_id=user.pk) if units else 0,
    }
