"""The persona matrix's shared rules for the tests/concerns/test_access*.py files: who holds a
capacity on a concern, what a page shows, a sign-in redirect."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape

from concerns.states import PUBLIC_STATES

PERSONAS = [
    "anonymous",
    "resident",
    "other_resident",
    "officer",
    "other_officer",
    "moderator",
    "staff_admin",
]
STAFF = {"officer", "other_officer", "moderator", "staff_admin", "team_mate"}
# Who holds at least one capacity on a concern by `resident` in `neighbourhood`, and so may see
# it in any state: its author, the officers of its team, a global moderator, and staff admins.
# Pinned against `capacities()` itself by a test in test_access.py.
HAS_CAPACITY = {"resident", "officer", "moderator", "staff_admin"}
LOGIN = reverse("login")
WORD = "quokka"  # in titles, tags and searches


def may_see(state: str, persona: str) -> bool:
    return state in PUBLIC_STATES or persona in HAS_CAPACITY


def shows(response: HttpResponse, text: str) -> bool:
    """Is `text` on the page, as typed or HTML-escaped (an apostrophe becomes &#x27;)?"""
    content = response.content.decode()
    return text in content or escape(text) in content


def is_login_redirect(response: HttpResponse) -> bool:
    return response.status_code == 302 and response.url.startswith(LOGIN + "?next=")
