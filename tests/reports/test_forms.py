"""The report's step forms: what each accepts, and errors that say what to do."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from reports.forms import ContactForm, ItemForm, WhatForm, WhenForm, WhereForm
from tests.factories import PostcodeAreaFactory

WHEN = {"day": "2", "month": "3", "year": "2026", "precision": "exact", "at": "14:30"}


def test_a_time_that_is_known_is_kept_with_its_date():
    form = WhenForm(WHEN)
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "date": "2026-03-02",
        "precision": "exact",
        "at": "14:30",
        "start": "",
        "end": "",
    }


def test_between_needs_both_times():
    form = WhenForm({**WHEN, "precision": "between", "start": "22:00", "end": ""})
    assert not form.is_valid()
    assert form.errors["start"] == ["Enter both times, like 22:00 and 07:30"]
    both = WhenForm({**WHEN, "precision": "between", "start": "22:00", "end": "07:30"})
    assert both.is_valid() and both.answers()["end"] == "07:30" and both.answers()["at"] == ""


def test_a_date_in_the_future_is_refused():
    tomorrow = timezone.localdate() + timedelta(days=1)
    form = WhenForm({**WHEN, "day": tomorrow.day, "month": tomorrow.month, "year": tomorrow.year})
    assert not form.is_valid() and form.errors["day"] == ["The date and time must be in the past"]


def test_a_date_that_does_not_exist_is_refused():
    form = WhenForm({**WHEN, "day": "31", "month": "2"})
    assert not form.is_valid() and "real date" in form.errors["day"][0]


def test_a_missing_date_says_how_to_write_one():
    form = WhenForm({**WHEN, "day": ""})
    assert not form.is_valid() and "for example 27 3 2026" in form.errors["day"][0]


@pytest.mark.django_db
def test_a_postcode_is_matched_to_its_neighbourhood(neighbourhood):
    PostcodeAreaFactory(code="NW1", neighbourhood=neighbourhood)
    form = WhereForm({"postcode": "nw1  7ab", "place": ""})
    assert form.is_valid(), form.errors
    assert form.answers()["neighbourhood"] == neighbourhood.pk
    assert form.answers()["postcode"] == "NW1 7AB"


@pytest.mark.django_db
def test_a_postcode_outside_our_area_is_refused_but_a_description_is_enough(neighbourhood):
    form = WhereForm({"postcode": "M1 1AE", "place": ""})
    assert not form.is_valid() and "could not find that postcode" in form.errors["postcode"][0]
    described = WhereForm({"postcode": "", "place": "Outside the library"})
    assert described.is_valid() and described.answers()["neighbourhood"] is None


@pytest.mark.django_db
def test_where_needs_a_postcode_or_a_place():
    form = WhereForm({"postcode": "", "place": ""})
    assert form.errors["postcode"] == ["Enter a postcode or describe the place"]


def test_what_happened_is_required_and_at_most_5000_characters():
    assert WhatForm({"text": ""}).errors["text"] == ["Tell us what happened"]
    assert not WhatForm({"text": "x" * 5001}).is_valid()
    assert WhatForm({"text": "x" * 5000}).is_valid()


def test_an_item_value_must_be_a_number_of_pounds():
    assert ItemForm({"description": "Bike", "value": "£450"}).errors["value"] == [
        "Enter the value as a number, like 450 or 12.50"
    ]
    item = ItemForm({"description": "Bike", "value": "450", "serial": ""})
    assert item.is_valid() and item.answers()["value"] == "450.00"
    assert not ItemForm({"description": "Bike", "value": "-1"}).is_valid()


def test_contact_needs_a_phone_or_email():
    form = ContactForm({"phone": "", "email": ""})
    assert form.errors["phone"] == ["Enter a phone number or an email address"]
    assert ContactForm({"phone": "", "email": "me@example.com"}).is_valid()
    assert ContactForm({"phone": "123"}).errors["phone"] == [
        "Enter a phone number like 07700 900 982"
    ]


def test_only_a_tip_off_may_stay_anonymous():
    assert "anonymous" not in ContactForm().fields
    tip = ContactForm({"anonymous": "on"}, anonymous_allowed=True)
    assert tip.is_valid() and tip.answers()["anonymous"] is True
    nameless = ContactForm({}, anonymous_allowed=True)
    assert "or choose to stay anonymous" in nameless.errors["phone"][0]


def test_a_day_out_of_range_says_what_is_allowed():
    form = WhenForm({**WHEN, "day": "40"})
    assert form.errors["day"] == ["The day must be a number from 1 to 31"]
    assert WhenForm({**WHEN, "year": "26"}).errors["year"] == [
        "Enter the year as four digits, like 2026"
    ]
