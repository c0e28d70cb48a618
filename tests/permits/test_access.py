"""Who may see an application: the applicant and the licensing officers of its unit, after
two-factor; call handlers and neighbourhood officers never (casework.access)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from casework import access
from casework.models import Case
from casework.services import transition_case
from casework.states import CaseStatus, Role
from engage.refusals import NotAllowed
from tests.factories import ApplicationCaseFactory


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


def test_the_review_clock_stops_while_waiting_on_the_applicant(
    application_by, licensing_officer, resident
):
    case = application_by()
    due = case.triage_due_at
    case = transition_case(case, CaseStatus.MORE_INFO, actor=licensing_officer)
    assert case.paused_at is not None
    case.paused_at -= timedelta(days=3)  # as if the applicant took three days to answer
    case.save(update_fields=["paused_at"])

    case = transition_case(case, CaseStatus.UNDER_REVIEW, actor=resident)

    assert case.paused_at is None
    assert abs(case.triage_due_at - (due + timedelta(days=3))) < timedelta(seconds=5)
    assert case.closed_at is None and case.triage_due_at > timezone.now()


def test_a_decision_closes_the_application_and_drops_any_claim(application_by, licensing_officer):
    case = application_by(status=CaseStatus.UNDER_REVIEW, claimed_by=licensing_officer)

    case = transition_case(case, CaseStatus.GRANTED, actor=licensing_officer)

    assert case.closed_at is not None and case.claimed_by is None


def test_the_applicant_may_withdraw_but_never_decide(application_by, resident):
    with pytest.raises(NotAllowed):
        transition_case(application_by(), CaseStatus.GRANTED, actor=resident)
    case = transition_case(application_by(), CaseStatus.WITHDRAWN, actor=resident)
    assert case.status == CaseStatus.WITHDRAWN


def test_a_licensing_officer_never_reviews_their_own_application(licensing_officer, neighbourhood):
    """They apply like anyone else and see it as its applicant; a colleague reviews it."""
    own = ApplicationCaseFactory(reporter=licensing_officer, neighbourhood=neighbourhood)

    assert access.roles_on(own, licensing_officer, verified=True) == {Role.REPORTER}
    assert list(access.visible_to(Case.objects.all(), licensing_officer, verified=True)) == [own]
    with pytest.raises(NotAllowed):
        transition_case(own, CaseStatus.GRANTED, actor=licensing_officer)
