"""Ask first (engage.safety): the danger questions before any form where a resident writes."""

from __future__ import annotations

import uuid

import pytest

from concerns.models import Category, Concern, ResidentUpdate
from tests.conftest import signed_in


@pytest.fixture
def asked(resident):
    """The resident, signed in, who has not answered the questions yet."""
    return signed_in(resident, danger_answered=False)


def answer(client, step: str, value: str, next_url: str = "/concerns/new/"):
    return client.post(
        f"/before-you-start/?step={step}", {"answer": value, "flow": "concern", "next": next_url}
    )


def test_the_concern_form_starts_with_the_danger_question(asked, neighbourhood):
    response = asked.get("/concerns/new/?neighbourhood=camden-town")

    assert response.status_code == 302
    assert response.url.startswith("/before-you-start/?flow=concern&next=")
    page = asked.get(response.url).content.decode()
    assert "Is anyone in danger, or is a crime happening now?" in page
    assert 'type="radio"' in page and 'href="tel:18000"' in page


def test_yes_to_danger_leads_to_the_999_page_and_nothing_else(asked):
    response = answer(asked, "danger", "yes")

    assert response.status_code == 302 and response.url == "/call-999/"
    page = asked.get("/call-999/").content.decode()
    for link in (
        'href="tel:999"',
        'href="tel:18000"',
        'href="tel:101"',
        'href="tel:116123"',
        "press 55",
        "999 BSL",
    ):
        assert link in page
    assert asked.get("/concerns/new/").status_code == 302  # still not answered


def test_no_then_no_opens_the_form(asked, neighbourhood):
    second = answer(asked, "danger", "no")
    assert "step=risk" in second.url
    assert (
        "Is a child or a vulnerable adult at risk of harm?"
        in asked.get(second.url).content.decode()
    )

    third = answer(asked, "risk", "no", "/concerns/new/?neighbourhood=camden-town")

    assert third.url == "/concerns/new/?neighbourhood=camden-town"
    assert asked.get(third.url).status_code == 200


def test_no_answer_is_an_error_a_resident_understands(asked):
    response = asked.post("/before-you-start/?step=danger", {"flow": "concern"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Select yes or no" in page


@pytest.mark.parametrize(
    "evil", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"]
)
def test_the_questions_never_send_anyone_to_another_site(asked, evil):
    response = answer(asked, "risk", "no", evil)
    assert response.url == "/concerns/new/"


def test_a_child_at_risk_leads_to_help_and_a_private_post_on_the_safeguarding_lane(
    asked, neighbourhood
):
    answer(asked, "danger", "no")
    help_url = answer(asked, "risk", "yes").url
    page = asked.get(help_url).content.decode()
    assert 'href="tel:08088005000"' in page and "Tell us privately" in page

    asked.post("/before-you-start/safeguarding/", {"flow": "concern", "next": "/concerns/new/"})
    form = asked.get("/concerns/new/").content.decode()
    assert "never published" in form
    asked.post(
        "/concerns/new/",
        {
            "neighbourhood": neighbourhood.name,
            "title": "Worried about next door",
            "body": "The family next door shout a lot.",
            "category": Category.objects.first().pk,
            "show_author_name": "anonymous",
            "submission_key": str(uuid.uuid4()),
            "submit": "1",
        },
    )

    concern = Concern.objects.get()
    assert concern.lane == "safeguarding"
    assert any(finding["detector"] == "at_risk" for finding in concern.screening)


def test_an_update_asks_both_questions_and_yes_to_danger_accepts_nothing(
    concern_by, other_resident
):
    concern = concern_by("published")
    client = signed_in(other_resident)
    page = client.get(concern.get_absolute_url()).content.decode()
    assert page.index("Is anyone in danger") < page.index('name="body"')

    url = f"/concerns/{concern.ref}/updates/"
    key = str(uuid.uuid4())
    called = client.post(
        url, {"danger": "yes", "at_risk": "no", "body": "Again tonight.", "submission_key": key}
    )
    assert "Call 999 now" in called.content.decode() and not ResidentUpdate.objects.exists()

    client.post(
        url, {"danger": "no", "at_risk": "yes", "body": "Again tonight.", "submission_key": key}
    )
    assert ResidentUpdate.objects.get().lane == "safeguarding"


def test_an_update_without_the_answers_is_refused_with_a_message(concern_by, other_resident):
    concern = concern_by("published")
    client = signed_in(other_resident)

    response = client.post(
        f"/concerns/{concern.ref}/updates/",
        {"body": "Again tonight.", "submission_key": str(uuid.uuid4())},
        follow=True,
    )

    assert not ResidentUpdate.objects.exists()
    assert "Select yes if anyone is in danger" in response.content.decode()
