"""Exact query counts for the public pages the benchmark measures (bench/scenarios/http_pages).

The benchmark reports queries per request under load; these tests make the same numbers a gate
on every run: a page that grows a query per row fails here before it slows anything down.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from concerns.selectors import PAGE_SIZE
from tests.factories import ConcernFactory, ReplyFactory, ResidentUpdateFactory

pytestmark = pytest.mark.django_db


def page_queries(client, url: str) -> list[str]:
    client.get(url)  # warm per-process caches (content types) so only the page's own queries
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in captured]


def test_the_list_page_runs_two_queries_whether_it_shows_one_row_or_a_full_page(
    client, neighbourhood
):
    ConcernFactory(published=True, neighbourhood=neighbourhood)
    one_row = page_queries(client, "/concerns/")
    ConcernFactory.create_batch(PAGE_SIZE * 2, published=True, neighbourhood=neighbourhood)
    full_page = page_queries(client, "/concerns/")

    assert len(one_row) == len(full_page) == 2  # the concerns, the category filter


def test_the_list_page_stays_at_two_queries_filtered_and_on_a_later_page(client, neighbourhood):
    ConcernFactory.create_batch(PAGE_SIZE + 3, published=True, neighbourhood=neighbourhood)
    first = client.get(f"/concerns/?neighbourhood={neighbourhood.slug}").context["page"]

    later = page_queries(
        client, f"/concerns/?neighbourhood={neighbourhood.slug}&after={first.next_cursor}"
    )

    assert len(later) == 2


def test_the_list_page_never_counts_or_offsets(client, neighbourhood):
    ConcernFactory.create_batch(3, published=True, neighbourhood=neighbourhood)

    sql = " ".join(page_queries(client, "/concerns/")).upper()

    assert "COUNT(" not in sql and "OFFSET" not in sql


def test_the_detail_page_runs_four_queries_as_replies_and_updates_grow(client, concern_by):
    concern = concern_by("in_progress")
    ReplyFactory(concern=concern)
    few = page_queries(client, concern.get_absolute_url())
    ReplyFactory.create_batch(30, concern=concern)
    ResidentUpdateFactory.create_batch(10, concern=concern, status="published")
    many = page_queries(client, concern.get_absolute_url())

    # the concern with its joins, its tags, its public events (and so the resume position),
    # replies UNION published updates
    assert len(few) == len(many) == 4


def test_the_detail_page_shows_every_reply_and_published_update_in_order(client, concern_by):
    concern = concern_by("in_progress")
    first = ReplyFactory(concern=concern, body_html="<p>First reply.</p>")
    ResidentUpdateFactory(concern=concern, status="published", body_html="<p>An update.</p>")
    ResidentUpdateFactory(concern=concern, body_html="<p>Unmoderated.</p>")
    ReplyFactory(concern=concern, body_html="<p>Second reply.</p>", badge="PC Ann Lee, X team")

    body = client.get(concern.get_absolute_url()).content.decode()

    assert body.index("First reply.") < body.index("An update.") < body.index("Second reply.")
    assert f'id="reply-{first.pk}"' in body and "PC Ann Lee, X team" in body
    assert "Unmoderated." not in body
