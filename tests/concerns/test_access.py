"""Who may see and do what with a concern: the permission matrix, over HTTP.

Personas come from tests/conftest.py. Staff personas (officers, the moderator, the staff admin)
sign in with two-factor passed unless a test says otherwise; residents have no authenticator.
"""

from __future__ import annotations

import uuid

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from concerns.models import (ConcernEvent, EventKind, Follow, Notification, Reply,
                             ResidentUpdate, Support)
from concerns.notifications import unsubscribe_path
from concerns.services import capacities, transition_concern
from concerns.states import OPEN_STATES, PUBLIC_STATES
from engage.models import EmailPreference, User
from tests.conftest import ALL_STATES, NON_PUBLIC_STATES, signed_in
from tests.factories import (ConcernFactory, ModeratorFactory, OfficerFactory, ReplyFactory,
                             ReplyTemplateFactory, TOTPDeviceFactory, UserFactory)

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "resident", "other_resident", "officer", "other_officer", "moderator",
            "staff_admin"]
STAFF = {"officer", "other_officer", "moderator", "staff_admin", "team_mate"}
# Who holds at least one capacity on a concern by `resident` in `neighbourhood`, and so may see
# it in any state: its author, the officers of its team, a global moderator, and staff admins.
# Pinned against `capacities()` itself by the second test below.
HAS_CAPACITY = {"resident", "officer", "moderator", "staff_admin"}
LOGIN = reverse("login")


@pytest.fixture
def client_as(request):
    """client_as("officer") -> a Client for that persona; staff pass two-factor by default."""

    def make(persona: str, *, two_factor: bool | None = None) -> Client:
        if persona == "anonymous":
            return Client()
        user = request.getfixturevalue(persona)
        return signed_in(user, two_factor=persona in STAFF if two_factor is None else two_factor)

    return make


def may_see(state: str, persona: str) -> bool:
    return state in PUBLIC_STATES or persona in HAS_CAPACITY


def shows(response, text: str) -> bool:
    """Is `text` on the page, as typed or HTML-escaped (an apostrophe becomes &#x27;)?"""
    content = response.content.decode()
    return text in content or escape(text) in content


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and response.url.startswith(LOGIN + "?next=")


# --- 1. detail page, short link, replies feed: every state x every persona ---------------------

def test_the_state_lists_agree_with_the_state_machine():
    assert set(ALL_STATES) == set(NON_PUBLIC_STATES) | set(PUBLIC_STATES)
    assert not set(NON_PUBLIC_STATES) & set(PUBLIC_STATES)


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_only_the_author_the_team_moderators_and_staff_hold_capacities(request, persona,
                                                                       concern_by):
    concern = concern_by("submitted")
    user = request.getfixturevalue(persona)

    assert bool(capacities(concern, user)) == (persona in HAS_CAPACITY)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_detail_page_is_shown_only_to_those_who_may_see_the_concern(client_as, concern_by,
                                                                        state, persona):
    concern = concern_by(state)

    response = client_as(persona).get(concern.get_absolute_url())

    assert response.status_code == (200 if may_see(state, persona) else 404)
    if response.status_code == 200:
        assert shows(response, concern.title)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_short_link_redirects_only_those_who_may_see_the_concern(client_as, concern_by,
                                                                     state, persona):
    concern = concern_by(state)

    response = client_as(persona).get(reverse("concerns:redirect", args=[concern.ref]))

    if may_see(state, persona):
        assert response.status_code == 302 and response.url == concern.get_absolute_url()
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("state", ALL_STATES)
def test_the_replies_feed_exists_only_for_public_concerns_whoever_asks(client_as, concern_by,
                                                                      state, persona):
    concern = concern_by(state)

    response = client_as(persona).get(reverse("concerns:concern_feed", args=[concern.ref]))

    assert response.status_code == (200 if state in PUBLIC_STATES else 404)


def test_a_moderator_scoped_to_another_neighbourhood_cannot_see_a_non_public_concern(
        concern_by, other_neighbourhood):
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
        client, concern_by):
    concern = concern_by("hidden")

    response = client.get(f"/concerns/{concern.ref}/anything/")

    assert response.status_code == 404


