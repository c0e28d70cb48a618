"""What screening tells a resident before anything is accepted: 999 for emergencies (new
concerns and updates alike), and the online crime report for crimes."""

from __future__ import annotations

import uuid

from concerns.models import Category, ResidentUpdate
from tests.conftest import signed_in


def test_an_emergency_in_an_update_gets_the_999_page_before_it_is_accepted(
    concern_by, other_resident
):
    concern = concern_by("published")
    client = signed_in(other_resident)
    url = f"/concerns/{concern.ref}/updates/"
    key = str(uuid.uuid4())
    body = "He is outside again right now with a knife."

    answers = {"danger": "no", "at_risk": "no"}
    page = client.post(url, {"body": body, "submission_key": key, **answers})

    assert "call 999 now" in page.content.decode() and not ResidentUpdate.objects.exists()
    client.post(url, {"body": body, "submission_key": key, "emergency_understood": "1", **answers})
    update = ResidentUpdate.objects.get()
    assert update.lane == "urgent" and update.status == "submitted"


def test_a_crime_gets_a_way_to_report_it_instead(neighbourhood, resident, settings):
    category = Category.objects.first()

    page = signed_in(resident).post(
        "/concerns/new/",
        {
            "title": "My bike was stolen",
            "body": "Someone stole my bike from the rack yesterday.",
            "category": category.pk,
            "neighbourhood": neighbourhood.name,
            "show_author_name": "name",
            "submission_key": str(uuid.uuid4()),
        },
    )

    html = page.content.decode()
    assert "Report it as a crime instead" in html and 'href="/report/"' in html
