"""The 500 and 503 pages: one page, two sets of words."""

from __future__ import annotations

from django.template import loader

SHARED = (
    "Skip to main content",
    "Nothing you had already sent us has been lost.",
    "In an emergency call 999.",
    "govuk-generic-header",
)


def test_the_500_page_says_there_is_a_problem_and_to_try_later():
    page = loader.get_template("500.html").render()

    assert "<title>Sorry, there is a problem with the service – Engage</title>" in page
    assert "Try again later. Nothing you had already sent us" in page
    assert "busy" not in page and all(text in page for text in SHARED)


def test_the_503_page_says_the_service_is_busy_and_nothing_is_posted_twice():
    page = loader.get_template("503.html").render()

    assert "<title>Sorry, the service is busy – Engage</title>" in page
    assert "Sorry, the service is busy: try again in a minute</h1>" in page
    assert "it will not be posted twice. Nothing you had already sent us" in page
    assert "problem with the service" not in page and all(text in page for text in SHARED)


def test_the_503_page_is_the_500_page_with_other_words():
    busy, broken = (loader.get_template(name).render() for name in ("503.html", "500.html"))

    def frame(page: str) -> str:
        return page.split("<title>")[0] + page.split("</title>")[1].split("<h1")[0]

    assert frame(busy) == frame(broken)
