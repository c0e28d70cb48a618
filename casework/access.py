"""Who may see and act on a case: the one rule, asked by views, sockets, selectors and mail.

- the reporter (signed in when they reported) sees their own case, never anyone else's;
- call handlers see every report (they triage them all, like the Met's contact centre), and
  no application;
- licensing officers see the applications of the units they serve, and no report;
- verified officers see the reports passed to their team, and only those;
- nobody else: not moderators, not other residents, not staff admins as such (the admin shows
  a case's metadata only: casework/admin.py; an admin who needs a case's content is made a call
  handler, and is logged like any other).

Staff capacities count only after two-factor; the caller says whether it was passed
(`verified`), since HTTP and sockets learn it differently (engage.two_factor).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from casework.states import Counter, Role
from engage import permissions

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from casework.models import Case, CaseQuerySet
    from engage.models import User


def roles_on(case: Case, user: User | AnonymousUser | None, *, verified: bool) -> set[str]:
    """The capacities `user` holds on `case` (empty: they may not know it exists)."""
    roles: set[str] = set()
    if user is None or not user.is_authenticated or not user.is_active:
        return roles
    if case.reporter_id is not None and case.reporter_id == user.pk:
        roles.add(Role.REPORTER)
    if not verified:
        return roles
    if case.counter == Counter.PERMIT:
        own = Role.REPORTER in roles  # nobody reviews their own licence: a colleague does
        if not own and case.unit_id in permissions.licensing_unit_ids(user):
            roles.add(Role.LICENSING)
        return roles
    if permissions.is_call_handler(user):
        roles.add(Role.HANDLER)
    officer = permissions.officer_of(user)
    if officer is not None and case.team_id and case.team_id == officer.team_id:
        roles.add(Role.TEAM)
    return roles


STAFF_ROLES = frozenset({Role.HANDLER, Role.TEAM, Role.LICENSING})


def may_view(case: Case, user: User | AnonymousUser | None, *, verified: bool) -> bool:
    return bool(roles_on(case, user, verified=verified))


def is_staff_on(case: Case, user: User | AnonymousUser | None, *, verified: bool) -> bool:
    return bool(roles_on(case, user, verified=verified) & STAFF_ROLES)


def visible_to(
    rows: CaseQuerySet, user: User | AnonymousUser | None, *, verified: bool
) -> CaseQuerySet:
    """`rows` narrowed to the cases `user` may see, by the same rule as `roles_on`."""
    if user is None or not user.is_authenticated or not user.is_active:
        return rows.none()
    seen = Q(reporter=user)
    if verified and permissions.is_call_handler(user):
        seen |= Q(counter=Counter.REPORT)
    officer = permissions.officer_of(user)
    if verified and officer is not None:
        seen |= Q(counter=Counter.REPORT, team_id=officer.team_id)
    units = permissions.licensing_unit_ids(user) if verified else frozenset()
    if units:
        seen |= Q(counter=Counter.PERMIT, unit_id__in=units) & ~Q(reporter=user)
    return rows.filter(seen)
