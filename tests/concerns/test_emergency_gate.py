"""The 999 gate lives in the services (acknowledged_emergency=): every way in, pages and the
APIs to come, gets the same rule, and the 999 advice comes before any other refusal."""

from __future__ import annotations

import uuid

import pytest

from concerns import services
from concerns.models import Concern, ResidentUpdate
from engage.refusals import EmergencyNotAcknowledged
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory()


EMERGENCY = "A man is waving a knife outside the station right now"


def _submit(resident, neighbourhood, category, **extra) -> Concern:
    return services.submit_concern(
        author=resident,
        title="Outside the station",
        body=EMERGENCY,
        category=category,
        neighbourhood=neighbourhood,
        submission_key=uuid.uuid4(),
        **extra,
    )


def test_an_emergency_concern_is_refused_until_its_writer_has_seen_the_999_page(
    resident, neighbourhood, category
):
    with pytest.raises(EmergencyNotAcknowledged):
        _submit(resident, neighbourhood, category)
    assert not Concern.objects.exists()

    concern = _submit(resident, neighbourhood, category, acknowledged_emergency=True)

    assert concern.lane == "urgent"


def test_the_999_advice_comes_before_an_unconfirmed_email_refusal(
    resident, neighbourhood, category
):
    resident.email_verified_at = None
    resident.save()

    with pytest.raises(EmergencyNotAcknowledged):
        _submit(resident, neighbourhood, category)


def test_a_calm_concern_needs_no_acknowledgement(resident, neighbourhood, category):
    concern = services.submit_concern(
        author=resident,
        title="Bins",
        body="Bins left out.",
        category=category,
        neighbourhood=neighbourhood,
        submission_key=uuid.uuid4(),
    )

    assert concern.pk


def test_an_emergency_update_is_refused_until_acknowledged(concern_by, other_resident):
    concern = concern_by("published")
    key = uuid.uuid4()

    with pytest.raises(EmergencyNotAcknowledged):
        services.add_update(
            concern=concern, author=other_resident, body=EMERGENCY, submission_key=key
        )
    assert not ResidentUpdate.objects.exists()

    update = services.add_update(
        concern=concern,
        author=other_resident,
        body=EMERGENCY,
        submission_key=key,
        acknowledged_emergency=True,
    )
    assert update.lane == "urgent"


def _returned(resident, neighbourhood, category, **extra) -> Concern:
    from concerns.states import ConcernStatus

    concern = services.submit_concern(
        author=resident,
        title="Bins",
        body="Bins left out.",
        category=category,
        neighbourhood=neighbourhood,
        submission_key=uuid.uuid4(),
        **extra,
    )
    Concern.objects.filter(pk=concern.pk).update(status=ConcernStatus.RETURNED)
    concern.refresh_from_db()
    return concern


def test_an_edited_returned_concern_meets_the_999_gate_too(resident, neighbourhood, category):
    concern = _returned(resident, neighbourhood, category)

    with pytest.raises(EmergencyNotAcknowledged):
        services.resubmit_concern(
            concern=concern, author=resident, title="Now", body=EMERGENCY, category=category
        )
    concern.refresh_from_db()
    assert concern.status == "returned" and concern.body == "Bins left out."

    services.resubmit_concern(
        concern=concern,
        author=resident,
        title="Now",
        body=EMERGENCY,
        category=category,
        acknowledged_emergency=True,
    )
    assert Concern.objects.get(pk=concern.pk).lane == "urgent"


def test_an_edit_keeps_a_concern_the_writer_said_puts_someone_at_risk_in_safeguarding(
    resident, neighbourhood, category
):
    concern = _returned(resident, neighbourhood, category, at_risk=True)
    assert concern.lane == "safeguarding"

    services.resubmit_concern(
        concern=concern,
        author=resident,
        title="Bins",
        body="Bins left out, nothing more.",
        category=category,
    )

    assert Concern.objects.get(pk=concern.pk).lane == "safeguarding"
