"""The permits counter in Chromium (issue 13's "done means"), by keyboard alone with JavaScript
off and axe on every page: an organiser notifies a march 10 days ahead, answers the licensing
officer's request for more information and downloads the acknowledgement; a firearms
licensing officer grants a shotgun certificate renewal."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from casework.models import Case
from casework.states import CaseStatus
from permits.models import Application, PublicNotice
from permits.services import review
from tests.browser.conftest import open_page, sign_in
from tests.browser.helpers import tab_to
from tests.browser.test_report_counter import (
    assert_accessible_without_scripts,
    choose_radio,
    heading,
    press_on,
    type_into,
)
from tests.factories import (
    ApplicationCaseFactory,
    LicensingOfficerFactory,
    NeighbourhoodFactory,
    PostcodeAreaFactory,
    TOTPDeviceFactory,
    UserFactory,
    seeded_type,
)


@pytest.fixture
def scriptless(browser, live_server_url, transactional_db):
    page = open_page(browser, live_server_url, java_script_enabled=False, accept_downloads=True)
    yield page
    page.context.close()


@pytest.fixture
def people(transactional_db):
    """Camden Town (its postcode sector), an organiser, and an officer of each licensing unit."""
    camden = NeighbourhoodFactory(name="Camden Town", slug="camden-town")
    PostcodeAreaFactory(code="NW1 7", neighbourhood=camden)
    organiser = UserFactory(email="organiser@example.com", display_name="Asha")
    events = UserFactory(email="events.officer@example.com", display_name="Dev")
    LicensingOfficerFactory(user=events, units=[seeded_type("procession").unit])
    firearms = UserFactory(email="firearms.officer@example.com", display_name="Ruth")
    LicensingOfficerFactory(user=firearms, units=[seeded_type("firearms").unit])
    for staff in (events, firearms):
        TOTPDeviceFactory(user=staff)
    return {"camden": camden, "organiser": organiser, "events": events, "firearms": firearms}


def step_done(page, expected: str) -> None:
    assert expected in heading(page), f"{page.url}: {heading(page)}"
    assert_accessible_without_scripts(page)


def type_date(page, first_box: str, day, at: str = "") -> None:
    """The GOV.UK date boxes (day, month, year follow each other), then the time box."""
    type_into(page, first_box, str(day.day))
    for value in (str(day.month), str(day.year)):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    if at:
        page.keyboard.press("Tab")
        page.keyboard.type(at)


def answer_text(page, text: str, field: str = "[name=answer]") -> None:
    type_into(page, field, text)
    press_on(page, "button:has-text('Continue')")


def notify_the_march(page, day) -> None:
    """Every page of the procession notice, as the keyboard reaches it."""
    step_done(page, "Will the people taking part move along a route?")
    choose_radio(page, "answer", 0)
    press_on(page, "button:has-text('Continue')")
    step_done(page, "What is the procession called")
    answer_text(page, "Save Camden Library march")
    for label, at in (("When does it start?", "11:00"), ("When do you expect it to end?", "14:00")):
        step_done(page, label)
        type_date(page, "input[name=day]", day, at)
        press_on(page, "button:has-text('Continue')")
    step_done(page, "Where will people gather")
    answer_text(page, "Camden Town Hall, Judd Street, London NW1 7AB")
    step_done(page, "What is the route?")
    answer_text(page, "Judd Street, Euston Road, Camden High Street to the library.")
    step_done(page, "About how many people")
    answer_text(page, "About 300")
    step_done(page, "Which roads will need to close")
    press_on(page, "button:has-text('Continue')")  # none: the question is optional
    step_done(page, "How many stewards")
    answer_text(page, "Twelve stewards, on 07700 900 111 on the day.")
    step_done(page, "Who is organising it?")
    type_into(page, "[name=name]", "Asha Patel")
    for value in ("12 Pratt Street, London NW1 0AB", "07700 900 982", "asha@example.com"):
        page.keyboard.press("Tab")
        page.keyboard.type(value)
    press_on(page, "button:has-text('Continue')")
    step_done(page, "May we")
    choose_radio(page, "answer", 0)  # Yes, show it on the neighbourhood page
    press_on(page, "button:has-text('Continue')")


def test_an_organiser_notifies_a_march_answers_a_question_and_downloads_the_acknowledgement(
    scriptless, people
):
    page = scriptless
    sign_in(page, people["organiser"])
    page.goto("/apply/")
    step_done(page, "Apply")
    press_on(page, "a:has-text('Notify us of a procession or march')")
    step_done(page, "Notify us of a procession or march")
    assert "6 clear days" in page.inner_text("main") and "no fee" in page.inner_text("main")
    press_on(page, "button:has-text('Start now')")

    notify_the_march(page, timezone.localdate() + timedelta(days=10))
    step_done(page, "Check your answers")
    assert "Save Camden Library march" in page.inner_text("main")
    assert "clear days" not in page.inner_text(".govuk-warning-text, main")  # in good time
    press_on(page, "button:has-text('Send notice')")
    step_done(page, "Notice sent")
    case = Case.objects.get(kind="permit.procession")
    assert case.reference in page.inner_text("main") and case.reporter == people["organiser"]
    assert not case.application.late and case.application.publish_consent

    # The events officer asks a question (their own pages are tested below and elsewhere).
    review.claim_application(case, officer=people["events"])
    case = Case.objects.get(pk=case.pk)
    review.request_information(
        case, officer=people["events"], body="Which side of Euston Road?", version=case.version
    )
    page.goto(f"/applications/{case.reference}/")
    step_done(page, f"Your application {case.reference}")
    assert "Which side of Euston Road?" in page.inner_text("#case-history")
    type_into(page, "textarea[name=body]", "The north side, walking west.")
    press_on(page, "button:has-text('Send your answer')")
    step_done(page, f"Your application {case.reference}")
    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.UNDER_REVIEW and case.paused_at is None
    assert "The north side, walking west." in page.inner_text("#case-history")

    review.grant(case, officer=people["events"], version=case.version)
    page.reload()
    step_done(page, f"Your application {case.reference}")
    assert "acknowledged" in page.inner_text("#status-words")
    link = page.locator("a:has-text('Download the decision letter')")
    tab_to(page, "a:has-text('Download the decision letter')")
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = "".join(p.extract_text() for p in pdf.pages)
    assert case.reference in text and "acknowledge" in text.lower()
    assert "/StructTreeRoot" in pdf.trailer["/Root"] and link.count() == 1
    assert PublicNotice.objects.get(case=case).title == "Save Camden Library march"


def test_a_licensing_officer_grants_a_shotgun_renewal_by_keyboard_without_javascript(
    scriptless, people
):
    case = ApplicationCaseFactory(
        neighbourhood=people["camden"],
        summary="Shotgun certificate renewal",
        answers={
            "certificate": "Shotgun certificate",
            "grant_or_renewal": "Renewal",
            "certificate_number": "SGC/2021/04417",
        },
    )
    page = scriptless
    sign_in(page, people["firearms"], two_factor=True)
    page.goto("/licensing/")
    step_done(page, "Applications to review")
    press_on(page, f"a:has-text('{case.reference}')")
    step_done(page, case.reference)
    assert "SGC/2021/04417" in page.inner_text("main")
    press_on(page, "button:has-text('Start the review')")
    step_done(page, case.reference)
    type_into(page, "#action-grant textarea[name=grant-reason]", "Referee and GP confirmed.")
    press_on(page, "#action-grant button:has-text('Grant it')")
    step_done(page, case.reference)

    case = Case.objects.get(pk=case.pk)
    assert case.status == CaseStatus.GRANTED and case.claimed_by is None
    application = Application.objects.get(case=case)
    assert application.decided_by == people["firearms"]
    assert application.expires_on.year == timezone.localdate().year + 5
    assert not PublicNotice.objects.exists()  # a certificate is never public
