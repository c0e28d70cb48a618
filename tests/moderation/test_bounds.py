"""Crafted cursors and ids get a 400 or the first page, never a 500 (issue 16, item 5)."""

from __future__ import annotations

import base64
import json

import pytest
from django.urls import reverse

from engage.bounds import parse_id
from moderation import selectors
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


THIRTY = "1" * 30
CRAFTED = [
    b64("[" * 3000),
    b64('[1e999, "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", 1]'),
    b64(json.dumps([0, "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", int(THIRTY)])),
    b64(json.dumps([int(THIRTY), "2026-01-01T00:00:00+00:00", "2026-01-01T00:00:00+00:00", 1])),
    b64("[NaN, Infinity, -Infinity, 1]"),
    b64('[0, "2026-13-45T99:00", "x", 1]'),
    "[" * 3000,
    "²",
    "x" * 10_000,
    b64("{}"),
    b64("[0, 1, 2, 3]"),
]


@pytest.mark.parametrize("text", ["1" * 19, THIRTY, "²", "-1", "0", "", "1.5", "１２"])
def test_an_id_is_ascii_digits_within_a_bigint(text):
    assert parse_id(text) is None or (text == "1" * 19 and parse_id(text) > 0)


@pytest.mark.parametrize("cursor", CRAFTED)
def test_a_crafted_queue_cursor_is_a_400_not_a_500(cursor, moderator):
    assert selectors.decode_cursor(cursor) is None
    response = signed_in(moderator, two_factor=True).get(
        reverse("moderation:queue"), {"after": cursor}
    )
    assert response.status_code == 400


def test_a_cursor_the_queue_made_still_pages(moderator, submit):
    items = [submit(title=f"Bikes on the pavement number {n}") for n in range(3)]
    cursor = selectors.encode_cursor(items[0])
    response = signed_in(moderator, two_factor=True).get(
        reverse("moderation:queue"), {"after": cursor}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("bad", [THIRTY, "²", "9" * 20])
def test_thirty_digit_or_unicode_bulk_ids_are_a_400(bad, moderator, submit):
    item = submit()
    response = signed_in(moderator, two_factor=True).post(
        reverse("moderation:bulk"),
        {"items": [str(item.pk), bad], f"version-{item.pk}": THIRTY, "action": "approve"},
    )
    assert response.status_code == 400


def test_a_thirty_digit_version_is_treated_as_stale_not_a_500(moderator, submit):
    item = submit()
    response = signed_in(moderator, two_factor=True).post(
        reverse("moderation:bulk"),
        {"items": [str(item.pk)], f"version-{item.pk}": THIRTY, "action": "approve"},
    )
    assert response.status_code == 302


@pytest.mark.parametrize(
    "cursor", CRAFTED + [b64(f"2026-01-01T00:00:00|{THIRTY}"), b64("99999-01-01T00:00:00|1")]
)
def test_crafted_cursors_on_public_and_account_lists_show_the_first_page(
    cursor, neighbourhood, resident, moderator
):
    client = signed_in(resident)
    for url, extra in [
        (neighbourhood.get_absolute_url(), {}),
        (reverse("concerns:search"), {"q": "bikes"}),
        (reverse("concerns:notifications"), {}),
        (reverse("concerns:mine"), {}),
    ]:
        assert client.get(url, {"after": cursor, **extra}).status_code == 200, url
    staff = signed_in(moderator, two_factor=True)
    for before in [THIRTY, "²"]:
        assert staff.get(reverse("moderation:log"), {"before": before}).status_code == 200
