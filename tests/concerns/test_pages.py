"""Concern pages over HTTP: submitting with a preview, replies, query counts that stay flat."""

from __future__ import annotations

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concerns.models import Concern, Reply
from tests.conftest import signed_in
from tests.factories import (
    AdviceFactory,
    CategoryFactory,
    ConcernFactory,
    ReplyFactory,
    ReplyTemplateFactory,
    ResidentUpdateFactory,
)

pytestmark = pytest.mark.django_db


def form_data(place, **extra) -> dict:
    return {
        "neighbourhood": place.name,
        "title": "Speeding on Camden Road",
        "body": "Every night after **11pm**.",
        "category": CategoryFactory(slug="road").pk,
        "location": "Camden Road by the bus stop",
        "tags": "speeding, night",
        "show_author_name": "anonymous",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


def test_the_preview_shows_exactly_what_will_be_public_and_similar_concerns(
    resident, neighbourhood
):
    ConcernFactory(published=True, neighbourhood=neighbourhood, title="Speeding lorries at night")
    response = signed_in(resident).post("/concerns/new/", form_data(neighbourhood, preview="1"))

    body = response.content.decode()
    assert response.status_code == 200 and "Check your concern before you send it" in body
    assert "<strong>11pm</strong>" in body and "Raised by a resident of Camden Town" in body
    assert "Speeding lorries at night" in body  # suggested: follow this instead
    assert not Concern.objects.filter(title="Speeding on Camden Road").exists()


def test_sending_twice_from_the_preview_makes_one_concern(resident, neighbourhood):
    client = signed_in(resident)
    data = form_data(neighbourhood, submit="1")

    first = client.post("/concerns/new/", data)
    second = client.post("/concerns/new/", data)

    concern = Concern.objects.get()
    assert first.url == second.url == f"/concerns/{concern.ref}/submitted/"
    assert concern.status == "submitted" and not concern.show_author_name


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter a title"),
        ("title", "x" * 121, "Enter a title of 120 characters or fewer"),
        ("body", "x" * 5001, "Use 5,000 characters or fewer"),
        ("location", "12 Camden Road", "not a house number"),
        ("location", "by NW1 7AB", "not a house number or a full postcode"),
        ("neighbourhood", "Atlantis", "We could not find that neighbourhood"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(
    resident, neighbourhood, field, value, message
):
    response = signed_in(resident).post(
        "/concerns/new/", form_data(neighbourhood, **{field: value, "submit": "1"})
    )

    assert response.status_code == 400
    assert message in response.content.decode() and not Concern.objects.exists()


def test_the_quota_message_reaches_the_resident(resident, neighbourhood, settings):
    settings.SUBMISSIONS_PER_HOUR = 1
    client = signed_in(resident)
    client.post("/concerns/new/", form_data(neighbourhood, submit="1"))

    response = client.post("/concerns/new/", form_data(neighbourhood, submit="1"))

    assert response.status_code == 400 and "raise 1 concern an hour" in response.content.decode()
    assert Concern.objects.count() == 1


def test_an_officer_replies_from_a_template_and_moves_the_concern_on(officer, concern_by):
    concern = concern_by("published")
    template = ReplyTemplateFactory(team=concern.neighbourhood.team)
    client = signed_in(officer, two_factor=True)

    page = client.get(f"/concerns/{concern.ref}/reply/?template={template.pk}")
    assert template.body in page.content.decode()
    response = client.post(
        f"/concerns/{concern.ref}/reply/", {"body": template.body, "move_to": "in_progress"}
    )

    assert response.status_code == 302
    concern.refresh_from_db()
    assert concern.status == "in_progress" and Reply.objects.get().badge.startswith("PC ")


def test_the_concern_page_shows_the_timeline_badges_and_the_outcome(client, concern_by):
    concern = concern_by("resolved", outcome_html="<p>We did 6 patrols.</p>")
    ReplyFactory(concern=concern, badge="PC Jane Smith, Camden Town team")
    ResidentUpdateFactory(concern=concern, status="published", body_html="<p>Better now.</p>")
    ResidentUpdateFactory(concern=concern, body_html="<p>Not yet moderated.</p>")

    body = client.get(concern.get_absolute_url()).content.decode()

    assert "You said, we did" in body and "We did 6 patrols." in body
    assert "PC Jane Smith, Camden Town team" in body and "Better now." in body
    assert "Not yet moderated." not in body


def queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types) so only the page's own count
    cache.clear()  # but not the page's own cached figures: count a first visit's queries
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_page_query_count_is_constant_as_concerns_grow(client, neighbourhood):
    ConcernFactory.create_batch(2, published=True, neighbourhood=neighbourhood)
    few = queries(client, "/concerns/")
    ConcernFactory.create_batch(25, published=True)

    assert queries(client, "/concerns/") == few == 2  # categories, concerns


def test_the_detail_page_query_count_is_constant_as_replies_grow(client, concern_by):
    concern = concern_by("in_progress")
    ReplyFactory(concern=concern)
    few = queries(client, concern.get_absolute_url())
    ReplyFactory.create_batch(10, concern=concern)
    ResidentUpdateFactory.create_batch(5, concern=concern, status="published")

    assert queries(client, concern.get_absolute_url()) == few == 4  # events carry the resume id


def test_the_neighbourhood_page_query_count_is_constant_as_concerns_grow(client, neighbourhood):
    AdviceFactory()
    ConcernFactory(published=True, neighbourhood=neighbourhood)
    few = queries(client, neighbourhood.get_absolute_url())
    ConcernFactory.create_batch(15, published=True, neighbourhood=neighbourhood)

    # + resume position, + the team's X feed (social's {% team_feed %}: one query, no feed here)
    # + the marches and events (permits' {% neighbourhood_notices %}: one query)
    assert queries(client, neighbourhood.get_absolute_url()) == few == 10


def test_the_list_pages_by_keyset_without_gaps_or_repeats(client):
    made = ConcernFactory.create_batch(45, published=True)
    seen, url = [], "/concerns/"
    while url:
        response = client.get(url)
        page = response.context["page"]
        seen += [c.pk for c in page.items]
        url = f"/concerns/?after={page.next_cursor}" if page.next_cursor else None

    assert sorted(seen) == sorted(c.pk for c in made) and len(seen) == len(set(seen))


def test_a_tampered_cursor_shows_the_first_page(client):
    ConcernFactory(published=True)

    assert client.get("/concerns/?after=not-a-cursor!").status_code == 200


def test_an_officer_edits_their_reply_and_the_earlier_wording_is_kept(officer, concern_by):
    concern = concern_by("published")
    reply = ReplyFactory(concern=concern, author=officer, body="Patrol on Fridya.")
    client = signed_in(officer, two_factor=True)

    response = client.post(
        f"/concerns/{concern.ref}/replies/{reply.pk}/edit/", {"body": "Patrol on Friday."}
    )

    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.body == "Patrol on Friday." and reply.edited_at
    assert list(reply.revisions.values_list("body", flat=True)) == ["Patrol on Fridya."]


def test_another_officer_of_the_team_cannot_edit_my_reply(officer, concern_by, neighbourhood):
    from tests.factories import OfficerFactory, TOTPDeviceFactory

    colleague = OfficerFactory(team=neighbourhood.team).user
    TOTPDeviceFactory(user=colleague)
    concern = concern_by("published")
    reply = ReplyFactory(concern=concern, author=officer)

    signed_in(colleague, two_factor=True).post(
        f"/concerns/{concern.ref}/replies/{reply.pk}/edit/", {"body": "Changed by someone else"}
    )

    reply.refresh_from_db()
    assert reply.body != "Changed by someone else" and not reply.revisions.exists()


def test_a_resident_follows_a_tag_from_the_filtered_list(resident):
    concern = ConcernFactory(published=True)
    concern.tags.set(["fly tipping & dumping"])
    client = signed_in(resident)

    response = client.post("/tags/fly tipping & dumping/follow/")

    assert response.status_code == 302 and "tag=fly+tipping+%26+dumping" in response.url
    assert resident.follows.filter(tag__name="fly tipping & dumping").exists()
    assert "Stop following" in client.get(response.url).content.decode()


@pytest.mark.parametrize("rare_limit", [2000, 2])
def test_search_finds_published_concerns_newest_first_by_either_path(
    client, rare_limit, monkeypatch
):
    """rare_limit=2 forces the frequent-term path; the default takes the rare-term path."""
    from concerns import search

    monkeypatch.setattr(search, "RARE_LIMIT", rare_limit)
    older = ConcernFactory(published=True, title="Speeding lorries on the bridge")
    newer = ConcernFactory(published=True, title="Speeding cars outside the school")
    ConcernFactory(title="Speeding by a submitted concern")  # not public
    ConcernFactory(published=True, title="Fireworks in the park")
    Concern.objects.filter(pk=older.pk).update(published_at=newer.published_at.replace(year=2025))

    page = client.get("/concerns/search/", {"q": "speeding"}).context["page"]

    assert [c.pk for c in page.items] == [newer.pk, older.pk]


def test_a_search_that_matches_nothing_says_so(client):
    ConcernFactory(published=True, title="Fireworks in the park")

    response = client.get("/concerns/search/", {"q": "xylophone"})

    assert "No published concerns match" in response.content.decode()


def test_an_officer_without_two_factor_sees_no_unpublished_concern(officer, concern_by):
    concern = concern_by("submitted")

    assert signed_in(officer).get(concern.get_absolute_url()).status_code == 404
    assert signed_in(officer, two_factor=True).get(concern.get_absolute_url()).status_code == 200


def test_unsubscribing_cancels_emails_already_queued(concern_by, officer, resident, client):
    from concerns import services
    from concerns.models import EmailState, Notification
    from concerns.services.notifications import unsubscribe_path

    services.reply_to_concern(concern=concern_by("published"), author=officer, body="Noted.")

    client.post(unsubscribe_path(resident))

    assert Notification.objects.get().email_state == EmailState.NONE


def test_an_emergency_is_met_with_the_999_page_before_anything_is_accepted(resident, neighbourhood):
    client = signed_in(resident)
    data = form_data(
        neighbourhood, submit="1", body="There is a man with a knife outside the shop right now."
    )

    first = client.post("/concerns/new/", data)

    assert first.status_code == 200 and "call 999 now" in first.content.decode()
    assert "18000" in first.content.decode() and not Concern.objects.exists()
    client.post("/concerns/new/", {**data, "emergency_understood": "1"})
    concern = Concern.objects.get()
    assert concern.lane == "urgent" and concern.status == "submitted"


def test_screening_findings_are_kept_for_moderators_and_shown_in_the_preview(
    resident, neighbourhood
):
    client = signed_in(resident)
    body = "The van AB12 CDE parks here; the owner's number is 07700 900123."

    preview = client.post("/concerns/new/", form_data(neighbourhood, preview="1", body=body))
    client.post("/concerns/new/", form_data(neighbourhood, submit="1", body=body))

    assert "Please check your concern: we found" in preview.content.decode()
    concern = Concern.objects.get()
    assert concern.lane == "personal_data"
    assert {"phone", "vehicle_plate"} <= {f["detector"] for f in concern.screening}
    from django.test import Client

    # Held: nobody but its author (and staff) sees it before a moderator has.
    assert Client().get(concern.get_absolute_url()).status_code == 404


def test_a_safeguarding_concern_tells_its_author_what_happens_next(resident, neighbourhood):
    client = signed_in(resident)

    response = client.post(
        "/concerns/new/",
        form_data(
            neighbourhood,
            submit="1",
            title="Scared to go home",
            body="My partner hits me when he drinks and I am scared to go home.",
        ),
        follow=True,
    )

    assert Concern.objects.get().lane == "safeguarding"
    assert "will not be published" in response.content.decode()


def test_the_unread_badge_does_not_count_notifications_of_a_hidden_concern(
    concern_by, officer, moderator, other_resident
):
    from concerns import selectors, services

    concern = concern_by("published")
    services.follow(user=other_resident, concern=concern)
    services.reply_to_concern(concern=concern, author=officer, body="Noted.")
    assert selectors.unread_count(other_resident) == 1

    services.transition_concern(concern, "hidden", actor=moderator)

    assert selectors.unread_count(other_resident) == 0
