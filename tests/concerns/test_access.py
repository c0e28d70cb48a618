"""Who may see a concern, over HTTP: the detail page, short link and replies feed in every state
for every persona, and the lists non-public concerns never leak into.

Personas come from tests/conftest.py (`client_as` from tests/concerns/conftest.py). Staff
personas sign in with two-factor passed unless a test says otherwise; residents have no
authenticator.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from concerns.services import capacities
from concerns.states import PUBLIC_STATES
from tests.concerns.access import HAS_CAPACITY, PERSONAS, WORD, may_see, shows
from tests.conftest import ALL_STATES, NON_PUBLIC_STATES, signed_in
from tests.factories import ModeratorFactory, OfficerFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- 1. detail page, short link, replies feed: every state x every persona ---------------------


def test_the_state_lists_agree_with_the_state_machine():
    assert set(ALL_STATES) == set(NON_PUBLIC_STATES) | set(PUBLIC_STATES)
    assert not set(NON_PUBLIC_STATES) & set(PUBLIC_STATES)


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_only_the_author_the_team_moderators_and_staff_hold_capacities(
    request, persona, concern_by
):
    concern = concern_by("submitted")
    user = request.getfixturevalue(persona)

    assert bool(capacities(concern, user)) == (persona in HAS_CAPACITY)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_detail_page_is_shown_only_to_those_who_may_see_the_concern(
    client_as, concern_by, state, persona
):
    concern = concern_by(state)

    response = client_as(persona).get(concern.get_absolute_url())

    assert response.status_code == (200 if may_see(state, persona) else 404)
    if response.status_code == 200:
        assert shows(response, concern.title)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_short_link_redirects_only_those_who_may_see_the_concern(
    client_as, concern_by, state, persona
):
    concern = concern_by(state)

    response = client_as(persona).get(reverse("concerns:redirect", args=[concern.ref]))

    if may_see(state, persona):
        assert response.status_code == 302 and response.url == concern.get_absolute_url()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_replies_feed_exists_only_for_public_concerns_whoever_asks(
    client_as, concern_by, state, persona
):
    concern = concern_by(state)

    response = client_as(persona).get(reverse("concerns:concern_feed", args=[concern.ref]))

    assert response.status_code == (200 if state in PUBLIC_STATES else 404)


def test_a_moderator_scoped_to_another_neighbourhood_cannot_see_a_non_public_concern(
    concern_by, other_neighbourhood
):
    scoped = UserFactory(email="scoped.moderator@example.com")
    ModeratorFactory(user=scoped, neighbourhoods=[other_neighbourhood])
    TOTPDeviceFactory(user=scoped)
    concern = concern_by("submitted")

    response = signed_in(scoped, two_factor=True).get(concern.get_absolute_url())

    assert capacities(concern, scoped) == set()
    assert response.status_code == 404


def test_an_unverified_officer_of_the_team_is_only_a_resident(concern_by, neighbourhood):
    unverified = OfficerFactory(team=neighbourhood.team, unverified=True).user
    concern = concern_by("submitted")
    client = signed_in(unverified)

    assert client.get(concern.get_absolute_url()).status_code == 404
    assert client.get(f"/concerns/{concern.ref}/reply/").status_code == 403


def test_a_reference_is_found_whatever_its_case(client, concern_by):
    concern = concern_by("published")
    lower = concern.ref.lower()

    assert client.get(f"/concerns/{lower}/").status_code == 302
    assert client.get(f"/concerns/{lower}/{concern.slug}/").status_code == 200
    assert client.get(f"/concerns/{lower}/feed/").status_code == 200


def test_a_hidden_concern_with_a_wrong_slug_is_404_not_a_redirect_that_reveals_the_title(
    client, concern_by
):
    concern = concern_by("hidden")

    response = client.get(f"/concerns/{concern.ref}/anything/")

    assert response.status_code == 404


def test_an_unknown_reference_is_404(client):
    assert client.get("/concerns/C-000000/").status_code == 404
    assert client.get("/concerns/C-000000/some-slug/").status_code == 404
    assert client.get("/concerns/C-000000/feed/").status_code == 404


# --- 2. non-public concerns never leak into lists ---------------------------------------------

LISTS = {
    "public list": lambda place: reverse("concerns:list"),
    "neighbourhood page": lambda place: place.get_absolute_url(),
    "neighbourhood feed": lambda place: reverse("concerns:neighbourhood_feed", args=[place.slug]),
    "tag feed": lambda place: reverse("concerns:tag_feed", args=[WORD]),
    "search": lambda place: reverse("concerns:search") + f"?q={WORD}",
}


@pytest.mark.parametrize("viewer", ["anonymous", "other_resident"])
@pytest.mark.parametrize("page", list(LISTS))
def test_lists_show_published_concerns_and_never_non_public_ones(
    client_as, concern_by, neighbourhood, page, viewer
):
    concerns = {
        state: concern_by(state, title=f"Quokka sighting {state} by the canal")
        for state in ["published", *NON_PUBLIC_STATES]
    }
    for concern in concerns.values():
        concern.tags.add(WORD)

    response = client_as(viewer).get(LISTS[page](neighbourhood))

    assert response.status_code == 200
    assert shows(response, concerns["published"].title)
    leaked = [state for state in NON_PUBLIC_STATES if shows(response, concerns[state].title)]
    assert leaked == []


@pytest.mark.parametrize("viewer", ["anonymous", "other_resident"])
def test_a_tag_with_a_slash_does_not_break_the_list(client_as, concern_by, viewer):
    concern = concern_by("published", title="Music all night")
    concern.tags.add("24/7")
    client = client_as(viewer)
    client.raise_request_exception = False

    response = client.get(reverse("concerns:list"), {"tag": "24/7"})

    assert response.status_code == 200 and shows(response, concern.title)
