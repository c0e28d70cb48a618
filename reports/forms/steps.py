"""One form per step of a report (GOV.UK: one thing per page). Each form cleans its page and
gives back `answers()`: plain JSON for ReportDraft.answers[step]. No writes here."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from engage.selectors import find_neighbourhoods
from reports.types import TYPES

TEXT_MAX = 5000
NOTE_MAX = 1000
REPEAT_MAX = {"items": 10, "vehicles": 5}


def _text(label: str, *, required: bool = False, hint: str = "", rows: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=NOTE_MAX,
        help_text=hint,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": f"Keep this under {NOTE_MAX} characters"},
    )


def _part(name: str, top: int) -> dict[str, str]:
    message = f"The {name} must be a number from 1 to {top}"
    return {key: message for key in ("invalid", "min_value", "max_value")}


class StepForm(forms.Form):
    """A page of a report. `answers()` is what the draft keeps for it."""

    def answers(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items()}


class TypeForm(forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to report?",
        choices=[(t.kind, t.title) for t in TYPES],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you want to report",
            "invalid_choice": "Select one of the kinds of report listed",
        },
    )


class WhenForm(StepForm):
    PRECISION = [
        ("exact", "At a time I know"),
        ("approximate", "At about a time"),
        ("between", "Some time between two times"),
        ("unknown", "I don't know the time"),
    ]
    day = forms.IntegerField(
        label="Day", min_value=1, max_value=31, required=False, error_messages=_part("day", 31)
    )
    month = forms.IntegerField(
        label="Month", min_value=1, max_value=12, required=False, error_messages=_part("month", 12)
    )
    year = forms.IntegerField(
        label="Year",
        min_value=1900,
        max_value=2100,
        required=False,
        error_messages={
            key: "Enter the year as four digits, like 2026"
            for key in ("invalid", "min_value", "max_value")
        },
    )
    precision = forms.ChoiceField(
        label="What time did it happen?",
        choices=PRECISION,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you know what time it happened"},
    )
    at = forms.TimeField(
        label="Time",
        required=False,
        help_text="Use the 24-hour clock, for example 14:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the time like 14:30"},
    )
    start = forms.TimeField(
        label="From",
        required=False,
        help_text="For example 22:00",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the time it could have started like 22:00"},
    )
    end = forms.TimeField(
        label="Until",
        required=False,
        help_text="For example 07:30 (the next morning is fine)",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"invalid": "Enter the latest time it could have happened like 07:30"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = (data.get("day"), data.get("month"), data.get("year"))
        if any(name in self.errors for name in ("day", "month", "year")):
            return data
        if not all(parts):
            self.add_error("day", "Enter the date it happened, for example 27 3 2026")
            return data
        try:
            when = date(int(parts[2] or 0), int(parts[1] or 0), int(parts[0] or 0))
        except ValueError:
            self.add_error("day", "Enter a real date, for example 27 3 2026")
            return data
        precision = data.get("precision")
        moment = data.get("at") if precision in ("exact", "approximate") else data.get("start")
        if precision in ("exact", "approximate") and not data.get("at"):
            self.add_error("at", "Enter the time, like 14:30")
        if precision == "between" and not (data.get("start") and data.get("end")):
            self.add_error("start", "Enter both times, like 22:00 and 07:30")
        now = timezone.localtime()
        happened = timezone.make_aware(datetime.combine(when, moment or time(0, 0)))
        if happened > now:
            self.add_error("day", "The date and time must be in the past")
        data["date"] = when
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        precision = data["precision"]
        at = data.get("at") if precision in ("exact", "approximate") else None
        between = precision == "between"
        return {
            "date": data["date"].isoformat(),
            "precision": precision,
            "at": at.strftime("%H:%M") if at else "",
            "start": data["start"].strftime("%H:%M") if between else "",
            "end": data["end"].strftime("%H:%M") if between else "",
        }

    @classmethod
    def initial_from(cls, saved: dict[str, Any]) -> dict[str, Any]:
        if not saved.get("date"):
            return {}
        when = date.fromisoformat(saved["date"])
        return {"day": when.day, "month": when.month, "year": when.year, **saved}


class WhereForm(StepForm):
    postcode = forms.CharField(
        label="Postcode",
        required=False,
        max_length=10,
        help_text="Where it happened, if you know it, for example NW1 7AB",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )
    place = _text(
        "Describe the place",
        hint="For example: the bike racks outside Camden library, or the 24 bus near Mornington "
        "Crescent",
        rows=3,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        postcode = " ".join((data.get("postcode") or "").upper().split())
        if not postcode and not data.get("place"):
            self.add_error("postcode", "Enter a postcode or describe the place")
            return data
        data["postcode"], data["neighbourhood"] = postcode, None
        if postcode:
            found = find_neighbourhoods(postcode)
            if not found.by_postcode:
                self.add_error(
                    "postcode",
                    "We could not find that postcode in our area. Check it, or leave it out "
                    "and describe the place instead",
                )
            else:
                # A sector can straddle wards: the first (sector-precise) match is the team
                # most likely to know the place; the call handler can pass it on.
                data["neighbourhood"] = found.matches[0].pk
        return data


class WhatForm(StepForm):
    text = forms.CharField(
        label="Describe what happened",
        max_length=TEXT_MAX,
        help_text="Tell us in your own words. Only the police see this: it is never published.",
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Tell us what happened",
            "max_length": f"Keep it under {TEXT_MAX} characters, or add more after you send it",
        },
    )


class HateForm(StepForm):
    MOTIVES = [
        ("race", "Race or ethnicity"),
        ("religion", "Religion or belief"),
        ("disability", "Disability"),
        ("sexual_orientation", "Sexual orientation"),
        ("transgender", "Transgender identity"),
        ("other", "Something else"),
    ]
    motives = forms.MultipleChoiceField(
        label="Why do you think you or they were targeted?",
        choices=MOTIVES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply",
        error_messages={"required": "Select why you think it happened, or Something else"},
    )


class ItemForm(StepForm):
    """One item; the page repeats ("Add another item") up to REPEAT_MAX times."""

    description = forms.CharField(
        label="Describe the item",
        max_length=300,
        help_text="For example: black Brompton folding bike with a red saddle",
        error_messages={"required": "Describe the item", "max_length": "Keep it under 300"},
    )
    value = forms.DecimalField(
        label="What is it worth, in pounds?",
        required=False,
        min_value=Decimal(0),
        max_value=Decimal("10000000"),
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the value as a number, like 450 or 12.50"},
    )
    serial = forms.CharField(
        label="Serial or frame number (if you know it)",
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
    )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        value = data.get("value")
        return {
            "description": data["description"],
            "value": f"{value:.2f}" if value is not None else "",
            "serial": data.get("serial", ""),
        }


class VehicleForm(StepForm):
    ROLES = [
        ("victim", "It is mine, or the victim's"),
        ("suspect", "The suspect's vehicle"),
        ("other", "Another vehicle involved"),
    ]
    registration = forms.CharField(
        label="Registration number",
        max_length=10,
        help_text="For example AB12 CDE",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        error_messages={"required": "Enter the registration number, or 'unknown'"},
    )
    make = forms.CharField(label="Make", required=False, max_length=40)
    model = forms.CharField(label="Model", required=False, max_length=40)
    colour = forms.CharField(label="Colour", required=False, max_length=30)
    role = forms.ChoiceField(
        label="Whose vehicle is it?",
        choices=ROLES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whose vehicle it is"},
    )

    def clean_registration(self) -> str:
        return " ".join(self.cleaned_data["registration"].upper().split())


class PeopleForm(StepForm):
    suspect_known = forms.ChoiceField(
        label="Do you know who did it?",
        choices=[("yes", "Yes"), ("no", "No"), ("unsure", "I'm not sure")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you know who did it"},
    )
    descriptions = _text(
        "Describe the people involved",
        hint="Names if you know them, what they looked like and wore, what they said. Only the "
        "police see this.",
        rows=6,
    )


class WitnessesForm(StepForm):
    any = forms.ChoiceField(
        label="Did anyone see it happen?",
        choices=[("yes", "Yes"), ("no", "No"), ("unsure", "I don't know")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether anyone saw it happen"},
    )
    details = _text(
        "What do you know about them?",
        hint="How we could contact them, if you know. Leave it empty if nobody saw.",
        rows=3,
    )


class ContactForm(StepForm):
    """How to reach the reporter. At least a phone or an email, unless they stay anonymous
    (only "tell us about" allows that; signed out, it is anonymous anyway)."""

    anonymous = forms.BooleanField(
        label="I want to stay anonymous",
        required=False,
        help_text="Officers will not be told who you are, and we will not contact you: a phone "
        "number or email you give here is not kept.",
    )
    phone = forms.CharField(
        label="Phone number",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "type": "tel"}),
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": "Enter an email address like name@example.com"},
    )
    best_times = forms.CharField(label="Best times to contact you", required=False, max_length=200)
    avoid_times = forms.CharField(
        label="When must we NOT contact you?",
        required=False,
        max_length=200,
        help_text="For example: not at home in the evenings, or never by phone",
    )
    needs = forms.CharField(
        label="Language or communication needs",
        required=False,
        max_length=200,
        help_text="For example: an interpreter, British Sign Language, text relay",
    )

    def __init__(self, *args: Any, anonymous_allowed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.anonymous_allowed = anonymous_allowed
        if not anonymous_allowed:
            del self.fields["anonymous"]

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and sum(ch.isdigit() for ch in phone) < 10:
            raise forms.ValidationError("Enter a phone number like 07700 900 982")
        return phone

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("anonymous"):
            # Anonymous means nothing that identifies them is kept, as the hint promises.
            data.update(phone="", email="", best_times="", avoid_times="")
        reachable = data.get("phone") or data.get("email")
        if not reachable and not data.get("anonymous") and "phone" not in self.errors:
            if self.anonymous_allowed:
                self.add_error(
                    "phone", "Enter a phone number or email, or choose to stay anonymous"
                )
            else:
                self.add_error("phone", "Enter a phone number or an email address")
        return data


FORMS: dict[str, type[StepForm]] = {
    "when": WhenForm,
    "where": WhereForm,
    "what": WhatForm,
    "hate": HateForm,
    "items": ItemForm,
    "vehicles": VehicleForm,
    "people": PeopleForm,
    "witnesses": WitnessesForm,
    "contact": ContactForm,
}