def test_an_unknown_reference_is_404(client):
    assert client.get("/concerns/C-000000/").status_code == 404
    assert client.get("/concerns/C-000000/some-slug/").status_code == 404
    assert client.get("/concerns/C-000000/feed/").status_code == 404


# --- 2. non-public concerns never leak into lists ---------------------------------------------

WORD = "quokka"
LISTS = {
    "public list": lambda place: reverse("concerns:list"),
    "neighbourhood page": lambda place: place.get_absolute_url(),
    "neighbourhood feed": lambda place: reverse("concerns:neighbourhood_feed", args=[place.slug]),
    "tag feed": lambda place: reverse("concerns:tag_feed", args=[WORD]),
    "search": lambda place: reverse("concerns:search") + f"?q={WORD}",
}


@pytest.mark.parametrize("viewer", ["anonymous", "other_resident"])
@pytest.mark.parametrize("page", list(LISTS))
def test_lists_show_published_concerns_and_never_non_public_ones(client_as, concern_by,
                                                                 neighbourhood, page, viewer):
    concerns = {state: concern_by(state, title=f"Quokka sighting {state} by the canal")
                for state in ["published", *NON_PUBLIC_STATES]}
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


# --- 3. residents' actions ---------------------------------------------------------------------

ACTIONS = {
    "support": (lambda user: Support.objects.filter(user=user).exists(), {}),
    "follow": (lambda user: Follow.objects.filter(user=user).exists(), {}),
    "updates": (lambda user: ResidentUpdate.objects.filter(author=user).exists(),
                {"body": "It happened again this morning.", "danger": "no", "at_risk": "no"}),
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
        other_resident, concern_by, state, action):
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
    assert (Support.objects.count(), Follow.objects.count(),
            ResidentUpdate.objects.count()) == before


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
def test_only_the_author_edits_a_concern_returned_to_them(client_as, concern_by, persona, state,
                                                          expected):
    concern = concern_by(state)

    response = client_as(persona).get(reverse("concerns:edit", args=[concern.ref]))

    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_another_residents_resubmission_is_404_and_changes_nothing(other_resident, concern_by):
    concern = concern_by("returned", title="The original wording")

    response = signed_in(other_resident).post(reverse("concerns:edit", args=[concern.ref]), {
        "title": "Vandalised", "body": "Rewritten by someone else", "category": concern.category_id,
        "neighbourhood": concern.neighbourhood.slug, "show_author_name": "name",
        "submission_key": str(uuid.uuid4())})

    concern.refresh_from_db()
    assert response.status_code == 404
    assert (concern.status, concern.title) == ("returned", "The original wording")


def test_following_a_tag_needs_sign_in_and_a_post(client, resident, concern_by):
    concern_by("published").tags.add(WORD)
    url = reverse("concerns:follow_tag", args=[WORD])

    assert is_login_redirect(client.post(url))
    assert signed_in(resident).get(url).status_code == 405
    assert signed_in(resident).post(reverse("concerns:follow_tag", args=["nope"])).status_code \
        == 404
    assert not Follow.objects.filter(tag__isnull=False).exists()
    assert signed_in(resident).post(url).status_code == 302
    assert Follow.objects.filter(user=resident, tag__name=WORD).exists()


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
def test_staff_pages_are_for_the_team_after_two_factor(client_as, concern_by, page, persona,
                                                       two_factor, state, expected):
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
        f"/concerns/{concern.ref}/status/", {"to": "submitted"})

    concern.refresh_from_db()
    assert response.status_code == 302 and concern.status == "published"


def test_an_unknown_status_is_refused_without_an_error(officer, concern_by):
    concern = concern_by("published")

    response = signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/status/", {"to": "nonsense"})

    concern.refresh_from_db()
    assert response.status_code == 302 and concern.status == "published"


def test_the_status_page_refuses_get(officer, concern_by):
    concern = concern_by("published")

    response = signed_in(officer, two_factor=True).get(f"/concerns/{concern.ref}/status/")

    assert response.status_code == 405


@pytest.mark.parametrize(("persona", "writes"), [("officer", True), ("other_officer", False),
                                                 ("moderator", False)])
def test_only_the_team_can_post_a_reply(client_as, concern_by, persona, writes):
    concern = concern_by("published")

    response = client_as(persona).post(f"/concerns/{concern.ref}/reply/",
                                       {"body": "We will patrol at drop-off.", "move_to": ""})

    assert response.status_code == (302 if writes else 403)
    assert Reply.objects.filter(concern=concern).exists() == writes


