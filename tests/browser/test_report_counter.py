"""The report counter in Chromium (issue 12's "done means"): a stolen bike reported by keyboard
alone with JavaScript off, a call handler triaging it while the reporter's open page hears the
message live, a file that only claims to be a photo refused, and the queue's shortcuts. Every
page of the flows goes through axe."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image
from playwright.sync_api import expect

from casework.models import Case, CaseDocument, private_storage
from reports.models import ReportDraft
from tests.browser.conftest import open_page, sign_in
from tests.browser.helpers import AXE_SOURCE, WCAG_TAGS, assert_accessible, tab_to
from tests.conftest import signed_in
from tests.factories import (
    CallHandlerFactory,
    CaseFactory,
    NeighbourhoodFactory,
    PostcodeAreaFactory,
    TOTPDeviceFactory,
    UserFactory,
)
from tests.reports import BIKE_ITEM, BIKE_STEPS, start, url

GPS_IFD = 0x8825  # the EXIF tag that points at the GPS block


@pytest.fixture
def counter(transactional_db):
    """Camden Town (with a postcode sector, so "NW1 7AB" finds it), a resident and a call
    handler with an authenticator."""
    camden = NeighbourhoodFactory(
        name="Camden Town", slug="camden-town", team__name="Camden Town Safer Neighbourhood Team"
    )
    PostcodeAreaFactory(code="NW1 7", neighbourhood=camden)
    resident = UserFactory(email="resident@example.com", display_name="Priya")
    handler = UserFactory(email="call.handler@example.com", display_name="Morgan")
    CallHandlerFactory(user=handler)
    TOTPDeviceFactory(user=handler)
    return {"camden": camden, "resident": resident, "handler": handler}


@pytest.fixture
def scriptless(browser, live_server_url, transactional_db):
    """A page with JavaScript switched off, recording sub-resource errors."""
    page = open_page(browser, live_server_url, java_script_enabled=False)
    yield page
    page.context.close()


def photo_with_gps() -> bytes:
    """A JPEG that says where it was taken (51.5N, 0.14W), as a phone's photo does."""
    image = Image.new("RGB", (64, 48), (30, 90, 160))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {
        1: "N",
        2: (51.0, 32.0, 24.0),
        3: "W",
        4: (0.0, 8.0, 36.0),
    }
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD), "the fixture has no GPS"
    return data


# --- axe without page scripts ------------------------------------------------------------------

RUN_TIMERS_AT_ONCE = (
    "window.setTimeout = (fn, ms, ...args) => {"
    " queueMicrotask(() => typeof fn === 'function' && fn(...args)); return 0; };"
    " window.clearTimeout = () => {};"
)


def axe_without_scripts(page) -> list[dict]:
    """axe-core run in an isolated world of the page, which the browser runs even when the
    page's own scripts are switched off (a main-world evaluate never returns there)."""
    cdp = page.context.new_cdp_session(page)
    try:
        frame = cdp.send("Page.getFrameTree")["frameTree"]["frame"]["id"]
        world = cdp.send(
            "Page.createIsolatedWorld",
            {"frameId": frame, "worldName": "axe", "grantUniveralAccess": True},
        )["executionContextId"]
        # Timers never fire on a page whose scripts are off, and axe waits on setTimeout
        # between rules: in this world only, a timer runs at the next microtask instead.
        cdp.send("Runtime.evaluate", {"expression": RUN_TIMERS_AT_ONCE, "contextId": world})
        loaded = cdp.send("Runtime.evaluate", {"expression": AXE_SOURCE, "contextId": world})
        assert "exceptionDetails" not in loaded, loaded
        run = (
            f"axe.run(document, {{runOnly: {{type: 'tag', values: {json.dumps(WCAG_TAGS)}}}}})"
            ".then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact,"
            " help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))))"
        )
        result = cdp.send(
            "Runtime.evaluate",
            {"expression": run, "contextId": world, "awaitPromise": True, "returnByValue": True},
        )
        assert "exceptionDetails" not in result, result
        return json.loads(result["result"]["value"])
    finally:
        cdp.detach()


def assert_accessible_without_scripts(page) -> None:
    violations = axe_without_scripts(page)
    assert violations == [], f"{page.url}: {violations}"
    assert page.console_errors == [], f"{page.url}: {page.console_errors}"


# --- the keyboard --------------------------------------------------------------------------------


def press_on(page, selector: str) -> None:
    """Tab to a button and press Enter, waiting for the page it leads to."""
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose_radio(page, name: str, position: int) -> None:
    """Tab into a radio group (focus lands on its first choice), then choose the choice at
    `position` as a keyboard user does: Space for the first, arrow keys for the others."""
    tab_to(page, f"input[type=radio][name={name}]")
    if position == 0:
        page.keyboard.press("Space")
    for _ in range(position):
        page.keyboard.press("ArrowDown")
    assert page.locator(f"input[name={name}]:checked").count() == 1


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def step_done(page, expected_heading: str) -> None:
    """Each page of the flow: the one expected, and 0 axe violations."""
    assert expected_heading in heading(page), f"{page.url}: {heading(page)}"
    assert_accessible_without_scripts(page)


