"""What people read and see, in Chromium: our own styles for what people wrote, a GOV.UK-style
timeline, links that look like links, the current page marked, and sentences that read right."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concerns.models import Support
from engage.text import render_x_post
from social.models import FeedStatus, TeamFeed, TeamPost
from tests.browser.conftest import sign_in
from tests.factories import (
    CategoryFactory,
    ConcernFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    PostcodeAreaFactory,
    ReplyFactory,
    UserFactory,
)

SERIF = ("serif", "times", "times new roman", "georgia")


@pytest.fixture
def camden(transactional_db):
    place = NeighbourhoodFactory(
        name="Camden Town", slug="camden-town", team__name="Camden Town Safer Neighbourhood Team"
    )
    CategoryFactory(name="Road safety", slug="road-safety")
    return place


@pytest.fixture
def answered(camden):
    """A published concern with a reply, an update-free timeline and one supporter."""
    officer = OfficerFactory(team=camden.team, name_on_badge="Jane Smith").user
    concern = ConcernFactory(
        published=True,
        neighbourhood=camden,
        show_author_name=False,
        supporters_count=1,
        body="Cars *speed* here. See https://example.org/speeding",
    )
    ReplyFactory(
        concern=concern,
        author=officer,
        badge="PC Jane Smith",
        body_html="<p>We will <a href='https://example.org/plan'>patrol</a>.</p>",
    )
    Support.objects.create(concern=concern, user=UserFactory())
    return concern


def first_family(page, selector: str) -> str:
    return page.eval_on_selector(selector, "el => getComputedStyle(el).fontFamily")


def test_what_people_wrote_is_in_our_sans_serif_font_with_our_link_style(page, answered):
    page.goto(answered.get_absolute_url())

    for selector in [".app-user-content p", ".app-timeline__item--reply .app-user-content p"]:
        assert first_family(page, selector).split(",")[0].strip('"').lower() not in SERIF
    link_colour = page.eval_on_selector(
        ".app-timeline .app-user-content a", "el => getComputedStyle(el).color"
    )
    assert link_colour == "rgb(26, 101, 166)"  # GOV.UK's link colour, not the browser's blue


def test_the_timeline_is_a_gov_uk_style_timeline_not_a_numbered_list(page, answered):
    page.goto(answered.get_absolute_url())

    timeline = page.locator(".app-timeline")
    assert timeline.evaluate("el => getComputedStyle(el).listStyleType") == "none"
    marker = page.locator(".app-timeline__item--reply").evaluate(
        "el => getComputedStyle(el, '::before').borderRadius"
    )
    assert marker == "50%"
    title = page.locator(".app-timeline__item--reply .app-timeline__title").text_content()
    assert " ".join(title.split()) == "PC Jane Smith (verified officer) replied"


def test_sentences_read_right_on_a_concern_page(page, answered):
    page.goto(answered.get_absolute_url())

    text = page.locator("main").inner_text()
    assert "1 resident says this affects them too" in text
    assert "Raised by a resident of Camden Town" in text


def test_a_post_on_x_links_in_our_link_colour_and_the_newest_comes_first(page, camden):
    feed = TeamFeed.objects.create(
        team=camden.team, username="MPSCamdenTown", status=FeedStatus.PAUSED
    )
    for number, hours in enumerate([30, 2]):
        text = f"Post {number}: advice at https://example.org/{number}"
        entities = {
            "urls": [
                {
                    "start": 17,
                    "end": 17 + len(f"https://example.org/{number}"),
                    "url": f"https://example.org/{number}",
                    "expanded_url": f"https://example.org/{number}",
                    "display_url": f"example.org/{number}",
                }
            ]
        }
        TeamPost.objects.create(
            feed=feed,
            post_id=1000 + number,
            text=text,
            html=render_x_post(text, entities),
            posted_at=timezone.now() - timedelta(hours=hours),
        )

    page.goto("/neighbourhoods/camden-town/")

    posts = page.locator(".app-team-post__text")
    assert posts.first.inner_text().startswith("Post 1")
    colour = posts.first.locator("a").evaluate("el => getComputedStyle(el).color")
    assert colour == "rgb(26, 101, 166)"


def test_sign_out_looks_like_the_other_navigation_links(page, camden):
    sign_in(page, UserFactory())
    page.goto("/concerns/")

    style = (
        "el => { const s = getComputedStyle(el); return [s.color, s.fontWeight, "
        "s.fontSize, s.fontFamily, s.textDecorationLine]; }"
    )
    link = page.locator(".govuk-service-navigation__link", has_text="Neighbourhoods")
    sign_out = page.locator("button", has_text="Sign out")
    assert sign_out.evaluate(style) == link.evaluate(style)


def test_the_service_navigation_marks_the_current_page(page, camden):
    page.goto("/concerns/")

    current = page.locator(".govuk-service-navigation__item--active")
    assert current.inner_text() == "Concerns"
    assert current.locator("a").get_attribute("aria-current") == "true"
    assert page.locator("[aria-current]").count() == 1


def test_raising_a_concern_from_a_neighbourhood_names_it_rather_than_its_slug(page, camden):
    sign_in(page, UserFactory())
    page.goto("/neighbourhoods/camden-town/")
    page.click("text=Raise a concern in Camden Town")

    assert page.input_value("#id_neighbourhood") == "Camden Town"


def test_a_postcode_shared_by_wards_offers_them_to_choose(page, camden):
    other = NeighbourhoodFactory(name="King's Cross", slug="kings-cross")
    PostcodeAreaFactory(code="NW1", neighbourhood=camden)
    PostcodeAreaFactory(code="NW1", neighbourhood=other)
    sign_in(page, UserFactory())
    page.goto("/concerns/new/")
    page.fill("#id_neighbourhood", "NW1 7AB")
    page.fill("#id_title", "Speeding on the high street")
    page.fill("#id_body", "Every evening cars race along it.")
    page.check("text=Road safety")
    page.click("button:has-text('Preview')")

    assert (
        "More than one neighbourhood has that postcode"
        in page.locator(".govuk-error-summary").inner_text()
    )
    page.check("text=King's Cross")
    page.click("button:has-text('Preview')")
    page.wait_for_selector("h1:has-text('Check your concern')")
    assert "King's Cross" in page.locator(".app-preview").inner_text()


def test_the_preview_shows_the_tags_the_public_will_see(page, camden):
    sign_in(page, UserFactory())
    page.goto("/concerns/new/?neighbourhood=camden-town")
    page.fill("#id_title", "Speeding on the high street")
    page.fill("#id_body", "Every evening cars race along it.")
    page.check("text=Road safety")
    page.fill("#id_tags", "speeding, school run")
    page.click("button:has-text('Preview')")

    preview = page.locator(".app-preview").inner_text()
    assert "speeding" in preview and "school run" in preview


def test_the_update_form_does_not_repeat_its_heading_as_its_label(page, answered):
    sign_in(page, UserFactory())
    page.goto(answered.get_absolute_url())

    assert page.locator("label[for='id_body']").inner_text() == "What has changed?"


def test_emergency_numbers_can_be_called_with_one_tap(page, camden):
    page.goto("/")

    banner = page.locator(".app-emergency-banner")
    assert banner.locator("a[href='tel:999']").count() >= 1
    assert banner.locator("a[href='tel:101']").count() == 1
