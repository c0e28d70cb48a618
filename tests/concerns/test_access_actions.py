"""What residents may do with a concern, over HTTP: support, follow, update, withdraw, edit and
resubmit, for its author, another resident and anonymous visitors, in every state.

Personas come from tests/conftest.py (`client_as` from tests/concerns/conftest.py). Staff
personas sign in with two-factor passed unless a test says otherwise; residents have no
authenticator.
"""

from __future__ import annotations

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from concerns.models import Follow, ResidentUpdate, Support
from tests.concerns.access import WORD, is_login_redirect
from tests.conftest import NON_PUBLIC_STATES, signed_in

pytestmark = pytest.mark.django_db


# --- 3. residents' actions ---------------------------------------------------------------------

ACTIONS = {
    "support": (lambda user: Support.objects.filter(user=user).exists(), {}),
    "follow": (lambda user: Follow.objects.filter(user=user).exists(), {}),
    "updates": (
        lambda user: ResidentUpdate.objects.filter(author=user).exists(),
        {"body": "It happened again this morning.", "danger": "no", "at_risk": "no"},
    ),
}


def post_action(client: Client, concern, action: str):
    data = {**ACTIONS[action][1], "submission_key": str(uuid.uuid4())}
    return client.post(f"/concerns/{concern.ref}/{action}/", data)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_another_resident_can_act_on_a_published_concern(other_resident, concern_by, action):
    """The control for the tests below: the same request does write when it is allowed."""
    concern = concern_by("published")

    response = post_action(signed_in(other_resident), concern, action)

    assert response.status_code == 302 and response.url == concern.get_absolute_url()
    assert ACTIONS[action][0](other_resident)


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("state", NON_PUBLIC_STATES)
def test_another_residents_action_on_a_non_public_concern_is_404_and_writes_nothing(
    other_resident, concern_by, state, action
):
    concern = concern_by(state)

    response = post_action(signed_in(other_resident), concern, action)

    assert response.status_code == 404
    assert not ACTIONS[action][0](other_resident)


@pytest.mark.parametrize("action", list(ACTIONS))
def test_an_anonymous_action_is_sent_to_sign_in_and_writes_nothing(client, concern_by, action):
    concern = concern_by("published")
    before = (Support.objects.count(), Follow.objects.count(), ResidentUpdate.objects.count())

    response = post_action(client, concern, action)

    assert is_login_redirect(response)
    assert (
        Support.objects.count(),
        Follow.objects.count(),
        ResidentUpdate.objects.count(),
    ) == before


@pytest.mark.parametrize("action", list(ACTIONS))
def test_actions_refuse_get(other_resident, concern_by, action):
    concern = concern_by("published")

    response = signed_in(other_resident).get(f"/concerns/{concern.ref}/{action}/")

    assert response.status_code == 405
    assert not ACTIONS[action][0](other_resident)


@pytest.mark.parametrize("state", ["published", "submitted"])
def test_only_the_author_can_withdraw_a_concern(other_resident, concern_by, state):
    concern = concern_by(state)

    response = signed_in(other_resident).post(f"/concerns/{concern.ref}/withdraw/")

    concern.refresh_from_db()
    assert response.status_code == (302 if state == "published" else 404)
    assert concern.status == state


def test_the_author_can_withdraw_their_concern(resident, concern_by):
    concern = concern_by("submitted")

    signed_in(resident).post(f"/concerns/{concern.ref}/withdraw/")

    concern.refresh_from_db()
    assert concern.status == "withdrawn"


def test_the_other_concern_actions_refuse_get_too(resident, concern_by):
    concern = concern_by("published")

    response = signed_in(resident).get(f"/concerns/{concern.ref}/unfollow/")

    concern.refresh_from_db()
    assert response.status_code == 405 and concern.status == "published"


def test_withdraw_by_get_only_asks_for_confirmation(resident, concern_by):
    concern = concern_by("published")

    response = signed_in(resident).get(f"/concerns/{concern.ref}/withdraw/")

    concern.refresh_from_db()
    assert response.status_code == 200 and concern.status == "published"
    assert "Withdrawing cannot be undone" in response.content.decode()


def test_withdraw_by_get_sends_someone_else_back_to_the_concern(other_resident, concern_by):
    concern = concern_by("published")

    response = signed_in(other_resident).get(f"/concerns/{concern.ref}/withdraw/")

    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()


# (who, the concern's state, what they get on GET)
EDIT_RETURNED_MATRIX = [
    ("anonymous", "returned", "login"),
    ("resident", "returned", 200),
    ("resident", "submitted", 404),
    ("resident", "published", 404),
    ("other_resident", "returned", 404),
    ("officer", "returned", 404),
    ("moderator", "returned", 404),
]


@pytest.mark.parametrize(("persona", "state", "expected"), EDIT_RETURNED_MATRIX)
def test_only_the_author_edits_a_concern_returned_to_them(
    client_as, concern_by, persona, state, expected
):
    concern = concern_by(state)

    response = client_as(persona).get(reverse("concerns:edit", args=[concern.ref]))

    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_another_residents_resubmission_is_404_and_changes_nothing(other_resident, concern_by):
    concern = concern_by("returned", title="The original wording")

    response = signed_in(other_resident).post(
        reverse("concerns:edit", args=[concern.ref]),
        {
            "title": "Vandalised",
            "body": "Rewritten by someone else",
            "category": concern.category_id,
            "neighbourhood": concern.neighbourhood.slug,
            "show_author_name": "name",
            "submission_key": str(uuid.uuid4()),
        },
    )

    concern.refresh_from_db()
    assert response.status_code == 404
    assert (concern.status, concern.title) == ("returned", "The original wording")


def test_following_a_tag_needs_sign_in_and_a_post(client, resident, concern_by):
    concern_by("published").tags.add(WORD)
    url = reverse("concerns:follow_tag", args=[WORD])

    assert is_login_redirect(client.post(url))
    assert signed_in(resident).get(url).status_code == 405
    assert (
        signed_in(resident).post(reverse("concerns:follow_tag", args=["nope"])).status_code == 404
    )
    assert not Follow.objects.filter(tag__isnull=False).exists()
    assert signed_in(resident).post(url).status_code == 302
    assert Follow.objects.filter(user=resident, tag__name=WORD).exists()
