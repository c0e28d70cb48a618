"""Input cleaning for concern pages. No writes: views hand cleaned_data to concerns.services."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django import forms

from concerns.models import BODY_MAX, TITLE_MAX, Category, validate_street_location
from concerns.services import MAX_TAGS, normalise_tags
from concerns.states import ConcernStatus
from engage.models import Neighbourhood
from engage.postcodes import postcode_prefixes
from engage.selectors import find_neighbourhoods


class ConcernForm(forms.Form):
    neighbourhood = forms.CharField(
        label="Where is it happening?",
        max_length=60,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20"}),
        help_text="The neighbourhood's name or a postcode, like Camden Town or NW1 7AB",
        error_messages={"required": "Enter the neighbourhood, like Camden Town or NW1"},
    )
    title = forms.CharField(
        label="Title",
        max_length=TITLE_MAX,
        help_text="One line that sums it up, like 'Speeding outside St Mary's school'",
        error_messages={
            "required": "Enter a title",
            "max_length": f"Enter a title of {TITLE_MAX} characters or fewer",
        },
    )
    body = forms.CharField(
        label="What is happening?",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="When, how often and how it affects you. Do not name or describe people, "
        "and do not include phone numbers, addresses or number plates.",
        error_messages={
            "required": "Describe what is happening",
            "max_length": f"Use {BODY_MAX:,} characters or fewer",
        },
    )
    category = forms.ModelChoiceField(
        label="What kind of concern is it?",
        queryset=Category.objects.filter(is_active=True),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of concern it is"},
    )
    location = forms.CharField(
        label="Street or landmark (optional)",
        max_length=120,
        required=False,
        validators=[validate_street_location],
        help_text="Like 'Buck Street by the market'. Never a house number.",
    )
    tags = forms.CharField(
        label="Tags (optional)",
        max_length=200,
        required=False,
        help_text=f"Up to {MAX_TAGS} words or short phrases, separated by commas, "
        "like 'cycling, pavement parking'",
    )
    show_author_name = forms.TypedChoiceField(
        label="How should we show who raised it?",
        widget=forms.RadioSelect,
        coerce=lambda value: value == "name",
        empty_value=None,
        choices=[
            ("name", "Show my display name"),
            ("anonymous", "Show 'a resident of' the neighbourhood instead"),
        ],
        error_messages={"required": "Choose how to show who raised it"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())
            self.initial.setdefault("show_author_name", "name")

    # When what was typed fits several neighbourhoods, the page offers them to choose from.
    neighbourhood_options: list[Neighbourhood] = []

    def clean_neighbourhood(self) -> Neighbourhood:
        query = " ".join(self.cleaned_data["neighbourhood"].split())
        named = list(Neighbourhood.objects.filter(name__iexact=query)[:2])
        exact = Neighbourhood.objects.filter(slug=query).first() or (
            named[0] if len(named) == 1 else None
        )
        if exact:
            return exact
        matches = find_neighbourhoods(query).matches
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise forms.ValidationError(
                "We could not find that neighbourhood. Try its name, "
                "a postcode like NW1 7AB, or its first half, like NW1"
            )
        self.neighbourhood_options = matches[:8]
        what = "postcode" if postcode_prefixes(query) else "name"
        raise forms.ValidationError(f"More than one neighbourhood has that {what}: choose yours")

    def clean_tags(self) -> list[str]:
        return normalise_tags(self.cleaned_data["tags"].split(","))


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Public, shown with your badge. Markdown is allowed.",
        error_messages={"required": "Enter your reply"},
    )
    move_to = forms.ChoiceField(label="Change the status to", required=False, choices=[])
    share_on_x = forms.BooleanField(
        label="Also post this on our X account",
        required=False,
        help_text="Shortened, with a link back here. Checked for personal data first: anything "
        "that looks like it is not posted.",
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["move_to"].choices = [("", "Leave as it is")] + [
            (state, ConcernStatus(state).label) for state in allowed
        ]


YES_NO = [("yes", "Yes"), ("no", "No")]


class UpdateForm(forms.Form):
    """An update starts, like every form a resident writes in, with police.uk's questions
    (engage.safety); on the concern page they sit at the top of the form itself."""

    danger = forms.ChoiceField(
        label="Is anyone in danger, or is a crime happening now?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="If yes, call 999: do not write it here.",
        error_messages={
            "required": "Select yes if anyone is in danger or a crime is happening now, or no"
        },
    )
    at_risk = forms.ChoiceField(
        label="Is a child or a vulnerable adult at risk of harm?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="If yes, your update goes only to trained staff and is never published.",
        error_messages={"required": "Select yes if a child or vulnerable adult is at risk, or no"},
    )
    body = forms.CharField(
        label="What has changed?",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A moderator checks it before it is public.",
        error_messages={"required": "Enter your update"},
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label="You said, we did",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What residents raised and what the team did about it.",
        error_messages={"required": "Describe what was done"},
    )


class ListFilterForm(forms.Form):
    """The list page's filters. An invalid value is shown as an error and left out of the
    filtering, so the page still lists concerns (a stale bookmark is not a dead end)."""

    neighbourhood = forms.SlugField(required=False)
    tag = forms.CharField(required=False, max_length=30)
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status")]
        + [
            (s, ConcernStatus(s).label)
            for s in ("published", "acknowledged", "in_progress", "responded", "resolved", "closed")
        ],
        error_messages={
            "invalid_choice": "Choose a status from the list: showing concerns of any status"
        },
    )
    category = forms.SlugField(
        required=False,
        error_messages={
            "invalid": "Choose a category from the list: showing concerns of any category"
        },
    )
    after = forms.CharField(required=False, max_length=80)
    before = forms.CharField(required=False, max_length=80)

    def valid_filters(self) -> dict:
        """The values that passed; the failing ones (shown as errors) are dropped."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class DashboardFilterForm(forms.Form):
    """The team dashboard's filters; a value that does not apply is an error, not ignored."""

    overdue = forms.BooleanField(
        label="Only those past their reply target",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "govuk-checkboxes--small"}),
    )
    ward = forms.ChoiceField(label="Ward", required=False)
    state = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any open status")]
        + [
            (s, ConcernStatus(s).label)
            for s in ("published", "acknowledged", "in_progress", "responded")
        ],
    )

    def __init__(self, *args: Any, wards: Iterable[Neighbourhood] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ward"].choices = [("", "All our wards")] + [(w.slug, w.name) for w in wards]


class ReplyTemplateForm(forms.Form):
    title = forms.CharField(
        label="Name",
        max_length=80,
        help_text="What officers pick it by, like 'Added to patrol plan'",
        error_messages={"required": "Enter a name for the template"},
    )
    body = forms.CharField(
        label="Text",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="The start of a reply; officers change it before posting.",
        error_messages={"required": "Enter the template's text"},
    )
