"""Private means private for pages issue 19 added: the demo mailbox (others' sign-up links)
and a team's reply templates, as a matrix of personas."""

from __future__ import annotations

import pytest

from concerns import services
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def personas(client, resident, other_officer, officer, moderator):
    return {
        "anonymous": client,
        "a resident": signed_in(resident),
        "another team's officer": signed_in(other_officer, two_factor=True),
        "the team's officer": signed_in(officer, two_factor=True),
        "a moderator": signed_in(moderator, two_factor=True),
    }


@pytest.mark.parametrize("persona", ["anonymous", "a resident"])
def test_the_demo_mailbox_is_for_staff_only(personas, persona, settings):
    settings.DEMO_MAILBOX = True
    response = personas[persona].get("/demo/mailbox/")
    assert response.status_code in (302, 403, 404)
    assert "mailbox" not in response.content.decode().lower() or response.status_code == 404
    assert personas["a moderator"].get("/demo/mailbox/").status_code == 200


def test_the_demo_mailbox_does_not_exist_outside_the_demo(personas, settings):
    settings.DEMO_MAILBOX = False
    assert personas["a moderator"].get("/demo/mailbox/").status_code == 404


@pytest.mark.parametrize("persona", ["anonymous", "a resident", "another team's officer"])
def test_a_teams_reply_templates_are_seen_by_its_own_officers_only(personas, persona, officer):
    services.add_reply_template(
        team_id=officer.officer.team_id,
        actor=officer,
        title="Camden wording",
        body="Our own words for Camden.",
    )
    response = personas[persona].get("/staff/team/templates/")
    assert "Our own words for Camden." not in response.content.decode()
    assert (
        "Our own words for Camden."
        in personas["the team's officer"].get("/staff/team/templates/").content.decode()
    )
