"""The applicant's pages through the test client: a procession notified from the list of
types to the confirmation, on time and late; a stop answer; questions asked only when they
apply; a type the admin adds; answering a request for more information; withdrawing; and who
may see any of it."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from PIL import Image

from casework.models import Case, CaseMessage
from casework.services import post_message, transition_case
from casework.states import CaseStatus
from engage import outbox
from engage.models import LicensingUnit
from permits import flow
from permits.models import (
    Application,
    ApplicationDraft,
    ApplicationType,
    DraftFile,
    PublicNotice,
    Question,
)
from tests.conftest import signed_in
from tests.factories import PostcodeAreaFactory, seeded_type
from tests.permits.applying import (
    GPS_IFD,
    PDF,
    photo_with_gps,
    procession,
    start,
    uploaded,
    walk,
    when,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden(neighbourhood):
    return PostcodeAreaFactory(code="WC1H", neighbourhood=neighbourhood)


def test_the_list_of_types_shows_each_with_its_summary(db):
    page = Client().get(reverse("permits:index")).content.decode()
    for slug in ("procession", "filming", "firearms", "event"):
        kind = seeded_type(slug)
        assert escape(kind.name) in page and escape(kind.summary) in page
        assert kind.get_absolute_url() in page


def test_the_type_page_gives_the_guidance_notice_fee_and_unit_before_you_start(resident):
    kind = seeded_type("procession")
    page = signed_in(resident).get(kind.get_absolute_url()).content.decode()
    assert "form 3175" in page and "6 clear days" in page and "There is no fee." in page
    assert "Public Order and Events Planning" in page and "Start now" in page


def test_signed_out_start_now_sends_you_to_sign_in_and_back(db):
    kind = seeded_type("procession")
    page = Client().get(kind.get_absolute_url()).content.decode()
    assert "Sign in to start" in page
    response = Client().post(reverse("permits:start", kwargs={"slug": "procession"}))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert response["Location"].endswith("next=" + kind.get_absolute_url())
    assert not ApplicationDraft.objects.exists()


def test_a_procession_notified_ten_days_ahead_is_sent_without_a_late_warning(
    resident, neighbourhood, camden
):
    client = signed_in(resident)
    draft, first = start(client, "procession")
    assert first.endswith("/moving/")
    check, asked = walk(client, first, procession(10))
    assert asked[-1] == "publish_consent" and "organiser" in asked

    page = client.get(check).content.decode()
    assert "Save Camden Library march" in page and "Asha Patel" in page
    assert "There is no fee." in page and 'id="late-notice"' not in page
    assert client.post(check, {"send": "1"})["Location"] == reverse(
        "permits:sent", kwargs={"draft": draft.pk}
    )

    case = Case.objects.get()
    assert case.reference.startswith("P-") and case.counter == "permit"
    assert case.kind == "permit.procession" and case.unit == seeded_type("procession").unit
    assert case.neighbourhood == neighbourhood  # from the postcode of the assembly point
    application = Application.objects.get(case=case)
    assert application.starts_at is not None and not application.late
    assert application.publish_consent
    assert case.triage_due_at == application.starts_at
    assert "closures" not in case.answers  # an optional question left empty is not sent
    confirmation = client.get(reverse("permits:sent", kwargs={"draft": draft.pk})).content
    assert case.reference in confirmation.decode()

    outbox.sweep()
    assert [m.to for m in mail.outbox] == [["resident@example.com"]]
    assert case.reference in mail.outbox[0].subject and "application" in mail.outbox[0].subject
    assert "library" not in mail.outbox[0].body.lower()


def test_a_procession_notified_three_days_ahead_is_warned_late_and_still_accepted(resident):
    client = signed_in(resident)
    draft, first = start(client, "procession")
    check, _ = walk(client, first, procession(3))

    page = client.get(check).content.decode()
    assert 'id="late-notice"' in page and "not reasonably practicable" in page
    assert "we will accept it" in page
    assert client.post(check, {"send": "1"}).status_code == 302
    application = Application.objects.get()
    assert application.late and application.case.reference.startswith("P-")
    outbox.sweep()
    assert len(mail.outbox) == 1


def test_filming_that_needs_no_police_stops_with_the_reason_and_files_nothing(resident):
    client = signed_in(resident)
    draft, first = start(client, "filming")
    response = client.post(first, {"answer": "None of these"})
    stopped = reverse("permits:stopped", kwargs={"draft": draft.pk})
    assert response["Location"] == stopped
    page = client.get(stopped).content.decode()
    assert "You do not need a permit to film in public" in page and "change your answer" in page
    check = client.get(reverse("permits:check", kwargs={"draft": draft.pk}))
    assert check["Location"] == stopped
    assert client.post(reverse("permits:check", kwargs={"draft": draft.pk})).status_code == 302
    assert not Case.objects.exists()


FIREARMS = {
    "certificate": {"answer": "Shotgun certificate"},
    "grant_or_renewal": {"answer": "Grant (a first certificate)"},
    "certificate_number": {"answer": "SG/12345"},
    "prohibited": {"answer": "No"},
    "date_of_birth": {"day": "4", "month": "7", "year": "1980"},
    "home": {"answer": "3 Church Lane, Little Hadham SG11 2DP"},
    "reason": {"answer": "Clay pigeon shooting at the club."},
    "storage": {"answer": "A bolted BS 7558 cabinet in the cellar."},
    "gp": {"name": "Dr A Khan", "address": "The Surgery, SG11", "phone": "01279 000 000"},
    "referee_1": {"name": "Bill Jones", "phone": "07700 900 123"},
    "referee_2": {"name": "", "address": "", "phone": "", "email": ""},
}


def test_a_first_certificate_skips_the_certificate_number_and_a_renewal_asks_it(resident):
    client = signed_in(resident)
    pages = {**FIREARMS, "medical_proforma": {"file": uploaded(PDF, "proforma.pdf")}}
    _, first = start(client, "firearms")
    _, asked = walk(client, first, pages)
    assert "certificate_number" not in asked and "medical_proforma" in asked

    renewal = {**pages, "grant_or_renewal": {"answer": "Renewal"}}
    renewal["medical_proforma"] = {"file": uploaded(PDF, "proforma.pdf")}
    _, first = start(client, "firearms")
    _, asked = walk(client, first, renewal)
    assert asked.index("grant_or_renewal") + 1 == asked.index("certificate_number")


def test_a_type_added_in_the_admin_is_offered_and_applied_for_to_the_end(resident):
    unit = LicensingUnit.objects.create(slug="collections", name="Street Collections Unit")
    kind = ApplicationType.objects.create(
        slug="collection",
        name="Tell us about a street collection",
        summary="Charities collecting money in the street.",
        unit=unit,
        lead_days=14,
        late_notice="We ask for 14 clear days.",
        fee="£10 administration fee.",
        how_to_pay="We send an invoice.",
    )
    Question.objects.create(
        type=kind,
        order=1,
        key="charity_kind",
        label="What kind of charity is it?",
        kind="choice",
        choices="Registered charity\nCommunity group",
    )
    Question.objects.create(
        type=kind,
        order=2,
        key="collection_day",
        label="When is the collection?",
        kind="date",
        publish_as="starts",
    )
    Question.objects.create(
        type=kind, order=3, key="licence", label="Upload the council's permit", kind="file"
    )

    assert (
        "Tell us about a street collection"
        in Client().get(reverse("permits:index")).content.decode()
    )
    client = signed_in(resident)
    draft, first = start(client, "collection")
    pages = {
        "charity_kind": {"answer": "Community group"},
        "collection_day": when(30),
        "licence": {"file": uploaded(PDF, "council permit.pdf")},
    }
    check, asked = walk(client, first, pages)
    assert asked == ["charity_kind", "collection_day", "licence"]
    page = client.get(check).content.decode()
    assert "£10 administration fee." in page and "council permit.pdf" in page
    assert client.post(check, {"send": "1"}).status_code == 302

    case = Case.objects.get()
    assert case.kind == "permit.collection" and case.unit == unit
    document = case.documents.get()
    assert case.answers["licence"] == {"document": document.pk, "name": document.name}
    assert case.answers["charity_kind"] == "Community group"
    assert not Application.objects.get(case=case).late
    assert not DraftFile.objects.exists()


def test_a_text_file_named_pdf_is_refused_with_a_clear_message(resident):
    client = signed_in(resident)
    draft, _ = start(client, "event")
    page = reverse("permits:question", kwargs={"draft": draft.pk, "key": "plan"})
    response = client.post(page, {"file": uploaded(b"just some notes, not a PDF", "plan.pdf")})
    assert response.status_code == 400
    text = response.content.decode()
    assert "whatever its name says" in text and "govuk-error-summary" in text
    assert not DraftFile.objects.exists() and "plan" not in ApplicationDraft.objects.get().answers


def test_a_photo_loses_its_gps_exif_on_the_way_in_and_keeps_its_pixels(resident):
    client = signed_in(resident)
    draft, _ = start(client, "event")
    page = reverse("permits:question", kwargs={"draft": draft.pk, "key": "plan"})
    photo = uploaded(photo_with_gps(), "plan.jpg")
    assert client.post(page, {"file": photo}).status_code == 302
    held = DraftFile.objects.get()
    with held.file.open("rb") as stored:
        kept = Image.open(io.BytesIO(stored.read()))
    assert kept.size == (64, 48) and dict(kept.getexif()) == {}
    assert not kept.getexif().get_ifd(GPS_IFD)
    draft.refresh_from_db()
    assert draft.answers["plan"] == {"draft_file": held.pk, "name": "plan.jpg"}


def test_the_applicant_answers_a_request_for_more_information_and_the_clock_restarts(
    application_by, licensing_officer
):
    case = application_by()
    transition_case(case, CaseStatus.MORE_INFO, actor=licensing_officer)
    post_message(case, author=licensing_officer, body="Which club?", signature="Firearms")
    case.refresh_from_db()
    assert case.paused_at is not None
    client = signed_in(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Answer the licensing officer" in page and "Which club?" in page

    response = client.post(case.get_absolute_url(), {"body": "The Hadham clay club."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.paused_at is None
    assert CaseMessage.objects.filter(case=case, from_staff=False).get().body == (
        "The Hadham clay club."
    )
    page = client.get(case.get_absolute_url()).content.decode()
    assert "The Hadham clay club." in page and "Answer the licensing officer" not in page


def test_the_applicant_writes_before_the_decision_and_not_after(application_by):
    case = application_by()
    client = signed_in(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Write to the licensing officers" in page
    assert client.post(case.get_absolute_url(), {"body": "Hello?"}).status_code == 302
    assert CaseMessage.objects.get().body == "Hello?"
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED  # nothing moved

    Case.objects.filter(pk=case.pk).update(status=CaseStatus.GRANTED)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Write to the licensing officers" not in page
    response = client.post(case.get_absolute_url(), {"body": "And again?"})
    assert response.status_code == 400 and "decided or withdrawn" in response.content.decode()
    assert CaseMessage.objects.count() == 1


def test_withdrawing_asks_first_then_withdraws_and_takes_a_public_notice_down(application_by):
    case = application_by(type_slug="procession")
    notice = PublicNotice.objects.create(
        case=case,
        neighbourhood=case.neighbourhood,
        kind_name="March",
        title="A march",
        starts_at=timezone.now(),
        ends_at=timezone.now(),
    )
    client = signed_in(case.reporter)
    assert "Withdraw application" in client.get(case.get_absolute_url()).content.decode()
    withdraw = reverse("permits:withdraw", kwargs={"reference": case.reference})
    assert "Are you sure" in client.get(withdraw).content.decode()
    assert client.post(withdraw, {"confirm": "no"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED
    assert client.post(withdraw, {}).status_code == 400

    assert client.post(withdraw, {"confirm": "yes"})["Location"] == case.get_absolute_url()
    case.refresh_from_db()
    notice.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN and notice.withdrawn_at is not None
    assert "Withdraw application" not in client.get(case.get_absolute_url()).content.decode()


def test_a_decided_application_cannot_be_withdrawn(application_by, licensing_officer):
    case = application_by()
    transition_case(case, CaseStatus.GRANTED, actor=licensing_officer)
    client = signed_in(case.reporter)
    page = client.get(case.get_absolute_url()).content.decode()
    assert reverse("permits:letter", kwargs={"reference": case.reference}) in page
    withdraw = reverse("permits:withdraw", kwargs={"reference": case.reference})
    assert client.post(withdraw, {"confirm": "yes"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.GRANTED


def test_an_emergency_in_an_answer_shows_the_999_page_before_anything_is_filed(resident):
    client = signed_in(resident)
    _, first = start(client, "procession")
    pages = procession(10)
    pages["route"] = {"answer": "A man is waving a knife at people outside the station right now"}
    check, _ = walk(client, first, pages)
    gate = client.post(check, {"send": "1"})
    assert gate.status_code == 200 and "call 999 now" in gate.content.decode()
    assert not Case.objects.exists() and not mail.outbox
    assert client.post(check, {"emergency_understood": "1"}).status_code == 302
    assert Case.objects.get().reference.startswith("P-")


PERSONAS = [
    "anonymous",
    "other_resident",
    "officer",
    "call_handler",
    "licensing_officer",
    "moderator",
]


@pytest.mark.parametrize("persona", PERSONAS)
def test_nobody_but_the_applicant_reaches_a_draft_or_an_application(
    request, persona, resident, application_by, licensing_officer
):
    mine = signed_in(resident)
    draft, first = start(mine, "firearms")
    mine.post(first, {"answer": "Shotgun certificate"})
    case = application_by(type_slug="firearms")  # reviewed by `licensing_officer`'s unit
    transition_case(case, CaseStatus.MORE_INFO, actor=licensing_officer)
    case.refresh_from_db()
    before = (dict(ApplicationDraft.objects.get(pk=draft.pk).answers), case.status, case.version)
    client = (
        Client()
        if persona == "anonymous"
        else signed_in(request.getfixturevalue(persona), two_factor=persona != "other_resident")
    )
    drafts = [
        reverse("permits:question", kwargs={"draft": draft.pk, "key": "certificate"}),
        reverse("permits:check", kwargs={"draft": draft.pk}),
        reverse("permits:sent", kwargs={"draft": draft.pk}),
        reverse("permits:stopped", kwargs={"draft": draft.pk}),
    ]
    cases = [
        case.get_absolute_url(),
        reverse("permits:withdraw", kwargs={"reference": case.reference}),
    ]
    posts = {"answer": "Both", "send": "1", "body": "Let me in", "confirm": "yes"}
    for address in drafts + cases:
        for response in (client.get(address), client.post(address, posts)):
            assert response.status_code in (302, 404), (address, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith(reverse("login")), address
            assert (
                b"Shotgun" not in response.content
                and case.reference.encode() not in response.content
            )
    case.refresh_from_db()
    after = (ApplicationDraft.objects.get(pk=draft.pk).answers, case.status, case.version)
    assert after == before and not CaseMessage.objects.exists()
    assert not Case.objects.exclude(pk=case.pk).exists()
    assert client.get(seeded_type("firearms").get_absolute_url()).status_code == 200


def test_save_and_come_back_later_lists_the_draft_and_resumes_where_it_was(resident):
    client = signed_in(resident)
    draft, first = start(client, "procession")
    pages = procession(10)
    second = client.post(first, pages["moving"])["Location"]
    saved = client.post(second, {**pages["title"], "save_later": "1"})
    assert saved["Location"] == reverse("permits:saved")
    listing = client.get(reverse("permits:saved")).content.decode()
    resume = reverse("permits:question", kwargs={"draft": draft.pk, "key": "starts"})
    assert "Notify us of a procession or march" in listing and resume in listing
    # Leaving an unanswered page to come back later is fine too: nothing is asked of it.
    assert client.post(resume, {"save_later": "1"})["Location"] == reverse("permits:saved")
    draft.refresh_from_db()
    assert draft.answers == {
        "moving": pages["moving"]["answer"],
        "title": "Save Camden Library march",
    }


def test_an_unanswered_question_says_what_to_do(resident):
    client = signed_in(resident)
    _, first = start(client, "procession")
    response = client.post(first, {})
    page = response.content.decode()
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "Select one option" in page and 'href="#id_answer_0"' in page


def test_your_applications_lists_them_newest_first_in_constant_queries(
    resident, application_by, django_assert_num_queries
):
    client = signed_in(resident)
    application_by(summary="The first one")
    client.get(reverse("permits:mine"))
    with django_assert_num_queries(4):
        client.get(reverse("permits:mine"))
    for n in range(25):
        application_by(summary=f"Application {n}")
    with django_assert_num_queries(4):
        page = client.get(reverse("permits:mine")).content.decode()
    assert "Application 24" in page and "The first one" not in page and "after=" in page
    assert page.index("Application 24") < page.index("Application 23")


def test_an_answer_may_bring_a_document_checked_like_any_other(application_by, licensing_officer):
    case = application_by()
    transition_case(case, CaseStatus.MORE_INFO, actor=licensing_officer)
    client = signed_in(case.reporter)
    refused = client.post(
        case.get_absolute_url(), {"body": "Here it is.", "file": uploaded(b"text", "form.pdf")}
    )
    assert refused.status_code == 400 and "whatever its name says" in refused.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.MORE_INFO and not case.documents.exists()
    sent = client.post(
        case.get_absolute_url(), {"body": "Here it is.", "file": uploaded(PDF, "form.pdf")}
    )
    assert sent.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.documents.get().name == "form.pdf"


@pytest.mark.parametrize("slug", ["procession", "filming", "firearms", "event"])
def test_every_question_page_of_a_seeded_type_shows_its_question_as_the_heading(resident, slug):
    client = signed_in(resident)
    draft, _ = start(client, slug)
    for question in flow.all_questions(seeded_type(slug)):
        address = reverse("permits:question", kwargs={"draft": draft.pk, "key": question.key})
        response = client.get(address)
        if not question.applies_to(draft.answers):
            assert response.status_code == 302
            continue
        page = response.content.decode()
        assert response.status_code == 200 and "<h1" in page, question.key
        assert escape(question.label) in page and "Save and come back later" in page


def test_a_point_an_email_and_a_phone_question_are_asked_and_read_back(resident):
    kind = ApplicationType.objects.create(
        slug="drone",
        name="Drone flight",
        summary="Flying near a police site.",
        unit=seeded_type("filming").unit,
    )
    for order, (key, qkind) in enumerate((("spot", "point"), ("mail", "email"), ("tel", "phone"))):
        Question.objects.create(type=kind, order=order, key=key, label=f"Your {key}?", kind=qkind)
    client = signed_in(resident)
    _, first = start(client, "drone")
    assert "Latitude" in client.get(first).content.decode()
    pages = {
        "spot": {"lat": "51.5390", "lng": "-0.1426"},
        "mail": {"answer": "pilot@example.com"},
        "tel": {"answer": "07700 900 982"},
    }
    check, _ = walk(client, first, pages)
    page = client.get(check).content.decode()
    assert "51.539, -0.1426" in page and "pilot@example.com" in page and "07700 900 982" in page
