"""engage/claims.py: the claim and version rules every staff queue shares."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Case
from engage import claims
from tests.factories import CaseFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_claim_is_exclusive_until_it_expires_and_bumps_the_version():
    case, first, second = CaseFactory(), UserFactory(), UserFactory()
    rows = Case.objects.untriaged()

    assert claims.claim(rows, case.pk, user=first, minutes=10)
    assert not claims.claim(rows, case.pk, user=second, minutes=10)
    assert claims.claim(rows, case.pk, user=first, minutes=10)  # extending your own
    Case.objects.filter(pk=case.pk).update(claim_expires_at=timezone.now() - timedelta(seconds=1))
    assert claims.claim(rows, case.pk, user=second, minutes=10)

    case.refresh_from_db()
    assert case.claimed_by == second and case.version == 4
    assert claims.claimed_by_other(case, first) and not claims.claimed_by_other(case, second)


def test_only_the_holder_releases_a_claim():
    case, holder, other = CaseFactory(), UserFactory(), UserFactory()
    rows = Case.objects.untriaged()
    claims.claim(rows, case.pk, user=holder, minutes=10)

    assert not claims.release(rows, case.pk, user=other)
    assert claims.release(rows, case.pk, user=holder)
    assert Case.objects.get(pk=case.pk).claimed_by is None


def test_a_change_carrying_an_old_version_is_refused():
    case = CaseFactory()
    rows = Case.objects.untriaged()

    assert claims.change_if_unchanged(rows, case.pk, version=1, grade_reason="first")
    assert not claims.change_if_unchanged(rows, case.pk, version=1, grade_reason="second")
    assert Case.objects.get(pk=case.pk).grade_reason == "first"


def test_a_row_that_left_the_queue_cannot_be_claimed_or_finished():
    case, user = CaseFactory(closed=True), UserFactory()
    rows = Case.objects.untriaged()

    assert not claims.claim(rows, case.pk, user=user, minutes=10)
    assert not claims.finish_if_unchanged(rows, case.pk, version=case.version, status="received")
