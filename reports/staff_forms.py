"""The contact centre's forms: cleaning only. Each decision form carries the case version the
handler read (hidden), so a stale page is refused by the service, not guessed at here."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms

from casework.states import Grade
from engage.models import Team
from reports.services.triage import CRN_MAX

if TYPE_CHECKING:
    from engage.models import Neighbourhood


class QueueFilterForm(forms.Form):
    grade = forms.ChoiceField(
        label="Lane", choices=[("", "All lanes"), *Grade.choices], required=False
    )
    neighbourhood = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)

    def __init__(
        self, *args: Any, neighbourhoods: Iterable[Neighbourhood] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.TypedChoiceField, self.fields["neighbourhood"])
        field.choices = [("", "All neighbourhoods")] + [(n.pk, n.name) for n in neighbourhoods]


class VersionedForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class RegradeForm(VersionedForm):
    grade = forms.ChoiceField(label="New lane", choices=Grade.choices, widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Why the grade changes",
        help_text="Kept in the case's history for whoever reads it next.",
        max_length=300,
        error_messages={"required": "Say why the grade changes."},
    )


class RecordCrimeForm(VersionedForm):
    crime_reference = forms.CharField(
        label="Crime reference number",
        help_text="As the records system gave it, for example CRN 0123456/26.",
        max_length=CRN_MAX,
        error_messages={
            "required": "Enter the crime reference number the records system gave you.",
            "max_length": f"A crime reference number is at most {CRN_MAX} characters.",
        },
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-20", "autocomplete": "off", "data-shortcut": "r"}
        ),
    )


class ReferForm(VersionedForm):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="The team serving where it happened",
    )
    explanation = forms.CharField(
        label="What the reporter is told (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseForm(VersionedForm):
    explanation = forms.CharField(
        label="Why it is closed",
        help_text="The reporter reads this. Do not name anyone else.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is closed: the reporter reads it."},
    )


class DuplicateForm(VersionedForm):
    of_reference = forms.CharField(
        label="Reference of the report it duplicates",
        help_text="For example R-7K2M9-QXW3A.",
        max_length=13,
        error_messages={"required": "Enter the reference of the report it duplicates."},
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "autocomplete": "off"}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Message to the reporter",
        help_text="They see it on their report's page and get an email saying it is there.",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "data-shortcut": "m"}),
        error_messages={"required": "Write the message first."},
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label="What to do with the ticked reports",
        choices=[
            ("claim", "Claim them"),
            ("nfa", "Close with no further action"),
            ("duplicate", "Close as duplicates of one report"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what to do with the ticked reports."},
    )
    explanation = forms.CharField(
        label="Why no further action (for “no further action”)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    of_reference = forms.CharField(
        label="The report they duplicate (for “duplicates”)", required=False, max_length=13
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "nfa" and not (data.get("explanation") or "").strip():
            self.add_error("explanation", "Say why no further action is taken.")
        if data.get("action") == "duplicate" and not (data.get("of_reference") or "").strip():
            self.add_error("of_reference", "Enter the reference of the report they duplicate.")
        return data
