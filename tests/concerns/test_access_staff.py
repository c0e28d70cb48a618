"""What the team may do on a concern, over HTTP: the staff pages (reply, outcome, status) after
two-factor, editing replies, reply templates, and the team dashboard.

Personas come from tests/conftest.py (`client_as` from tests/concerns/conftest.py). Staff
personas sign in with two-factor passed unless a test says otherwise; residents have no
authenticator.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from concerns.models import Reply
from concerns.states import OPEN_STATES
from tests.concerns.access import is_login_redirect, shows
from tests.conftest import ALL_STATES, signed_in
from tests.factories import (
    ConcernFactory,
    OfficerFactory,
    ReplyFactory,
    ReplyTemplateFactory,
    TOTPDeviceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- 4. staff pages on one concern -------------------------------------------------------------

STAFF_PAGES = ["reply", "outcome", "status"]  # status is POST-only


def open_staff_page(client: Client, concern, page: str):
    url = f"/concerns/{concern.ref}/{page}/"
    if page == "status":
        return client.post(url, {"to": "acknowledged"})
    return client.get(url)


# (who, signed in with two-factor?, the concern's state, what they get)
STAFF_MATRIX = [
    ("anonymous", False, "published", "login"),
    ("resident", False, "published", 403),
    ("other_resident", False, "published", 403),
    ("officer", False, "published", "two-factor"),
    ("officer", True, "published", "ok"),
    ("staff_admin", True, "published", "ok"),
    ("other_officer", True, "published", 403),
    ("other_officer", True, "submitted", 404),
    ("other_officer", True, "hidden", 404),
    ("moderator", True, "published", 403),
    ("moderator", True, "submitted", 403),
]


@pytest.mark.parametrize("page", STAFF_PAGES)
@pytest.mark.parametrize(("persona", "two_factor", "state", "expected"), STAFF_MATRIX)
def test_staff_pages_are_for_the_team_after_two_factor(
    client_as, concern_by, page, persona, two_factor, state, expected
):
    concern = concern_by(state)

    response = open_staff_page(client_as(persona, two_factor=two_factor), concern, page)

    concern.refresh_from_db()
    if expected == "login":
        assert is_login_redirect(response)
    elif expected == "two-factor":
        assert response.status_code == 302
        assert response.url.startswith(reverse("two_factor_verify") + "?next=")
    elif expected == "ok" and page == "status":
        assert response.status_code == 302 and response.url == concern.get_absolute_url()
    elif expected == "ok":
        assert response.status_code == 200
    else:
        assert response.status_code == expected
    assert (concern.status == "acknowledged") == (expected == "ok" and page == "status")


def test_the_team_cannot_make_a_move_the_state_machine_forbids(officer, concern_by):
    concern = concern_by("published")

    response = signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/status/", {"to": "submitted"}
    )

    concern.refresh_from_db()
    assert response.status_code == 302 and concern.status == "published"


def test_an_unknown_status_is_refused_without_an_error(officer, concern_by):
    concern = concern_by("published")

    response = signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/status/", {"to": "nonsense"}
    )

    concern.refresh_from_db()
    assert response.status_code == 302 and concern.status == "published"


def test_the_status_page_refuses_get(officer, concern_by):
    concern = concern_by("published")

    response = signed_in(officer, two_factor=True).get(f"/concerns/{concern.ref}/status/")

    assert response.status_code == 405


@pytest.mark.parametrize(
    ("persona", "writes"), [("officer", True), ("other_officer", False), ("moderator", False)]
)
def test_only_the_team_can_post_a_reply(client_as, concern_by, persona, writes):
    concern = concern_by("published")

    response = client_as(persona).post(
        f"/concerns/{concern.ref}/reply/", {"body": "We will patrol at drop-off.", "move_to": ""}
    )

    assert response.status_code == (302 if writes else 403)
    assert Reply.objects.filter(concern=concern).exists() == writes


def test_a_reply_carries_the_officers_badge_not_their_display_name(officer, concern_by):
    concern = concern_by("published")

    signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/reply/", {"body": "We will patrol.", "move_to": ""}
    )

    assert Reply.objects.get(concern=concern).badge == officer.officer.badge
    assert "Jane Smith" in officer.officer.badge


@pytest.mark.parametrize("state", ["published", "responded", "resolved"])
def test_the_team_records_an_outcome_and_resolves_the_concern(officer, concern_by, state):
    concern = concern_by(state)

    response = signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/outcome/", {"outcome": "We patrolled **daily**."}
    )

    concern.refresh_from_db()
    assert response.status_code == 302 and response.url == concern.get_absolute_url()
    assert concern.status == "resolved" and "<strong>daily</strong>" in concern.outcome_html


@pytest.mark.parametrize("state", ["closed", "submitted", "hidden"])
def test_recording_an_outcome_the_state_machine_forbids_is_refused_not_a_crash(
    officer, concern_by, state
):
    concern = concern_by(state)
    client = signed_in(officer, two_factor=True)
    client.raise_request_exception = False

    response = client.post(f"/concerns/{concern.ref}/outcome/", {"outcome": "We patrolled."})

    concern.refresh_from_db()
    assert response.status_code in (302, 400)
    assert concern.status == state and concern.outcome == ""


def test_a_reply_template_of_the_team_fills_the_reply(
    officer, concern_by, neighbourhood, other_neighbourhood
):
    ours = ReplyTemplateFactory(team=neighbourhood.team, body="Our canned answer about bins.")
    theirs = ReplyTemplateFactory(team=other_neighbourhood.team, body="Their secret wording.")
    concern = concern_by("published")
    client = signed_in(officer, two_factor=True)

    with_ours = client.get(f"/concerns/{concern.ref}/reply/?template={ours.pk}")
    with_theirs = client.get(f"/concerns/{concern.ref}/reply/?template={theirs.pk}")

    assert with_ours.status_code == 200 and shows(with_ours, ours.body)
    assert with_theirs.status_code == 200 and not shows(with_theirs, theirs.body)


def test_a_mangled_template_choice_is_ignored(officer, concern_by):
    concern = concern_by("published")
    client = signed_in(officer, two_factor=True)
    client.raise_request_exception = False

    response = client.get(f"/concerns/{concern.ref}/reply/?template=abc")

    assert response.status_code == 200


@pytest.fixture
def team_mate(neighbourhood):
    """A second verified officer of `officer`'s team, with two-factor set up."""
    mate = OfficerFactory(team=neighbourhood.team, user=UserFactory(email="mate@example.com"))
    TOTPDeviceFactory(user=mate.user)
    return mate.user