def test_a_reply_carries_the_officers_badge_not_their_display_name(officer, concern_by):
    concern = concern_by("published")

    signed_in(officer, two_factor=True).post(f"/concerns/{concern.ref}/reply/",
                                             {"body": "We will patrol.", "move_to": ""})

    assert Reply.objects.get(concern=concern).badge == officer.officer.badge
    assert "Jane Smith" in officer.officer.badge


@pytest.mark.parametrize("state", ["published", "responded", "resolved"])
def test_the_team_records_an_outcome_and_resolves_the_concern(officer, concern_by, state):
    concern = concern_by(state)

    response = signed_in(officer, two_factor=True).post(
        f"/concerns/{concern.ref}/outcome/", {"outcome": "We patrolled **daily**."})

    concern.refresh_from_db()
    assert response.status_code == 302 and response.url == concern.get_absolute_url()
    assert concern.status == "resolved" and "<strong>daily</strong>" in concern.outcome_html


@pytest.mark.parametrize("state", ["closed", "submitted", "hidden"])
def test_recording_an_outcome_the_state_machine_forbids_is_refused_not_a_crash(
        officer, concern_by, state):
    concern = concern_by(state)
    client = signed_in(officer, two_factor=True)
    client.raise_request_exception = False

    response = client.post(f"/concerns/{concern.ref}/outcome/", {"outcome": "We patrolled."})

    concern.refresh_from_db()
    assert response.status_code in (302, 400)
    assert concern.status == state and concern.outcome == ""


def test_a_reply_template_of_the_team_fills_the_reply(officer, concern_by, neighbourhood,
                                                      other_neighbourhood):
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
def test_only_the_officer_who_wrote_a_reply_or_staff_can_edit_it(client_as, officer, concern_by,
                                                                 persona, expected, edits):
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
        reverse("concerns:edit_reply", args=[elsewhere.ref, reply.pk]))

    assert response.status_code == 404


def test_staff_posts_need_the_csrf_token(officer, concern_by):
    concern = concern_by("published")
    client = signed_in(officer, two_factor=True)
    client.handler.enforce_csrf_checks = True

    response = client.post(f"/concerns/{concern.ref}/status/", {"to": "acknowledged"})

    concern.refresh_from_db()
    assert response.status_code == 403 and concern.status == "published"


# --- 5. the team dashboard ---------------------------------------------------------------------

@pytest.mark.parametrize(("persona", "expected"), [
    ("anonymous", "login"), ("resident", 403), ("moderator", 403), ("staff_admin", 403)])
def test_the_dashboard_is_only_for_officers(client_as, persona, expected):
    response = client_as(persona).get(reverse("concerns:dashboard"))

    if expected == "login":
        assert is_login_redirect(response)
    else:
        assert response.status_code == expected


def test_the_dashboard_lists_only_the_officers_own_teams_open_concerns(officer, concern_by,
                                                                       other_neighbourhood):
    ours = {state: concern_by(state, title=f"Our concern that is {state}")
            for state in ALL_STATES}
    theirs = ConcernFactory(neighbourhood=other_neighbourhood, published=True,
                            title="Their concern in Holloway")

    response = signed_in(officer, two_factor=True).get(reverse("concerns:dashboard"))

    assert response.status_code == 200
    listed = {state for state, concern in ours.items() if shows(response, concern.title)}
    assert listed == set(OPEN_STATES)
    assert not shows(response, theirs.title)


