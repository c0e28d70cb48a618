"""Moderator and resident forms: cleaning only, no writes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django import forms

from concerns.states import Diversion
from moderation.models import Action, FlagReason, Kind, Lane, SanctionKind
from moderation.reasons import FLAG_REASONS, REJECT_REASONS, RETURN_REASONS

if TYPE_CHECKING:
    from engage.models import Neighbourhood


SMALL_CHECKBOX = forms.CheckboxInput(attrs={"class": "govuk-checkboxes--small"})


def _choices(table: dict[str, str], blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(code, text.split(".")[0]) for code, text in table.items()]


class QueueFilterForm(forms.Form):
    lane = forms.ChoiceField(choices=[("", "All lanes"), *Lane.choices], required=False)
    neighbourhood = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(choices=[("", "Everything"), *Kind.choices], required=False)

    def __init__(
        self, *args: Any, neighbourhoods: Iterable[Neighbourhood] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["neighbourhood"].choices = [("", "All my neighbourhoods")] + [
            (n.pk, n.name) for n in neighbourhoods
        ]


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=Action.choices)
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    return_reason = forms.ChoiceField(
        label="Reason for returning it",
        required=False,
        choices=_choices(RETURN_REASONS, "Choose a reason"),
    )
    reject_reason = forms.ChoiceField(
        label="Reason for rejecting it",
        required=False,
        choices=_choices(REJECT_REASONS, "Choose a reason"),
    )
    hide_reason = forms.ChoiceField(
        label="Why hide it", required=False, choices=_choices(FLAG_REASONS, "Choose a reason")
    )
    reason_extra = forms.CharField(
        label="Anything to add for the author (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    diverted_to = forms.ChoiceField(
        label="Send it to", required=False, choices=[("", "Choose where"), *Diversion.choices]
    )
    remove = forms.MultipleChoiceField(label="Remove", required=False)
    edited_title = forms.CharField(required=False, max_length=120)
    edited_body = forms.CharField(required=False, max_length=5000, widget=forms.Textarea)
    use_edit = forms.BooleanField(
        label="Publish my edited text instead of the ticked removals",
        required=False,
        widget=SMALL_CHECKBOX,
    )
    accept_remaining = forms.BooleanField(
        label="I have checked: what screening still finds is not personal information",
        required=False,
        widget=SMALL_CHECKBOX,
    )

    def __init__(self, *args: Any, spans: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["remove"].choices = [(span, span) for span in spans]

    def reason_code(self) -> str:
        action = self.cleaned_data["action"]
        field = {
            Action.RETURN: "return_reason",
            Action.REJECT: "reject_reason",
            Action.HIDE: "hide_reason",
        }.get(action)
        return self.cleaned_data.get(field, "") if field else ""


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Private note for moderators",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EscalateForm(forms.Form):
    note = forms.CharField(
        label="What should the team look at?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MoveLaneForm(forms.Form):
    lane = forms.ChoiceField(
        label="Which lane does it belong in?", choices=Lane.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Why (needed when taking it out of urgent or safeguarding)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Sanction", choices=SanctionKind.choices, widget=forms.RadioSelect
    )
    days = forms.IntegerField(
        label="For how many days (restrictions only)",
        required=False,
        min_value=1,
        max_value=365,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric"}),
    )
    reason = forms.CharField(
        label="Reason (recorded and audited)",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label="Action", choices=[(Action.APPROVE, "Approve and publish"), (Action.REJECT, "Reject")]
    )
    reject_reason = forms.ChoiceField(
        label="Reason, if rejecting",
        required=False,
        choices=_choices(REJECT_REASONS, "Choose a reason"),
    )
    reason_extra = forms.CharField(required=False, max_length=1000)


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with it?", choices=FlagReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label="Tell us more (needed for “something else”)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label="Why do you think the decision was wrong?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
