"""A force adds an application type in the admin, through the admin's own forms, and it is
offered, applied for, reviewed by the unit it names and decided, with no code change. Names
the fixed pages use are refused there with a message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from casework.models import Case
from casework.states import CaseStatus
from engage.models import LicensingUnit
from permits.models import ApplicationType, Question
from permits.services import review
from tests.conftest import signed_in
from tests.factories import LicensingOfficerFactory, TOTPDeviceFactory, UserFactory
from tests.permits.applying import start, walk, when

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:permits_applicationtype_add")


def admin_form(unit: LicensingUnit, **overrides: str) -> dict[str, str]:
    """What the admin's add page posts: the type's fields and two question rows inline."""
    form = {
        "name": "Tell us about a street collection",
        "slug": "street-collection",
        "summary": "Charities collecting money in the street.",
        "guidance": "Collections on the street also need the council's permit.",
        "unit": str(unit.pk),
        "active": "on",
        "order": "5",
        "lead_days": "14",
        "late_notice": "We ask for 14 clear days; we have your notice.",
        "review_days": "10",
        "valid_years": "0",
        "fee": "£10 administration fee.",
        "how_to_pay": "We send an invoice.",
        "retention_days": "365",
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
    }
    rows = [
        ("10", "charity", "What kind of charity is it?", "choice", "Registered\nCommunity group"),
        ("20", "day", "When is the collection?", "date", ""),
    ]
    for n, (order, key, label, kind, choices) in enumerate(rows):
        form |= {
            f"questions-{n}-order": order,
            f"questions-{n}-key": key,
            f"questions-{n}-label": label,
            f"questions-{n}-kind": kind,
            f"questions-{n}-choices": choices,
            f"questions-{n}-required": "on",
            f"questions-{n}-publish_as": "starts" if kind == "date" else "",
        }
    return form | overrides


@pytest.fixture
def admin_client(staff_admin):
    return signed_in(staff_admin, two_factor=True)


@pytest.fixture
def collections_unit():
    return LicensingUnit.objects.create(slug="collections", name="Street Collections Unit")


def test_a_type_added_through_the_admin_is_applied_for_reviewed_and_granted(
    admin_client, collections_unit, resident
):
    response = admin_client.post(ADD_URL, admin_form(collections_unit))
    assert response.status_code == 302, response.content.decode()[:2000]
    kind = ApplicationType.objects.get(slug="street-collection")
    assert list(kind.questions.values_list("key", flat=True)) == ["charity", "day"]

    listed = signed_in(resident).get(reverse("permits:index")).content.decode()
    assert "Tell us about a street collection" in listed
    client = signed_in(resident)
    _, first = start(client, "street-collection")
    check, asked = walk(client, first, {"charity": {"answer": "Community group"}, "day": when(3)})
    assert asked == ["charity", "day"]
    page = client.get(check).content.decode()
    assert "£10 administration fee." in page and "We ask for 14 clear days" in page
    assert client.post(check, {"send": "1"}).status_code == 302
    case = Case.objects.get(kind="permit.street-collection")
    assert case.unit == collections_unit and case.application.late

    officer = UserFactory()
    LicensingOfficerFactory(user=officer, units=[collections_unit])
    TOTPDeviceFactory(user=officer)
    queue = signed_in(officer, two_factor=True).get(reverse("licensing:queue"))
    assert case.reference in queue.content.decode()
    review.grant(case, officer=officer, version=case.version)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.GRANTED


def test_the_admin_refuses_a_type_or_question_named_like_a_fixed_page(
    admin_client, collections_unit
):
    response = admin_client.post(ADD_URL, admin_form(collections_unit, slug="saved"))
    assert response.status_code == 200
    assert "is the address of another page" in response.content.decode()
    response = admin_client.post(
        ADD_URL, admin_form(collections_unit, **{"questions-0-key": "check"})
    )
    assert response.status_code == 200
    assert "is used by the application pages" in response.content.decode()
    assert not ApplicationType.objects.filter(name__startswith="Tell us about a street").exists()


def test_reserved_names_are_refused_outside_the_admin_too(collections_unit):
    kind = ApplicationType(slug="drafts", name="x", summary="x", unit=collections_unit)
    with pytest.raises(ValidationError):
        kind.full_clean()
    with pytest.raises(ValidationError):
        Question(type=ApplicationType.objects.first(), key="sent", label="x").full_clean()