def test_the_dashboard_needs_two_factor(officer):
    response = signed_in(officer).get(reverse("concerns:dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))


# --- 6. a resident's own pages -----------------------------------------------------------------

MY_PAGES = ["concerns:mine", "concerns:following", "concerns:notifications"]


@pytest.mark.parametrize("name", MY_PAGES)
def test_my_pages_send_anonymous_visitors_to_sign_in(client, name):
    assert is_login_redirect(client.get(reverse(name)))


def notify(user, concern) -> None:
    event = ConcernEvent.objects.create(concern=concern, kind=EventKind.STATUS,
                                        to_status=concern.status, is_public=True)
    Notification.objects.create(user=user, event=event, message=f"“{concern.title}” changed")


@pytest.mark.parametrize("name", MY_PAGES)
def test_my_pages_show_only_my_own_things(resident, other_resident, concern_by, neighbourhood,
                                          name):
    mine = concern_by("submitted", title="My own pothole on Camden Road")
    theirs = ConcernFactory(neighbourhood=neighbourhood, author=other_resident,
                            status="submitted", title="Somebody else's private worry")
    for user, concern in ((resident, mine), (other_resident, theirs)):
        Follow.objects.get_or_create(user=user, concern=concern)
        notify(user, concern)

    response = signed_in(resident).get(reverse(name))

    assert response.status_code == 200
    assert shows(response, mine.title)
    assert not shows(response, theirs.title)


@pytest.mark.parametrize("state", ["hidden", "withdrawn"])
def test_a_followed_concern_that_stops_being_public_leaves_the_followers_page(
        other_resident, concern_by, state):
    concern = concern_by("published", title="Named and shamed on Camden Road")
    Follow.objects.create(user=other_resident, concern=concern)
    client = signed_in(other_resident)
    assert shows(client.get(reverse("concerns:following")), concern.title)
    type(concern).objects.filter(pk=concern.pk).update(status=state)

    response = client.get(reverse("concerns:following"))

    assert response.status_code == 200
    assert not shows(response, concern.title)


def test_followers_are_not_sent_the_title_of_a_concern_a_moderator_hid(other_resident,
                                                                        moderator, concern_by):
    concern = concern_by("published", title="Named and shamed on Camden Road")
    Follow.objects.create(user=other_resident, concern=concern)

    transition_concern(concern, "hidden", actor=moderator, note="Names a private person")

    response = signed_in(other_resident).get(reverse("concerns:notifications"))
    assert response.status_code == 200
    assert not shows(response, concern.title)
    assert not any(concern.title in message for message in
                   other_resident.notifications.values_list("message", flat=True))


# --- 7. unsubscribing from email ----------------------------------------------------------------

def token_of(user) -> str:
    return unsubscribe_path(user).rstrip("/").rsplit("/", 1)[-1]


def with_flipped_signature(user) -> str:
    """The user's own token with one character of its signature changed."""
    value, stamp, signature = token_of(user).rsplit(":", 2)
    middle = len(signature) // 2
    flipped = "B" if signature[middle] == "A" else "A"
    return f"{value}:{stamp}:{signature[:middle]}{flipped}{signature[middle + 1:]}"


def naming_someone_else(user) -> str:
    """The user's signature and timestamp on a payload that names another account."""
    other = UserFactory(email="victim@example.com")
    _, stamp, signature = token_of(user).rsplit(":", 2)
    value = token_of(other).rsplit(":", 2)[0]
    return f"{value}:{stamp}:{signature}"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("make_token", [
    pytest.param(with_flipped_signature, id="tampered-signature"),
    pytest.param(naming_someone_else, id="tampered-payload"),
    pytest.param(lambda user: signing.dumps(user.pk), id="signed-for-something-else"),
    pytest.param(lambda user: "not-a-token", id="garbage"),
])
def test_a_bad_unsubscribe_token_is_400_and_changes_nothing(client, resident, method,
                                                            make_token):
    token = make_token(resident)

    response = getattr(client, method)(reverse("concerns:unsubscribe", args=[token]))

    assert response.status_code == 400
    assert not User.objects.filter(email_preference=EmailPreference.NEVER).exists()


def test_opening_the_unsubscribe_link_only_asks(client, resident):
    response = client.get(unsubscribe_path(resident))

    resident.refresh_from_db()
    assert response.status_code == 200 and b"Stop all emails" in response.content
    assert resident.email_preference == EmailPreference.IMMEDIATE


def test_confirming_the_unsubscribe_link_stops_emails(client, resident, other_resident):
    response = client.post(unsubscribe_path(resident))

    resident.refresh_from_db()
    other_resident.refresh_from_db()
    assert response.status_code == 200
    assert resident.email_preference == EmailPreference.NEVER
    assert other_resident.email_preference == EmailPreference.IMMEDIATE


def test_an_unsubscribe_link_for_a_deleted_account_is_400(client):
    user = UserFactory(email="gone@example.com")
    path = unsubscribe_path(user)
    user.delete()

    assert client.post(path).status_code == 400
