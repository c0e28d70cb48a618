"""The GOV.UK form renderer: each kind of control gets GOV.UK's form group, label, hint and error
message, and aria-describedby names ids that exist on the page."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django import forms
from django.template.loader import render_to_string

from concerns.forms import ConcernForm, DashboardFilterForm, ReplyForm, UpdateForm
from engage.forms import NeighbourhoodSearchForm, ProfileForm, SignupForm, TokenForm
from moderation.forms import AppealForm, DecisionForm, FlagForm, MoveLaneForm, SanctionForm

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Every start tag as (tag, attrs), and the text, so a test can ask for what it checks."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    def handle_data(self, data):
        self.text.append(data)

    def one(self, tag: str, **match: str) -> dict[str, str]:
        found = [
            attrs
            for name, attrs in self.tags
            if name == tag
            and all(attrs.get(key.rstrip("_")) == value for key, value in match.items())
        ]
        assert len(found) == 1, f"{len(found)} <{tag} {match}> in {self.tags}"
        return found[0]

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.tags if "id" in attrs]


def classes(attrs: dict[str, str]) -> set[str]:
    return set(attrs.get("class", "").split())


def test_a_text_input_with_an_error_links_its_hint_and_error_message():
    form = SignupForm({"email": "", "display_name": "", "password": ""})
    html = Elements(form["display_name"].as_field_group())

    assert "govuk-form-group--error" in classes(
        html.one("div", class_="govuk-form-group govuk-form-group--error")
    )
    assert html.one("label", for_="id_display_name")["class"] == "govuk-label"
    assert html.one("div", id="id_display_name-hint")["class"] == "govuk-hint"
    assert html.one("p", id="id_display_name-error")["class"] == "govuk-error-message"
    assert "Error:" in "".join(html.text) and "Enter a display name" in "".join(html.text)
    control = html.one("input", id="id_display_name")
    assert classes(control) == {"govuk-input", "govuk-input--width-20", "govuk-input--error"}
    assert control["aria-describedby"] == "id_display_name-hint id_display_name-error"
    assert control["aria-invalid"] == "true" and control["autocomplete"] == "nickname"


def test_a_valid_input_without_a_hint_is_described_by_nothing():
    html = Elements(SignupForm()["email"].as_field_group())

    control = html.one("input", id="id_email")
    assert classes(control) == {"govuk-input"} and "aria-describedby" not in control
    assert control["type"] == "email" and control["autocomplete"] == "email"
    assert control["spellcheck"] == "false" and "maxlength" not in control
    assert not [attrs for tag, attrs in html.tags if tag == "p"]


def test_a_password_keeps_its_autocomplete_and_never_echoes_what_was_typed():
    form = SignupForm({"email": "a@example.com", "display_name": "Ann", "password": "hunter2"})
    html = Elements(form["password"].as_field_group())

    control = html.one("input", id="id_password")
    assert control["type"] == "password" and control["autocomplete"] == "new-password"
    assert "value" not in control and "govuk-input--width-20" in classes(control)


def test_all_of_a_fields_errors_share_one_message_so_its_id_is_unique():
    form = SignupForm({"email": "a@example.com", "display_name": "Ann", "password": "password"})
    assert len(form.errors["password"]) > 1

    html = Elements(form["password"].as_field_group())

    assert html.ids().count("id_password-error") == 1


def test_a_textarea_is_a_gov_uk_textarea_with_its_rows():
    form = ReplyForm({"body": ""}, allowed=[])
    html = Elements(form["body"].as_field_group())

    control = html.one("textarea", id="id_body")
    assert classes(control) == {"govuk-textarea", "govuk-textarea--error"}
    assert control["rows"] == "8" and "cols" not in control
    assert control["aria-describedby"] == "id_body-hint id_body-error"


def test_a_select_is_a_gov_uk_select_with_its_options():
    form = ReplyForm({"body": "Thanks", "move_to": "nonsense"}, allowed=["acknowledged"])
    html = Elements(form["move_to"].as_field_group())

    control = html.one("select", id="id_move_to")
    assert classes(control) == {"govuk-select", "govuk-select--error"}
    assert control["aria-describedby"] == "id_move_to-error"
    assert [attrs["value"] for tag, attrs in html.tags if tag == "option"] == ["", "acknowledged"]


def test_radios_sit_in_a_fieldset_described_by_their_hint_and_error():
    form = UpdateForm({"body": "It has got worse"})
    html = Elements(form["danger"].as_field_group())

    fieldset = html.one("fieldset", class_="govuk-fieldset")
    assert fieldset["aria-describedby"] == "id_danger-hint id_danger-error"
    assert html.one("legend")["class"] == "govuk-fieldset__legend govuk-fieldset__legend--s"
    assert html.one("div", class_="govuk-radios")["data-module"] == "govuk-radios"
    radios = [attrs for tag, attrs in html.tags if tag == "input"]
    assert [(r["id"], r["value"], r["class"]) for r in radios] == [
        ("id_danger_0", "yes", "govuk-radios__input"),
        ("id_danger_1", "no", "govuk-radios__input"),
    ]
    assert html.one("label", for_="id_danger_0")["class"] == "govuk-label govuk-radios__label"


def test_a_chosen_radio_stays_chosen():
    form = UpdateForm({"danger": "no"})
    html = Elements(form["danger"].as_field_group())

    assert "checked" in html.one("input", id="id_danger_1")
    assert "checked" not in html.one("input", id="id_danger_0")


def test_a_single_checkbox_has_its_modifier_on_the_wrapper_and_its_hint_after_its_label():
    html = Elements(ReplyForm(allowed=[])["share_on_x"].as_field_group())

    control = html.one("input", id="id_share_on_x")
    assert control["class"] == "govuk-checkboxes__input" and control["type"] == "checkbox"
    assert control["aria-describedby"] == "id_share_on_x-hint"
    assert html.one("div", id="id_share_on_x-hint")["class"] == "govuk-hint govuk-checkboxes__hint"
    small = Elements(DashboardFilterForm({"overdue": "on"})["overdue"].as_field_group())
    assert small.one("div", class_="govuk-checkboxes govuk-checkboxes--small")
    assert "checked" in small.one("input", id="id_overdue")


class Interests(forms.Form):
    """A form of our own shape for the one control our forms do not use yet."""

    topics = forms.MultipleChoiceField(
        label="Which topics?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose any",
        choices=[("roads", "Roads"), ("parks", "Parks")],
    )


def test_checkboxes_sit_in_a_fieldset_and_keep_what_was_ticked():
    html = Elements(Interests({"topics": ["parks"]})["topics"].as_field_group())

    assert html.one("fieldset")["aria-describedby"] == "id_topics-hint"
    assert html.one("div", class_="govuk-checkboxes")["data-module"] == "govuk-checkboxes"
    assert "checked" in html.one("input", id="id_topics_1", name="topics", type="checkbox")
    assert "checked" not in html.one("input", id="id_topics_0")


def test_a_whole_form_renders_its_hidden_fields_as_plain_hidden_inputs():
    html = Elements(str(UpdateForm()))

    hidden = html.one("input", type="hidden")
    assert hidden["name"] == "submission_key" and "class" not in hidden
    groups = [tag for tag, _ in html.tags if tag in ("fieldset", "textarea")]
    assert groups == ["fieldset", "fieldset", "textarea"]


EVERY_FORM = [
    lambda data: SignupForm(data),
    lambda data: ProfileForm(data),
    lambda data: TokenForm(data),
    lambda data: NeighbourhoodSearchForm(data),
    lambda data: ConcernForm(data),
    lambda data: UpdateForm(data),
    lambda data: ReplyForm(data, allowed=["acknowledged"]),
    lambda data: DashboardFilterForm(data),
    lambda data: DecisionForm(data, spans=["x"]),
    lambda data: FlagForm(data),
    lambda data: AppealForm(data),
    lambda data: SanctionForm(data),
    lambda data: MoveLaneForm(data),
]


@pytest.mark.parametrize("make", EVERY_FORM)
def test_every_form_names_only_ids_that_exist_once(make):
    form = make({"days": "many", "move_to": "nonsense", "state": "nonsense"})
    assert form.errors
    page = render_to_string("components/error_summary.html", {"form": form}) + str(form)

    html = Elements(page)
    ids = html.ids()
    assert len(ids) == len(set(ids))
    named = [
        target for _, attrs in html.tags for target in attrs.get("aria-describedby", "").split()
    ]
    linked = [
        attrs["href"][1:]
        for tag, attrs in html.tags
        if tag == "a" and attrs.get("href", "").startswith("#")
    ]
    assert named and linked and set(named + linked) <= set(ids)


def test_forms_drawn_by_other_templates_such_as_the_admin_keep_djangos_own_markup():
    widget = str(SignupForm()["display_name"])

    assert 'class="govuk-input--width-20"' in widget and 'maxlength="50"' in widget
