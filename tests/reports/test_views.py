"""The resident's report pages through the test client: the stolen bike from the danger
questions to the confirmation, saving and resuming, and who may see a draft or a case."""

from __future__ import annotations

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from casework.models import Case
from casework.services import add_information, post_message
from engage import outbox
from reports.models import ReportDraft
from tests.conftest import signed_in
from tests.factories import CaseFactory, PostcodeAreaFactory
from tests.reports import BIKE_ITEM, BIKE_STEPS, start, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def postcode(neighbourhood):
    return PostcodeAreaFactory(code="NW1 7", neighbourhood=neighbourhood)


def test_the_report_counter_asks_the_danger_questions_before_anything_else(resident):
    client = signed_in(resident, danger_answered=False)
    response = client.get(reverse("reports:start"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("safety_question"))
    assert "flow=report" in response["Location"]


def test_the_type_page_lists_crimes_first_with_a_hint_for_each(resident):
    page = signed_in(resident).get(reverse("reports:start")).content.decode()
    assert page.index("Crimes") < page.index("Theft") < page.index("Other things to report")
    assert page.index("Other things to report") < page.index("Antisocial behaviour")
    assert "Something was stolen from you" in page


def test_choosing_fraud_explains_the_national_service_and_starts_no_draft(resident, settings):
    client = signed_in(resident)
    response = client.post(reverse("reports:start"), {"kind": "fraud"}, follow=True)
    page = response.content.decode()
    assert settings.FRAUD_REPORT_URL in page and "999" in page and "What to have ready" in page
    assert not ReportDraft.objects.exists()


def test_a_stolen_bike_is_reported_step_by_step_resumed_checked_changed_and_sent(
    resident, neighbourhood, postcode
):
    client = signed_in(resident)
    draft = start(client)
    assert draft.kind == "crime.theft" and draft.owner == resident and not draft.at_risk

    assert client.post(url(draft, "when"), BIKE_STEPS["when"])["Location"] == url(draft, "where")
    assert client.post(url(draft, "where"), BIKE_STEPS["where"])["Location"] == url(draft, "what")
    # Save and come back later: the draft is listed on /report/saved/ and resumes where it was.
    saved = client.post(url(draft, "what"), {**BIKE_STEPS["what"], "save_later": "1"})
    assert saved["Location"] == reverse("reports:saved")
    listing = client.get(reverse("reports:saved")).content.decode()
    assert url(draft, "items") in listing  # the first question not answered yet

    items = url(draft, "items")
    assert client.post(items, {**BIKE_ITEM, "add": "1"})["Location"] == items
    assert "Black Brompton folding bike" in client.get(items).content.decode()
    assert client.post(items, {"continue": "1"})["Location"] == url(draft, "people")
    assert client.post(url(draft, "people"), BIKE_STEPS["people"]).status_code == 302
    assert client.post(url(draft, "witnesses"), BIKE_STEPS["witnesses"]).status_code == 302
    assert "Upload file" in client.get(url(draft, "evidence")).content.decode()
    assert client.post(url(draft, "evidence"), {"continue": "1"})["Location"] == url(
        draft, "contact"
    )
    assert client.post(url(draft, "contact"), BIKE_STEPS["contact"])["Location"] == url(
        draft, "check"
    )

    check = client.get(url(draft, "check")).content.decode()
    assert "Between 08:00 and 17:30".lower() in check.lower() and "BR12345" in check
    assert "NW1 7AB" in check and "Camden Town" in check
    # A Change link returns to check your answers after the change.
    assert url(draft, "what", change=True).replace("&", "&amp;") in check
    changed = client.post(
        url(draft, "what", change=True), {"text": "My bike was stolen from the library rack."}
    )
    assert changed["Location"] == url(draft, "check")

    sent = client.post(url(draft, "check"), {"send": "1"})
    assert sent["Location"] == url(draft, "sent")
    case = Case.objects.get()
    confirmation = client.get(url(draft, "sent")).content.decode()
    assert case.reference in confirmation and "govuk-panel" in confirmation
    assert "45 minutes" in confirmation and "48 hours" in confirmation

    assert case.reporter == resident and case.kind == "crime.theft"
    assert case.summary == "My bike was stolen from the library rack."
    assert case.neighbourhood == neighbourhood and case.submission_key == str(draft.pk)
    assert case.answers["items"]["entries"] == [
        {"description": "Black Brompton folding bike", "value": "1450.00", "serial": "BR12345"}
    ]
    assert case.answers["contact"]["avoid_times"] == "Not before 9am"
    assert case.grade == "medium"  # a theft worth over £1,000 with its serial number
    assert set(case.thrive) == {
        "threat",
        "harm",
        "risk",
        "investigation",
        "vulnerability",
        "engagement",
    }

    outbox.sweep()
    assert [m.to for m in mail.outbox] == [["resident@example.com"]]
    assert case.reference in mail.outbox[0].subject
    assert "library" not in mail.outbox[0].body  # the email never carries the report's text

    # Submitted: gone from the saved list, and its pages show the case instead.
    assert url(draft, "items") not in client.get(reverse("reports:saved")).content.decode()
    assert client.get(url(draft, "what"))["Location"] == url(draft, "sent")


def test_sending_the_check_page_twice_files_one_case(resident, postcode):
    client = signed_in(resident)
    draft = start(client, "lost_found.lost")
    client.post(url(draft, "when"), BIKE_STEPS["when"])
    client.post(url(draft, "where"), BIKE_STEPS["where"])
    client.post(url(draft, "items"), {"description": "A blue umbrella", "continue": "1"})
    client.post(url(draft, "contact"), BIKE_STEPS["contact"])
    first = client.post(url(draft, "check"), {"send": "1"})
    second = client.post(url(draft, "check"), {"send": "1"})
    assert first["Location"] == second["Location"] == url(draft, "sent")
    case = Case.objects.get()
    assert case.grade == "low" and case.summary == "A blue umbrella"


def test_a_report_that_reads_as_an_emergency_gets_the_999_page_and_is_sent_on_confirmation(
    resident, postcode
):
    client = signed_in(resident)
    draft = start(client, "crime.assault")
    for step in ("when", "where"):
        client.post(url(draft, step), BIKE_STEPS[step])
    client.post(
        url(draft, "what"), {"text": "A man is waving a knife outside the station right now"}
    )
    client.post(url(draft, "people"), BIKE_STEPS["people"])
    client.post(url(draft, "witnesses"), BIKE_STEPS["witnesses"])
    client.post(url(draft, "contact"), BIKE_STEPS["contact"])
    gate = client.post(url(draft, "check"), {"send": "1"})
    assert gate.status_code == 200 and "call 999 now" in gate.content.decode()
    assert not Case.objects.exists()
    sent = client.post(url(draft, "check"), {"emergency_understood": "1"})
    assert sent["Location"] == url(draft, "sent")
    assert Case.objects.get().grade == "high"


def test_someone_may_tell_us_about_something_signed_out_and_anonymously(neighbourhood, postcode):
    client = Client()
    session = client.session
    session["safety_answers"] = {"report": {"answer": "clear", "at": 10**10}}
    session.save()
    draft = start(client, "tell_us")
    assert draft.owner is None and draft.session_key
    client.post(url(draft, "where"), {"postcode": "", "place": "The flats on Pratt Street"})
    client.post(url(draft, "what"), {"text": "Drugs are sold from a car there most evenings."})
    contact = client.post(url(draft, "contact"), {"anonymous": "on"})
    assert contact["Location"] == url(draft, "check")
    assert client.post(url(draft, "check"), {"send": "1"})["Location"] == url(draft, "sent")
    case = Case.objects.get()
    assert case.reporter is None and case.anonymous and case.kind == "tell_us"
    assert case.reference in client.get(url(draft, "sent")).content.decode()
    assert Client().get(url(draft, "check")).status_code == 404  # another browser


def test_a_crime_cannot_be_reported_signed_out(db):
    client = Client()
    session = client.session
    session["safety_answers"] = {"report": {"answer": "clear", "at": 10**10}}
    session.save()
    response = client.post(reverse("reports:start"), {"kind": "crime.theft"})
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert not ReportDraft.objects.exists()


def test_a_signed_out_tip_off_cannot_be_turned_into_a_crime_report(db):
    client = Client()
    session = client.session
    session["safety_answers"] = {"report": {"answer": "clear", "at": 10**10}}
    session.save()
    draft = start(client, "tell_us")

    response = client.post(url(draft, "type"), {"kind": "crime.theft"})

    draft.refresh_from_db()
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert draft.kind == "tell_us"


def test_someone_elses_draft_is_not_found(resident, other_resident):
    draft = start(signed_in(resident))
    other = signed_in(other_resident)
    for address in (url(draft, "when"), url(draft, "check"), url(draft, "sent")):
        assert other.get(address).status_code == 404
        assert other.post(address, BIKE_STEPS["when"]).status_code == 404
    assert url(draft, "when") not in other.get(reverse("reports:saved")).content.decode()


def test_a_case_page_is_not_found_for_anyone_but_its_reporter(
    report_by, other_resident, officer, call_handler, moderator
):
    case = report_by(with_team=True)
    assert signed_in(case.reporter).get(case.get_absolute_url()).status_code == 200
    assert Client().get(case.get_absolute_url()).status_code == 404
    assert signed_in(other_resident).get(case.get_absolute_url()).status_code == 404
    for staff in (officer, call_handler, moderator):  # staff use the contact-centre pages
        response = signed_in(staff, two_factor=True).get(case.get_absolute_url())
        assert response.status_code == 404, staff
    missing = reverse("reports:status", kwargs={"reference": "R-00000-00000"})
    assert signed_in(case.reporter).get(missing).status_code == 404


def test_the_reporter_sees_a_staff_message_with_its_signature(report_by, call_handler):
    case = report_by(recorded=True)
    post_message(
        case, author=call_handler, body="We have **recorded** it.", signature="Contact centre"
    )
    page = signed_in(case.reporter).get(case.get_absolute_url()).content.decode()
    assert "<strong>recorded</strong>" in page and "Message from Contact centre" in page
    assert "CRN-0001234/26" in page and "Crime recorded" in page
    assert 'id="case-history"' in page and f'data-case="{case.reference}"' in page
    last = case.events.filter(for_reporter=True).order_by("-id").first()
    assert f'data-last="{last.pk}"' in page


def test_adding_information_reopens_a_closed_report(report_by):
    case = report_by(closed=True)
    page = signed_in(case.reporter).get(case.get_absolute_url()).content.decode()
    assert "There are no lines of enquiry" in page
    client = signed_in(case.reporter)
    response = client.post(case.get_absolute_url(), {"body": "I found a photo of the thief."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == "received"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "I found a photo of the thief." in page and "opened again" in page


def test_adding_nothing_says_what_to_do(report_by):
    case = report_by()
    response = signed_in(case.reporter).post(case.get_absolute_url(), {"body": ""})
    assert response.status_code == 400
    assert "Write what you want to add" in response.content.decode()


def test_the_case_page_costs_the_same_queries_however_long_its_history(
    report_by, call_handler, django_assert_num_queries
):
    case = report_by()
    client = signed_in(case.reporter)
    client.get(case.get_absolute_url())  # warm: the session and the user's roles
    # The session, the user with their roles, the case with its place, its history with the
    # messages, and the unread-notifications badge every page shows.
    with django_assert_num_queries(5):
        client.get(case.get_absolute_url())
    for n in range(5):
        post_message(case, author=call_handler, body=f"Message {n}", signature="Contact centre")
        add_information(case, reporter=case.reporter, body=f"Reply {n}")
    with django_assert_num_queries(5):
        assert "Message 4" in client.get(case.get_absolute_url()).content.decode()


def test_your_reports_lists_them_newest_first_in_constant_queries(
    resident, report_by, django_assert_num_queries
):
    client = signed_in(resident)
    report_by(summary="The first one")
    client.get(reverse("reports:mine"))
    with django_assert_num_queries(4):
        client.get(reverse("reports:mine"))
    for n in range(25):
        report_by(summary=f"Report {n}")
    CaseFactory(summary="Someone else's")
    with django_assert_num_queries(4):
        page = client.get(reverse("reports:mine")).content.decode()
    assert "Report 24" in page and "The first one" not in page and "Someone else" not in page
    assert page.index("Report 24") < page.index("Report 23")
    assert "after=" in page


def test_the_at_risk_answer_is_remembered_on_the_draft(resident):
    client = signed_in(resident, danger_answered=False)
    session = client.session
    session["safety_answers"] = {"report": {"answer": "at_risk", "at": 10**10}}
    session.save()
    assert start(client).at_risk


def test_vehicles_are_listed_one_at_a_time_without_javascript(resident):
    client = signed_in(resident)
    draft = start(client, "crime.vehicle")
    vehicles = url(draft, "vehicles")
    van = {"registration": "ab12 cde", "make": "Ford", "model": "Transit", "colour": "White"}
    assert client.post(vehicles, {**van, "role": "victim", "add": "1"})["Location"] == vehicles
    refused = client.post(vehicles, {**van, "role": "", "continue": "1"})
    assert refused.status_code == 400 and "Select whose vehicle it is" in refused.content.decode()
    car = {**van, "registration": "XY70 ZZZ", "role": "suspect", "continue": "1"}
    assert client.post(vehicles, car)["Location"] == url(draft, "items")
    client.post(vehicles, {"remove": "0"})
    draft.refresh_from_db()
    assert [v["registration"] for v in draft.answers["vehicles"]["entries"]] == ["XY70 ZZZ"]


def test_a_hate_crime_asks_why_it_happened(resident):
    client = signed_in(resident)
    draft = start(client, "crime.hate")
    refused = client.post(url(draft, "hate"), {})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.content.decode()
    assert client.post(url(draft, "hate"), {"motives": ["religion", "race"]}).status_code == 302
    draft.refresh_from_db()
    assert sorted(draft.answers["hate"]["motives"]) == ["race", "religion"]


def test_one_history_entry_renders_from_the_event_alone(report_by, call_handler):
    case = report_by()
    post_message(case, author=call_handler, body="Can you call us?", signature="PC Smith")
    event = case.events.get(kind="case.message")
    html = render_to_string("casework/_case_event.html", {"event": event})
    assert "Can you call us?" in html and "PC Smith" in html and f'id="event-{event.pk}"' in html


def test_sending_before_every_question_is_answered_points_to_the_first_one_left(resident):
    client = signed_in(resident)
    draft = start(client)
    client.post(url(draft, "when"), BIKE_STEPS["when"])
    page = client.post(url(draft, "check"), {"send": "1"}).content.decode()
    assert "have not been answered yet" in page and f'href="{url(draft, "where")}"' in page
    assert not Case.objects.exists()


@pytest.mark.parametrize("hostile", ["²", "9" * 5000, "-1", ""])
def test_a_hostile_remove_button_value_changes_nothing_and_fails_nothing(resident, hostile):
    client = signed_in(resident)
    draft = start(client)
    client.post(url(draft, "items"), {**BIKE_ITEM, "add": "1"})

    for step in ("items", "evidence"):
        response = client.post(url(draft, step), {"remove": hostile})
        assert response.status_code in (200, 302), (step, response.status_code)
    draft.refresh_from_db()
    assert len(draft.answers["items"]["entries"]) == 1


@pytest.mark.parametrize("days", ["²", "9" * 5000, "abc"])
def test_a_hostile_period_on_the_figures_page_falls_back_to_the_default(call_handler, days):
    response = signed_in(call_handler, two_factor=True).get(
        reverse("report_figures:index"), {"days": days}
    )

    assert response.status_code == 200
