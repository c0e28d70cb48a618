"""A resident's own pages (my concerns, following, notifications) and email unsubscribe links,
over HTTP: each person sees only their own, and a bad link changes nothing.

Personas come from tests/conftest.py (`client_as` from tests/concerns/conftest.py). Staff
personas sign in with two-factor passed unless a test says otherwise; residents have no
authenticator.
"""

from __future__ import annotations

import pytest
from django.core import signing
from django.urls import reverse

from concerns.models import ConcernEvent, EventKind, Follow, Notification
from concerns.services import transition_concern
from concerns.services.notifications import unsubscribe_path
from engage.models import EmailPreference, User
from tests.concerns.access import is_login_redirect, shows
from tests.conftest import signed_in
from tests.factories import ConcernFactory, UserFactory

pytestmark = pytest.mark.django_db


# --- 6. a resident's own pages -----------------------------------------------------------------

MY_PAGES = ["concerns:mine", "concerns:following", "concerns:notifications"]


@pytest.mark.parametrize("name", MY_PAGES)
def test_my_pages_send_anonymous_visitors_to_sign_in(client, name):
    assert is_login_redirect(client.get(reverse(name)))


def notify(user, concern) -> None:
    event = ConcernEvent.objects.create(
        concern=concern, kind=EventKind.STATUS, to_status=concern.status, is_public=True
    )
    Notification.objects.create(user=user, event=event, message=f"“{concern.title}” changed")


@pytest.mark.parametrize("name", MY_PAGES)
def test_my_pages_show_only_my_own_things(
    resident, other_resident, concern_by, neighbourhood, name
):
    mine = concern_by("submitted", title="My own pothole on Camden Road")
    theirs = ConcernFactory(
        neighbourhood=neighbourhood,
        author=other_resident,
        status="submitted",
        title="Somebody else's private worry",
    )
    for user, concern in ((resident, mine), (other_resident, theirs)):
        Follow.objects.get_or_create(user=user, concern=concern)
        notify(user, concern)

    response = signed_in(resident).get(reverse(name))

    assert response.status_code == 200
    assert shows(response, mine.title)
    assert not shows(response, theirs.title)


@pytest.mark.parametrize("state", ["hidden", "withdrawn"])
def test_a_followed_concern_that_stops_being_public_leaves_the_followers_page(
    other_resident, concern_by, state
):
    concern = concern_by("published", title="Named and shamed on Camden Road")
    Follow.objects.create(user=other_resident, concern=concern)
    client = signed_in(other_resident)
    assert shows(client.get(reverse("concerns:following")), concern.title)
    type(concern).objects.filter(pk=concern.pk).update(status=state)

    response = client.get(reverse("concerns:following"))

    assert response.status_code == 200
    assert not shows(response, concern.title)


def test_followers_are_not_sent_the_title_of_a_concern_a_moderator_hid(
    other_resident, moderator, concern_by
):
    concern = concern_by("published", title="Named and shamed on Camden Road")
    Follow.objects.create(user=other_resident, concern=concern)

    transition_concern(concern, "hidden", actor=moderator, note="Names a private person")

    response = signed_in(other_resident).get(reverse("concerns:notifications"))
    assert response.status_code == 200
    assert not shows(response, concern.title)
    assert not any(
        concern.title in message
        for message in other_resident.notifications.values_list("message", flat=True)
    )


# --- 7. unsubscribing from email ----------------------------------------------------------------


def token_of(user) -> str:
    return unsubscribe_path(user).rstrip("/").rsplit("/", 1)[-1]


def with_flipped_signature(user) -> str:
    """The user's own token with one character of its signature changed."""
    value, stamp, signature = token_of(user).rsplit(":", 2)
    middle = len(signature) // 2
    flipped = "B" if signature[middle] == "A" else "A"
    return f"{value}:{stamp}:{signature[:middle]}{flipped}{signature[middle + 1 :]}"


def naming_someone_else(user) -> str:
    """The user's signature and timestamp on a payload that names another account."""
    other = UserFactory(email="victim@example.com")
    _, stamp, signature = token_of(user).rsplit(":", 2)
    value = token_of(other).rsplit(":", 2)[0]
    return f"{value}:{stamp}:{signature}"


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(with_flipped_signature, id="tampered-signature"),
        pytest.param(naming_someone_else, id="tampered-payload"),
        pytest.param(lambda user: signing.dumps(user.pk), id="signed-for-something-else"),
        pytest.param(lambda user: "not-a-token", id="garbage"),
    ],
)
def test_a_bad_unsubscribe_token_is_400_and_changes_nothing(client, resident, method, make_token):
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
