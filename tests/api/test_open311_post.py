"""Open311 POST requests: through the web form's own service into the moderation queue,
answered with a token that resolves only once a moderator publishes the concern; keys issued
in the admin, refused when bad, limited per hour; refusals in the spec's error list."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse

from api.models import ApiKey, ApiSubmission, hash_key
from api.open311.services import issue_api_key
from concerns.models import BODY_MAX, Concern
from concerns.states import ConcernStatus
from moderation.models import Action, QueueItem
from tests.conftest import signed_in
from tests.factories import CategoryFactory
from tests.moderation.helpers import decide

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"
SQUARE = {"type": "Polygon", "coordinates": [[[-0.15, 51.53], [-0.13, 51.53], [-0.13, 51.55],
                                               [-0.15, 51.55], [-0.15, 51.53]]]}  # fmt: skip
QUIET = "Groups gather by the canal path every evening and leave litter and bottles."


@pytest.fixture
def category(db):
    return CategoryFactory(name="Night noise", slug="asb")


@pytest.fixture
def key(db):
    """An issued key and its raw value (shown once)."""
    return issue_api_key(name="FixMyStreet", rate_limit_per_hour=20)


@pytest.fixture
def place(neighbourhood):
    neighbourhood.boundary = SQUARE
    neighbourhood.save()
    return neighbourhood


def post(raw: str | None, fmt: str = "json", **fields):
    data = {"service_code": "asb", "lat": "51.54", "long": "-0.14", "description": QUIET}
    data.update(fields)
    if raw is not None:
        data["api_key"] = raw
    data = {name: value for name, value in data.items() if value is not None}
    response = Client().post(f"{BASE}/requests.{fmt}", data)
    body = response.content
    return response, (json.loads(body) if fmt == "json" else ET.fromstring(body))


def get(path: str):
    response = Client().get(f"{BASE}/{path}.json")
    return response.status_code, json.loads(response.content)


def test_a_post_waits_for_moderation_and_its_token_resolves_once_published(
    key, category, place, moderator
):
    response, [answer] = post(key[1])
    assert response.status_code == 200
    assert set(answer) == {"token", "service_notice"}
    concern = Concern.objects.get()
    assert concern.status == ConcernStatus.SUBMITTED
    assert concern.neighbourhood == place and concern.category == category
    item = QueueItem.objects.get(concern=concern)
    token = answer["token"]
    assert get(f"tokens/{token}") == (200, [])
    assert get(f"requests/{concern.ref}")[0] == 404
    assert get("requests")[1] == []

    decide(item, moderator, Action.APPROVE)

    assert get(f"tokens/{token}") == (
        200,
        [{"service_request_id": concern.ref, "token": token}],
    )
    assert get(f"requests/{concern.ref}")[1][0]["description"] == QUIET


def test_a_rejected_post_never_resolves_nor_lists(key, category, place, moderator):
    _, [answer] = post(key[1])
    concern = Concern.objects.get()
    decide(
        QueueItem.objects.get(concern=concern), moderator, Action.REJECT, reason_code="not_police"
    )
    assert get(f"tokens/{answer['token']}") == (200, [])
    assert get(f"requests/{concern.ref}")[0] == 404


def test_the_author_is_the_keys_account_and_contact_details_stay_private(
    key, category, place, moderator
):
    api_key, raw = key
    post(raw, email="reporter@example.org", first_name="Ada", last_name="Lovelace")
    concern = Concern.objects.get()
    assert concern.author == api_key.account and not concern.show_author_name
    submission = ApiSubmission.objects.get(concern=concern)
    assert (submission.email, submission.first_name) == ("reporter@example.org", "Ada")
    decide(QueueItem.objects.get(concern=concern), moderator, Action.APPROVE)
    text = json.dumps(get(f"requests/{concern.ref}")[1]) + json.dumps(get("requests")[1])
    for private in ("reporter@example.org", "Ada", "Lovelace", api_key.account.email):
        assert private not in text


def test_the_same_post_sent_twice_is_one_concern_with_one_token(key, category, place):
    _, [first] = post(key[1])
    _, [second] = post(key[1])
    assert first["token"] == second["token"]
    assert Concern.objects.count() == 1


def test_a_post_in_xml_answers_in_service_requests(key, category, place):
    response, root = post(key[1], fmt="xml")
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert root.tag == "service_requests"
    assert root.find("request/token").text
    assert root.find("request/service_request_id") is None


def test_the_key_may_come_in_the_query_string(key, category, place):
    response = Client().post(
        f"{BASE}/requests.json?api_key={key[1]}",
        {"service_code": "asb", "address_string": "Camden Town", "description": QUIET},
    )
    assert response.status_code == 200
    assert Concern.objects.get().neighbourhood == place


@pytest.mark.parametrize("raw", [None, "", "not-a-key"])
def test_a_missing_or_wrong_key_is_a_403(key, category, place, raw):
    response, [error] = post(raw)
    assert response.status_code == 403 and error["code"] == 403
    assert "api_key" in error["description"]
    assert not Concern.objects.exists()


def test_a_deactivated_key_is_a_403(key, category, place):
    ApiKey.objects.update(is_active=False)
    assert post(key[1])[0].status_code == 403


def test_each_key_is_limited_per_hour_and_told_when(key, category, place):
    api_key, raw = key
    ApiKey.objects.filter(pk=api_key.pk).update(rate_limit_per_hour=2)
    other, other_raw = issue_api_key(name="Another app")
    assert post(raw, description=QUIET + " One.")[0].status_code == 200
    assert post(raw, description=QUIET + " Two.")[0].status_code == 200
    response, [error] = post(raw, description=QUIET + " Three.")
    assert response.status_code == 429 and response["Retry-After"]
    assert "2 requests an hour" in error["description"]
    assert post(other_raw)[0].status_code == 200  # another key has its own hour


@pytest.mark.parametrize(
    ("fields", "status", "says"),
    [
        ({"service_code": "nope"}, 404, "No service has service_code 'nope'"),
        ({"service_code": ""}, 400, "service_code is required"),
        ({"lat": None, "long": None}, 400, "Give a location"),
        ({"lat": "north"}, 400, "WGS84"),
        ({"lat": "52.9", "long": "-1.1"}, 400, "outside every neighbourhood"),
        ({"description": ""}, 400, "description: Describe what is happening"),
        ({"description": "x " * BODY_MAX}, 400, "description: Use 5,000 characters or fewer"),
        ({"attribute[title]": "t" * 121}, 400, "attribute[title]: Enter a title of 120"),
        ({"email": "not-an-email"}, 400, "email is not an email address"),
        ({"address_string": "Atlantis", "lat": None, "long": None}, 400, "neighbourhood"),
    ],
)
def test_bad_input_is_refused_with_a_message_naming_the_parameter(
    key, category, place, fields, status, says
):
    response, errors = post(key[1], **fields)
    assert response.status_code == status
    assert any(says in error["description"] for error in errors), errors
    assert not Concern.objects.exists()


def test_an_emergency_is_refused_until_the_caller_says_the_999_advice_was_seen(
    key, category, place
):
    emergency = "A man is waving a knife outside the station right now"
    response, [error] = post(key[1], description=emergency)
    assert response.status_code == 400 and "999" in error["description"]
    assert not Concern.objects.exists()
    response, _ = post(key[1], description=emergency, **{"attribute[emergency_understood]": "yes"})
    assert response.status_code == 200
    assert Concern.objects.get().status == ConcernStatus.SUBMITTED  # still moderated first


def test_at_risk_puts_it_in_the_safeguarding_lane(key, category, place):
    post(key[1], **{"attribute[at_risk]": "yes"})
    assert Concern.objects.get().lane == "safeguarding"


def test_the_web_forms_hourly_quota_holds_for_the_keys_account(key, category, place, settings):
    settings.SUBMISSIONS_PER_HOUR = 1
    assert post(key[1], description=QUIET + " One.")[0].status_code == 200
    response, [error] = post(key[1], description=QUIET + " Two.")
    assert response.status_code == 429 and "an hour" in error["description"]


def test_the_admin_shows_a_new_key_once_and_keeps_only_its_hash(staff_admin):
    client = signed_in(staff_admin, two_factor=True)
    page = client.post(
        reverse("admin:api_apikey_add"),
        {"name": "Council app", "is_active": "on", "rate_limit_per_hour": "30"},
        follow=True,
    )
    shown = [str(m) for m in page.context["messages"]]
    raw = shown[0].split(" is ", 1)[1].split(" ", 1)[0]
    key = ApiKey.objects.get(name="Council app")
    assert key.key_hash == hash_key(raw) and raw not in key.key_hash
    assert key.account.email_verified and key.rate_limit_per_hour == 30
    change = client.get(reverse("admin:api_apikey_change", args=[key.pk])).content.decode()
    assert raw not in change


@pytest.mark.parametrize(
    ("field", "value"), [("phone", "0" * 41), ("email", "a" * 250 + "@example.com")]
)
def test_contact_details_longer_than_we_keep_are_refused_before_anything_is_made(
    key, category, place, field, value
):
    response, [error] = post(key[1], **{field: value})
    assert response.status_code == 400 and field in error["description"]
    assert not Concern.objects.exists() and not ApiSubmission.objects.exists()
