"""Who may see an application: the applicant and the licensing officers of its unit, after
two-factor; call handlers and neighbourhood officers never (casework.access)."""

from casework import access
from casework.models import Case
from casework.states import Role


def test_the_applicant_and_the_units_officers_see_an_application(
    application_by, resident, licensing_officer
):
    case = application_by()

    assert access.roles_on(case, resident, verified=True) == {Role.REPORTER}
    assert access.roles_on(case, licensing_officer, verified=True) == {Role.LICENSING}
    assert access.visible_to(Case.objects.all(), licensing_officer, verified=True).count() == 1


def test_nobody_else_sees_an_application(
    application_by, other_resident, other_licensing_officer, call_handler, officer, moderator
):
    case = application_by()

    for person in (other_resident, other_licensing_officer, call_handler, officer, moderator):
        assert access.roles_on(case, person, verified=True) == set(), person
        assert not access.visible_to(Case.objects.all(), person, verified=True).exists(), person


def test_a_licensing_officer_sees_nothing_before_two_factor(application_by, licensing_officer):
    case = application_by()

    assert access.roles_on(case, licensing_officer, verified=False) == set()
    assert not access.visible_to(Case.objects.all(), licensing_officer, verified=False).exists()


def test_a_licensing_officer_never_sees_a_report(report_by, licensing_officer):
    report_by()

    assert not access.visible_to(Case.objects.all(), licensing_officer, verified=True).exists()
