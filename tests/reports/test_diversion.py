"""From a public concern to a private report: a concern a moderator diverted as a crime is
offered to its author as a prefilled report, in one click, never published."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Case
from concerns import services as concern_services
from concerns.models import Category, Concern
from moderation import services as moderation_services
from moderation.models import QueueItem
from moderation.services import Ruling
from reports.models import ReportDraft
from tests.conftest import signed_in
from tests.factories import CategoryFactory, PostcodeAreaFactory
from tests.reports import BIKE_STEPS, url

pytestmark = pytest.mark.django_db

TITLE = "My bike was stolen outside the library"
BODY = "Someone cut the lock on my bike at the library racks on Tuesday afternoon."


@pytest.fixture
def diverted(resident, neighbourhood, moderator):
    """`diverted(to)`: a concern by `resident`, diverted by the moderator from the queue."""

    def make(to: str = "crime_report") -> Concern:
        category = Category.objects.first() or CategoryFactory()
        concern = concern_services.submit_concern(
            author=resident,
            title=TITLE,
            body=BODY,
            category=category,
            neighbourhood=neighbourhood,
            submission_key=uuid.uuid4(),
            acknowledged_emergency=True,
        )
        item = QueueItem.objects.get(concern=concern, kind="concern", state="pending")
        moderation_services.decide(
            item=item,
            moderator=moderator,
            ruling=Ruling(
                action="divert", version=item.version, diverted_to=to, reason_extra="A crime."
            ),
        )
        concern.refresh_from_db()
        return concern

    return make


def test_the_diversion_decision_closes_the_concerns_queue_item(diverted):
    concern = diverted()
    assert concern.status == "diverted" and concern.diverted_to == "crime_report"
    assert not QueueItem.objects.filter(concern=concern, state="pending").exists()
    assert QueueItem.objects.get(concern=concern, kind="concern").state == "decided"


def test_the_author_is_offered_a_private_report_on_their_concerns_page(diverted, resident):
    concern = diverted()
    page = signed_in(resident).get(concern.get_absolute_url()).content.decode()
    assert reverse("reports:from_concern", kwargs={"ref": concern.ref}) in page
    assert "Report it privately as a crime" in page


def test_a_concern_diverted_elsewhere_offers_no_report(diverted, resident):
    concern = diverted("101")
    page = signed_in(resident).get(concern.get_absolute_url()).content.decode()
    assert reverse("reports:from_concern", kwargs={"ref": concern.ref}) not in page
    assert signed_in(resident).post(url_for(concern)).status_code == 404


def url_for(concern: Concern) -> str:
    return reverse("reports:from_concern", kwargs={"ref": concern.ref})


def test_one_click_starts_a_prefilled_report_that_is_sent_privately(
    diverted, resident, neighbourhood
):
    PostcodeAreaFactory(code="NW1 7", neighbourhood=neighbourhood)
    concern = diverted()
    client = signed_in(resident)
    response = client.post(url_for(concern))
    draft = ReportDraft.objects.get()
    assert draft.source_concern_ref == concern.ref and draft.owner == resident
    assert response["Location"] == url(draft, "type")  # the type is chosen next
    assert client.post(url_for(concern))["Location"] == url(draft, "type")  # no second draft
    assert ReportDraft.objects.count() == 1

    chosen = client.post(url(draft, "type"), {"kind": "crime.theft"})
    assert chosen["Location"] == url(draft, "when")  # "what" is answered already
    what = client.get(url(draft, "what")).content.decode()
    assert TITLE in what and "cut the lock" in what
    for step in ("when", "where", "what"):
        client.post(url(draft, step), BIKE_STEPS[step] if step != "what" else {"text": BODY})
    client.post(url(draft, "items"), {"continue": "1"})
    client.post(url(draft, "people"), BIKE_STEPS["people"])
    client.post(url(draft, "witnesses"), BIKE_STEPS["witnesses"])
    client.post(url(draft, "contact"), BIKE_STEPS["contact"])
    assert client.post(url(draft, "check"), {"send": "1"})["Location"] == url(draft, "sent")

    case = Case.objects.get()
    assert case.source_concern_ref == concern.ref and case.summary == BODY
    concern.refresh_from_db()
    assert concern.status == "diverted" and not concern.is_public  # never published
    assert BODY not in Client().get(reverse("concerns:list")).content.decode()


def test_nobody_else_may_turn_the_concern_into_a_report(diverted, other_resident, moderator):
    concern = diverted()
    assert signed_in(other_resident).get(url_for(concern)).status_code == 404
    assert signed_in(other_resident).post(url_for(concern)).status_code == 404
    assert signed_in(moderator, two_factor=True).post(url_for(concern)).status_code == 404
    assert Client().post(url_for(concern)).status_code == 302  # to sign in
    assert not ReportDraft.objects.exists()