def edit_reply_url(reply) -> str:
    return reverse("concerns:edit_reply", args=[reply.concern.ref, reply.pk])


# (who, what they get on GET, whether their POST changes the reply)
EDIT_REPLY_MATRIX = [
    ("anonymous", "login", False),
    ("resident", 403, False),
    ("other_officer", 403, False),
    ("moderator", 403, False),
    ("officer", 200, True),  # wrote it
    ("team_mate", 403, False),  # same team, but only the writer (or staff) may edit
    ("staff_admin", 403, False),  # superusers answer for any team, but edit only their own
]


@pytest.mark.parametrize(("persona", "expected", "edits"), EDIT_REPLY_MATRIX)
def test_only_the_officer_who_wrote_a_reply_or_staff_can_edit_it(
    client_as, officer, concern_by, persona, expected, edits
):
    reply = ReplyFactory(concern=concern_by("published"), author=officer, body="Original words.")
    client = client_as(persona)

    response = client.get(edit_reply_url(reply))
    client.post(edit_reply_url(reply), {"body": "Changed words."})

    reply.refresh_from_db()
    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected
    assert (reply.body == "Changed words.") == edits


def test_a_reply_is_edited_only_through_its_own_concern(officer, concern_by, neighbourhood):
    reply = ReplyFactory(concern=concern_by("published"), author=officer)
    elsewhere = ConcernFactory(neighbourhood=neighbourhood, published=True)

    response = signed_in(officer, two_factor=True).get(
        reverse("concerns:edit_reply", args=[elsewhere.ref, reply.pk])
    )

    assert response.status_code == 404


def test_staff_posts_need_the_csrf_token(officer, concern_by):
    concern = concern_by("published")
    client = signed_in(officer, two_factor=True)
    client.handler.enforce_csrf_checks = True

    response = client.post(f"/concerns/{concern.ref}/status/", {"to": "acknowledged"})

    concern.refresh_from_db()
    assert response.status_code == 403 and concern.status == "published"


# --- 5. the team dashboard ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("anonymous", "login"), ("resident", 403), ("moderator", 403), ("staff_admin", 403)],
)
def test_the_dashboard_is_only_for_officers(client_as, persona, expected):
    response = client_as(persona).get(reverse("concerns:dashboard"))

    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_the_dashboard_lists_only_the_officers_own_teams_open_concerns(
    officer, concern_by, other_neighbourhood
):
    ours = {state: concern_by(state, title=f"Our concern that is {state}") for state in ALL_STATES}
    theirs = ConcernFactory(
        neighbourhood=other_neighbourhood, published=True, title="Their concern in Holloway"
    )

    response = signed_in(officer, two_factor=True).get(reverse("concerns:dashboard"))

    assert response.status_code == 200
    listed = {state for state, concern in ours.items() if shows(response, concern.title)}
    assert listed == set(OPEN_STATES)
    assert not shows(response, theirs.title)


def test_the_dashboard_needs_two_factor(officer):
    response = signed_in(officer).get(reverse("concerns:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))
