"""casework.access: the one rule of who may see a case, asked the same way for one case
(roles_on) and for a list (visible_to)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from casework import access
from casework.models import Case
from casework.states import Role

pytestmark = pytest.mark.django_db

PERSONAS = [
    "anonymous",
    "resident",
    "other_resident",
    "officer",
    "other_officer",
    "call_handler",
    "moderator",
    "staff_admin",
]


@pytest.fixture
def person(request):
    def get(name):
        return AnonymousUser() if name == "anonymous" else request.getfixturevalue(name)

    return get


@pytest.mark.parametrize("name", PERSONAS)
@pytest.mark.parametrize("assigned", [False, True])
def test_one_case_and_the_list_agree_on_who_sees_it(report_by, person, name, assigned):
    case = report_by(with_team=True) if assigned else report_by()
    user = person(name)

    one = access.may_view(case, user, verified=True)
    listed = access.visible_to(Case.objects.all(), user, verified=True).filter(pk=case.pk).exists()

    expected = name in {"resident", "call_handler"} or (assigned and name == "officer")
    assert one is listed is expected


@pytest.mark.parametrize("name", ["officer", "call_handler"])
def test_staff_powers_need_two_factor(report_by, person, name):
    case = report_by(with_team=True)
    user = person(name)

    assert access.roles_on(case, user, verified=False) == set()
    assert not access.visible_to(Case.objects.all(), user, verified=False).exists()


def test_the_reporter_is_the_reporter_with_or_without_two_factor(report_by, resident):
    case = report_by()

    assert access.roles_on(case, resident, verified=False) == {Role.REPORTER}


def test_an_unverified_officer_of_the_team_sees_nothing(report_by, neighbourhood):
    from tests.factories import OfficerFactory

    unverified = OfficerFactory(team=neighbourhood.team, unverified=True).user
    case = report_by(with_team=True)

    assert not access.may_view(case, unverified, verified=True)


def test_a_deactivated_call_handler_sees_nothing(report_by, call_handler):
    call_handler.is_active = False

    assert not access.may_view(report_by(), call_handler, verified=True)