# --- 1. the stolen bike, by keyboard, without JavaScript -----------------------------------------


def test_a_resident_reports_a_stolen_bike_by_keyboard_alone_with_javascript_off(
    scriptless, counter
):
    page = scriptless
    sign_in(page, counter["resident"], danger_answered=False)
    page.goto("/report/")
    step_done(page, "Is anyone in danger")
    choose_radio(page, "answer", 1)  # No
    press_on(page, "button:has-text('Continue')")
    step_done(page, "Is a child or a vulnerable adult at risk")
    choose_radio(page, "answer", 1)  # No
    press_on(page, "button:has-text('Continue')")

    step_done(page, "What do you want to report?")
    choose_radio(page, "kind", 0)  # Theft, the first crime listed
    assert page.locator("input[name=kind]:checked").get_attribute("value") == "crime.theft"
    press_on(page, "button:has-text('Continue')")

    step_done(page, "When did it happen")
    type_into(page, "#id_day", "2")
    page.keyboard.press("Tab")  # day, month and year follow each other
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("2026")
    choose_radio(page, "precision", 0)  # At a time I know
    type_into(page, "#id_at", "08:15")
    press_on(page, "button:has-text('Continue')")

    step_done(page, "Where did it happen")
    type_into(page, "#id_postcode", "nw1 7ab")
    page.keyboard.press("Tab")
    page.keyboard.type("The bike racks outside Camden library")
    press_on(page, "button:has-text('Continue')")

    step_done(page, "What happened")
    type_into(page, "#id_text", BIKE_STEPS["what"]["text"])
    press_on(page, "button:has-text('Continue')")

    step_done(page, "What was taken")
    type_into(page, "#id_description", BIKE_ITEM["description"])
    page.keyboard.press("Tab")
    page.keyboard.type(BIKE_ITEM["value"])
    page.keyboard.press("Tab")
    page.keyboard.type(BIKE_ITEM["serial"])
    press_on(page, "button:has-text('Add another item')")
    step_done(page, "What was taken")
    assert "serial BR12345" in page.inner_text("#entries")
    press_on(page, "button:has-text('Continue')")  # nothing more to add

    step_done(page, "Who was involved")
    choose_radio(page, "suspect_known", 1)  # No
    type_into(page, "#id_descriptions", "A man in a grey hoodie was near the racks.")
    press_on(page, "button:has-text('Continue')")

    step_done(page, "Did anyone see it")
    choose_radio(page, "any", 1)  # No
    press_on(page, "button:has-text('Continue')")

    step_done(page, "Photos and documents")
    page.set_input_files(
        "#id_file",
        files=[{"name": "bike.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}],
    )
    press_on(page, "button:has-text('Upload file')")
    step_done(page, "Photos and documents")
    assert "bike.jpg" in page.inner_text("main")
    press_on(page, "button:has-text('Continue')")

    step_done(page, "How can we contact you")
    assert page.input_value("#id_email") == "resident@example.com"  # filled in from the account
    type_into(page, "#id_phone", "07700 900 982")
    press_on(page, "button:has-text('Continue')")

    step_done(page, "Check your answers")
    answers = page.inner_text("#answers")
    assert "BR12345" in answers and "Camden Town" in answers and "1 file" in answers
    press_on(page, "button:has-text('Send report')")

    step_done(page, "Report sent")
    case = Case.objects.get()
    assert case.reference in page.inner_text(".govuk-panel__body")
    assert case.kind == "crime.theft" and case.reporter == counter["resident"]
    assert case.neighbourhood == counter["camden"]
    assert [item["serial"] for item in case.answers["items"]["entries"]] == ["BR12345"]
    document = CaseDocument.objects.get(case=case)
    with private_storage.open(document.file.name, "rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
        kept.load()
    assert dict(kept.getexif()) == {} and not kept.getexif().get_ifd(GPS_IFD)
    assert "exif" not in kept.info
    assert not ReportDraft.objects.filter(documents__isnull=False).exists()


# --- 2. triage, and the reporter hears it live ---------------------------------------------------


def reported_bike(reporter) -> Case:
    """The stolen bike as the counter files it (through the resident's pages, by the test
    client: this test is about what happens next)."""
    client = signed_in(reporter)
    draft = start(client)
    for name in ("when", "where", "what"):
        assert client.post(url(draft, name), BIKE_STEPS[name]).status_code == 302
    assert client.post(url(draft, "items"), {**BIKE_ITEM, "continue": "1"}).status_code == 302
    for name in ("people", "witnesses"):
        assert client.post(url(draft, name), BIKE_STEPS[name]).status_code == 302
    assert client.post(url(draft, "evidence"), {"continue": "1"}).status_code == 302
    assert client.post(url(draft, "contact"), BIKE_STEPS["contact"]).status_code == 302
    assert client.post(url(draft, "check"), {"send": "1"}).status_code == 302
    return Case.objects.get()


def wait_until_live(page) -> None:
    # A function with an argument, not a string: string predicates are evaluated with eval,
    # which the Content-Security-Policy forbids.
    status = page.locator("[data-case-live]").element_handle()
    page.wait_for_function("el => el.dataset.liveState === 'open'", arg=status)


def test_a_call_handler_records_a_crime_and_writes_and_the_reporters_open_page_shows_it_live(
    new_page, counter
):
    case = reported_bike(counter["resident"])
    reporter = new_page()
    sign_in(reporter, counter["resident"])
    reporter.goto(f"/reports/{case.reference}/")
    wait_until_live(reporter)
    assert reporter.inner_text("[data-case-status]") == "Received"
    assert_accessible(reporter)

    handler = new_page()
    sign_in(handler, counter["handler"], two_factor=True)
    handler.goto("/contact-centre/")
    row = handler.locator(f"[data-queue-row]:has-text('{case.reference}')")
    assert case.get_grade_display() in row.locator("[data-label=Lane]").inner_text()
    lane_count = handler.locator(f"[data-lane-count='{case.grade}']").inner_text()
    assert lane_count == "1"
    assert_accessible(handler)
    row.locator("[data-queue-link]").click()
    handler.wait_for_selector(f"h1:has-text('Report {case.reference}')")
    assert_accessible(handler)

    handler.click("button:has-text('Claim this report')")
    handler.wait_for_selector("text=You are assessing this report")
    expect(reporter.locator("[data-case-status]")).to_have_text("Being assessed")

    handler.fill("#id_record-crime_reference", "CRN 0123456/26")
    handler.click("button:has-text('Record the crime')")
    handler.wait_for_selector("text=Crime recorded. The reporter has been told.")
    expect(reporter.locator("#case-history")).to_contain_text("CRN 0123456/26")
    expect(reporter.locator("[data-case-status]")).to_have_text("Crime recorded")

    handler.fill("#id_message-body", "We have recorded the theft. Check Bike Register too.")
    handler.click("button:has-text('Send the message')")
    handler.wait_for_selector("text=Message sent to the reporter.")
    assert_accessible(handler)

    message = reporter.locator("#case-history .app-case-event", has_text="Check Bike Register")
    expect(message).to_contain_text("We have recorded the theft.")
    expect(reporter.locator("#live-announcer")).to_have_text(
        "A new message about your report has arrived."
    )
    expect(reporter.locator("[data-case-live]")).to_have_attribute("data-live-state", "open")
    # received, being assessed, crime recorded, the message: each once, none lost
    assert reporter.locator("#case-history .app-case-event").count() == 4
    assert_accessible(reporter)
    case.refresh_from_db()
    assert case.status == "crime_recorded" and case.crime_reference == "CRN 0123456/26"


# --- 3. a file that only says it is a photo ------------------------------------------------------


def test_a_file_named_like_a_photo_that_is_not_one_is_refused_in_the_error_summary(page, counter):
    draft = ReportDraft.objects.create(owner=counter["resident"], kind="crime.theft")
    sign_in(page, counter["resident"])
    page.goto(f"/report/{draft.pk}/evidence/")
    fake = b"<!doctype html><html><script>alert(1)</script></html>"

    page.set_input_files(
        "#id_file", files=[{"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": fake}]
    )
    page.click("button:has-text('Upload file')")

    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "“photo.jpg” is not" in summary.inner_text()
    assert "whatever its name says" in summary.inner_text()
    assert "whatever its name says" in page.inner_text("#id_file-error")
    assert draft.documents.count() == 0
    assert_accessible(page)


# --- 4. the queue's shortcuts --------------------------------------------------------------------


def test_j_and_k_move_along_the_contact_centre_queue_and_c_claims_the_report_in_focus(
    page, counter
):
    for hours in (1, 2, 3):
        CaseFactory(neighbourhood=counter["camden"], summary=f"Bike {hours}")
    sign_in(page, counter["handler"], two_factor=True)
    page.goto("/contact-centre/")
    links = page.locator("[data-queue-link]")
    references = links.all_inner_texts()
    assert len(references) == 3
    focused = page.locator("[data-queue-link]:focus")

    page.keyboard.press("j")
    assert focused.inner_text() == references[0]
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert focused.inner_text() == references[2]
    page.keyboard.press("k")
    assert focused.inner_text() == references[1]

    with page.expect_navigation():
        page.keyboard.press("c")

    page.wait_for_selector("text=You are assessing this report")
    assert references[1] in page.locator("h1").inner_text()
    claimed = Case.objects.get(reference=references[1])
    assert claimed.claimed_by == counter["handler"] and claimed.status == "assessing"
    assert not Case.objects.exclude(pk=claimed.pk).filter(claimed_by__isnull=False).exists()
