"""Role predicates. Every "may this person..." question about roles is answered here.

Pure functions of the user and the rows they hang off; no writes. Views, consumers and templates
ask these, so the answer is the same over HTTP, WebSocket and in the admin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from engage.models import ModerationScope, Neighbourhood, Officer, User


def _signed_in(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return bool(user is not None and user.is_authenticated and user.is_active)


def officer_of(user: User | AnonymousUser | None) -> Officer | None:
    """The user's verified officer membership, or None (unverified officers are residents)."""
    if not _signed_in(user):
        return None
    officer = getattr(user, "officer", None)
    return officer if officer is not None and officer.is_verified else None


def is_officer(user: User | AnonymousUser | None) -> bool:
    return officer_of(user) is not None


def is_moderator(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return _signed_in(user) and getattr(user, "moderator", None) is not None


def is_call_handler(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return _signed_in(user) and getattr(user, "call_handler", None) is not None


def is_licensing_officer(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return _signed_in(user) and getattr(user, "licensing_officer", None) is not None


def licensing_unit_ids(user: User | AnonymousUser | None) -> frozenset[int]:
    """The units whose applications this licensing officer reviews (empty for anyone else)."""
    if not is_licensing_officer(user):
        return frozenset()
    officer = user.licensing_officer
    cached: frozenset[int] | None = getattr(officer, "_unit_ids", None)
    if cached is None:  # asked many times a request: one query, kept on the row
        cached = frozenset(officer.units.values_list("pk", flat=True))
        setattr(officer, "_unit_ids", cached)  # noqa: B010
    return cached


def is_staff_admin(user: User | AnonymousUser | None) -> TypeGuard[User]:
    return _signed_in(user) and bool(user.is_staff)


def serves(officer: Officer | None, neighbourhood: Neighbourhood) -> bool:
    """Does this verified officer's team look after the neighbourhood?"""
    return (
        officer is not None
        and officer.is_verified
        and neighbourhood.team_id is not None
        and officer.team_id == neighbourhood.team_id
    )


def moderation_scope(user: User | AnonymousUser | None) -> ModerationScope | None:
    """Where the user may moderate, or None if they are no (active) moderator."""
    return user.moderator.scope if is_moderator(user) else None


def moderates(user: User | AnonymousUser | None, neighbourhood: Neighbourhood) -> bool:
    """Global moderators moderate everywhere; scoped ones only their neighbourhoods."""
    scope = moderation_scope(user)
    return scope is not None and scope.covers(neighbourhood.pk)


def has_staff_role(user: User | AnonymousUser | None) -> bool:
    """Officers, moderators, call handlers, licensing officers and staff admins: the people
    staff pages are for (each of whom must pass two-factor first: engage/two_factor.py)."""
    return (
        is_officer(user)
        or is_moderator(user)
        or is_call_handler(user)
        or is_licensing_officer(user)
        or is_staff_admin(user)
    )


def role_names(user: User | AnonymousUser | None) -> list[str]:
    roles = []
    # Moderators get read-and-correct admin access (is_staff) to look records up; that makes
    # them no staff admin: the role is the superuser's, or a staff account's with no other.
    if is_staff_admin(user) and (user.is_superuser or not is_moderator(user)):
        roles.append("Staff admin")
    if is_moderator(user):
        roles.append("Moderator")
    if is_officer(user):
        roles.append("Officer")
    if is_call_handler(user):
        roles.append("Call handler")
    if is_licensing_officer(user):
        roles.append("Licensing officer")
    if _signed_in(user) and not roles:
        roles.append("Resident")
    return roles
