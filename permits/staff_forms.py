"""The licensing officers' forms: cleaning only. Each decision form carries the case version the
officer read (hidden), so a stale page is refused by the service, not guessed at here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, cast

from django import forms
from django.utils import timezone

from permits.models import ApplicationType, RefereeOutcome
from permits.selectors import LANES, WAITING
from permits.services.review import REASON_MAX


class QueueFilterForm(forms.Form):
    type = forms.ChoiceField(label="Type", required=False)
    lane = forms.ChoiceField(
        label="Lead time left",
        required=False,
        choices=[("", "Every lane in review")]
        + [(lane.key, lane.label) for lane in LANES]
        + [(WAITING, "Waiting on the applicant")],
    )

    def __init__(self, *args: Any, types: Iterable[ApplicationType] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["type"])
        field.choices = [("", "Every type")] + [(t.slug, t.name) for t in types]


class VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


def _long(label: str, help_text: str = "", *, required: str = "") -> forms.CharField:
    """A long text box; `required` is the error for leaving it empty (none: optional)."""
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=bool(required),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": required} if required else {},
    )


class RequestInformationForm(VersionedForm):
    body = _long(
        "What do you need from the applicant?",
        "They read this on their application's page. The review clock stops until they answer.",
        required="Say what you need from the applicant.",
    )


class VisitForm(VersionedForm):
    day = forms.DateField(
        label="Date of the visit",
        help_text="For example 27/3/2026",
        input_formats=["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the date of the visit.",
            "invalid": "Enter the date like 27/3/2026.",
        },
    )
    at = forms.TimeField(
        label="Time",
        help_text="Use the 24-hour clock, for example 14:30",
        widget=forms.TimeInput(attrs={"class": "govuk-input--width-5", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the time of the visit.",
            "invalid": "Enter the time like 14:30.",
        },
    )
    note = forms.CharField(
        label="Note for the review (optional)",
        help_text="Only licensing officers see this: the applicant is told the date and time.",
        required=False,
        max_length=300,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("day") and data.get("at"):
            when = timezone.make_aware(datetime.combine(data["day"], data["at"]))
            if when <= timezone.now():
                self.add_error("day", "The visit must be in the future.")
            data["when"] = when
        return data


class VersionOnlyForm(VersionedForm):
    """A decision with nothing to say but the version it was read at."""


class RefereeForm(forms.Form):
    referee = forms.CharField(
        label="Referee's name",
        max_length=120,
        error_messages={"required": "Enter the referee's name."},
    )
    outcome = forms.ChoiceField(
        label="What the referee said",
        choices=RefereeOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the referee said."},
    )
    note = _long("Notes (optional)", "Only licensing officers see this.")


class GrantForm(VersionedForm):
    reason = _long("Reasons (optional)", "The decision letter gives them.")
    conditions = _long("Conditions (optional)", "Printed on the letter.")


class RefuseForm(VersionedForm):
    reason = _long(
        "Why it is refused",
        "The applicant reads this in their letter and on their page. Do not name referees.",
        required="Say why it is refused: the applicant reads it.",
    )


class MessageForm(forms.Form):
    body = _long(
        "Message to the applicant",
        "They see it on their application's page and get an email saying it is there.",
        required="Write the message first.",
    )
