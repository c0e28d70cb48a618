"""Request types for annotations: what a view may assume of `request` once its decorator ran."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from engage.models import User


class SignedInRequest(HttpRequest):
    """A request that login_required or staff_view let through: its user is a User, never
    AnonymousUser. Only an annotation; the object is Django's own request."""

    user: User
