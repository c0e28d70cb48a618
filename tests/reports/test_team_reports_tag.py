"""The team dashboard lists the reports passed to the officer's own team, and only those."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import signed_in
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_the_team_dashboard_lists_its_open_reports_and_no_other_teams(
    report_by, officer, other_officer, other_neighbourhood
):
    ours = report_by(with_team=True)
    closed = report_by(with_team=True, status="closed")
    theirs = CaseFactory(with_team=True, neighbourhood=other_neighbourhood)

    page = signed_in(officer, two_factor=True).get(reverse("concerns:dashboard")).content.decode()
    other = signed_in(other_officer, two_factor=True).get(reverse("concerns:dashboard"))

    assert ours.reference in page and reverse("contact_centre:case", args=[ours.reference]) in page
    assert closed.reference not in page and theirs.reference not in page
    assert ours.reference not in other.content.decode()
    assert theirs.reference in other.content.decode()
