"""Whatever lane screening puts a post in, nobody but its author and moderators sees it before a
moderator decides: pages, search, feeds and live streams."""

from __future__ import annotations

import pytest
from channels.testing import WebsocketCommunicator
from django.test import Client
from django.urls import reverse

from engage.asgi import application
from tests.conftest import signed_in

POSTS = {  # lane -> (title, body): each held for its own reason
    "urgent": ("Fight with a knife", "A man is waving a knife outside right now."),
    "safeguarding": ("Worried about a child", "The boy next door is left alone and hit."),
    "personal_data": ("Dealer's phone", "Text 07700 900123 to buy, everyone knows him."),
    "standard": ("Zebrafish gathering", "Unusual zebrafish crowds near the canal lock."),
}


@pytest.fixture(params=sorted(POSTS))
def held(request, submit):
    title, body = POSTS[request.param]
    item = submit(title=title, body=body)
    assert item.lane == request.param
    item.concern.tags.add("zebrafish")
    return item.concern


def public_pages(concern) -> list[str]:
    return [
        reverse("concerns:list"),
        f"{reverse('concerns:search')}?q={concern.title.split()[0]}",
        reverse("neighbourhood", kwargs={"slug": concern.neighbourhood.slug}),
        reverse("concerns:neighbourhood_feed", kwargs={"slug": concern.neighbourhood.slug}),
        reverse("concerns:tag_feed", kwargs={"tag": "zebrafish"}),
    ]


def test_a_held_post_appears_nowhere_public(held, other_resident):
    for client in (Client(), signed_in(other_resident)):
        for url in public_pages(held):
            response = client.get(url)
            # A tag only held posts use has no public feed at all (its name could leak).
            assert response.status_code == (404 if "/tags/" in url else 200), url
            assert held.title not in response.content.decode(), url
        assert client.get(held.get_absolute_url()).status_code == 404
        assert (
            client.get(reverse("concerns:concern_feed", kwargs={"ref": held.ref})).status_code
            == 404
        )


def test_its_author_can_see_it_is_waiting(held, resident):
    page = signed_in(resident).get(held.get_absolute_url())
    assert page.status_code == 200 and "Awaiting moderation" in page.content.decode()


@pytest.mark.django_db(transaction=True)
async def test_a_held_post_has_no_public_live_stream(held):
    communicator = WebsocketCommunicator(
        application, f"/ws/concerns/{held.ref}/", headers=[(b"origin", b"http://localhost")]
    )
    connected, code = await communicator.connect(timeout=5)
    assert not connected and code == 4404
