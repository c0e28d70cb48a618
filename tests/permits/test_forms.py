"""The question forms, one per kind, built from Question rows: what each gives back for the
draft, and the message a resident reads when an answer will not do."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from permits.forms import answer_form
from tests.factories import QuestionFactory
from tests.permits.applying import PDF, when

pytestmark = pytest.mark.django_db


def form_for(kind: str, data: dict | None = None, files: dict | None = None, **fields):
    question = QuestionFactory(kind=kind, **fields)
    return answer_form(question, answers={}, data=data, files=files)


def test_a_choice_is_radios_and_its_answer_is_the_option_as_listed():
    form = form_for("choice", {"answer": "Renewal"}, choices="Grant\nRenewal")
    assert form.fields["answer"].widget.input_type == "radio"
    assert form.is_valid() and form.answer() == "Renewal"


def test_an_option_not_listed_is_refused():
    form = form_for("choice", {"answer": "Both"}, choices="Grant\nRenewal")
    assert not form.is_valid() and form.errors["answer"] == ["Select one of the options listed"]


def test_yes_or_no_asks_for_one_of_them():
    form = form_for("yes_no", {})
    assert not form.is_valid() and form.errors["answer"] == ["Select yes or no"]
    answered = form_for("yes_no", {"answer": "No"})
    assert answered.is_valid() and answered.answer() == "No"


def test_a_date_is_three_boxes_kept_as_an_iso_date():
    form = form_for("date", {"day": "4", "month": "7", "year": "1980"})
    assert form.is_valid() and form.answer() == "1980-07-04"


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        ({}, "Enter the date, for example 27 3 2027"),
        ({"day": "4", "month": "", "year": "1980"}, "The date must include a month"),
        ({"day": "31", "month": "2", "year": "2027"}, "The date must be a real date"),
        ({"day": "²", "month": "1", "year": "2027"}, "The date must be a real date"),
        ({"day": "1", "month": "1", "year": "9" * 5000}, "The date must be a real date"),
    ],
)
def test_a_date_that_will_not_do_says_why_on_the_day_box(boxes, message):
    form = form_for("date", boxes)
    assert not form.is_valid()
    assert form.errors["day"][0].startswith(message) and "month" not in form.errors


def test_a_start_in_the_past_is_refused_and_an_end_before_the_start_too():
    form = form_for("datetime", when(-2, "10:00"), publish_as="starts")
    assert not form.is_valid() and form.errors["day"] == ["The date must be in the future"]
    start = QuestionFactory(kind="datetime", publish_as="starts", key="starts")
    end = QuestionFactory(type=start.type, kind="datetime", publish_as="ends", key="ends")
    ends = answer_form(
        end,
        answers={"starts": "2099-05-01T12:00"},
        data={"day": "1", "month": "5", "year": "2099", "time": "11:00"},
    )
    assert not ends.is_valid() and ends.errors["day"] == ["The end must be after the start"]


def test_a_date_and_time_needs_the_time_and_is_kept_in_local_time():
    form = form_for("datetime", when(5))
    assert not form.is_valid() and form.errors["time"] == ["Enter the time, for example 14:30"]
    form = form_for("datetime", {**when(5), "time": "14:30"})
    assert form.is_valid() and form.answer().endswith("T14:30")


def test_a_person_needs_a_name_and_a_way_to_reach_them():
    form = form_for("person", {"name": "", "address": "1 High St", "phone": "", "email": ""})
    assert not form.is_valid()
    assert form.errors["name"] == ["Enter their full name"]
    assert form.errors["phone"] == ["Enter a phone number or an email address for them"]
    form = form_for("person", {"name": " Bill Jones ", "email": "bill@example.com"})
    assert form.is_valid()
    assert form.answer() == {
        "name": "Bill Jones",
        "address": "",
        "phone": "",
        "email": "bill@example.com",
    }


def test_an_optional_person_left_empty_is_an_empty_answer():
    form = form_for("person", {"name": "", "address": "", "phone": "", "email": ""}, required=False)
    assert form.is_valid() and form.answer() == ""


def test_a_point_is_latitude_and_longitude_also_pasted_in_one_box():
    form = form_for("point", {"lat": "51.5390", "lng": "-0.1426"})
    assert form.is_valid() and form.answer() == {"lat": 51.539, "lng": -0.1426}
    pasted = form_for("point", {"lat": "51.5390, -0.1426", "lng": ""})
    assert pasted.is_valid() and pasted.answer() == {"lat": 51.539, "lng": -0.1426}
    wrong = form_for("point", {"lat": "951", "lng": "0"})
    assert not wrong.is_valid() and "from -90 to 90" in wrong.errors["lat"][0]


def test_an_email_and_a_phone_number_are_checked():
    email = form_for("email", {"answer": "not an address"})
    assert not email.is_valid() and "like name@example.com" in email.errors["answer"][0]
    phone = form_for("phone", {"answer": "call me"})
    assert not phone.is_valid() and phone.errors["answer"] == [
        "Enter a phone number, like 07700 900 982"
    ]
    assert form_for("phone", {"answer": "07700  900 982"}).is_valid()


def test_text_has_a_limit_it_names():
    form = form_for("text", {"answer": "x" * 301})
    assert not form.is_valid() and form.errors["answer"] == [
        "Keep your answer under 300 characters"
    ]
    assert form_for("text", {}).errors["answer"] == ["Enter your answer"]
    assert form_for("address", {}).errors["answer"] == ["Enter the address, or describe the place"]


def test_a_file_is_checked_by_its_bytes_not_its_name():
    fake = SimpleUploadedFile("plan.pdf", b"hello, I am text", content_type="application/pdf")
    form = form_for("file", {}, {"file": fake})
    assert not form.is_valid() and "whatever its name says" in form.errors["file"][0]
    real = SimpleUploadedFile("plan.bin", PDF, content_type="application/octet-stream")
    form = form_for("file", {}, {"file": real})
    assert form.is_valid() and form.checked_file is not None
    assert form.checked_file.content_type == "application/pdf"


def test_a_required_file_already_given_need_not_be_given_again():
    question = QuestionFactory(kind="file", key="plan")
    saved = {"plan": {"draft_file": 1, "name": "plan.pdf"}}
    form = answer_form(question, answers=saved, data={}, files={})
    assert form.is_valid() and form.answer() == saved["plan"]
    assert not answer_form(question, answers={}, data={}, files={}).is_valid()
