"""GOV.UK Frontend markup for every Django form: the renderer named by FORM_RENDERER and the
bound field its templates read. Pages write {{ form }} or {{ form.title.as_field_group }}; the
form group, label, hint, error message and the ids linking them are written once, in
templates/components/field.html (fields) and components/form.html (forms)."""

from __future__ import annotations

from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import SafeString

# GOV.UK's class for each kind of control (BoundField.widget_type); anything else is an input.
CONTROL_CLASSES = {
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "nullbooleanselect": "govuk-select",
    "selectmultiple": "govuk-select",
    "checkbox": "govuk-checkboxes__input",
}
# Only these controls have an error modifier (govuk-input--error): choices mark the group.
ERROR_MODIFIED = {"govuk-input", "govuk-textarea", "govuk-select"}
# Choice controls sit in a wrapper (govuk-radios, govuk-checkboxes): that is where modifiers such
# as --small or --inline go, not on each input.
WRAPPED = {"radioselect", "checkboxselectmultiple", "checkbox"}
# A width every page gave the same control, so forms need not repeat it.
DEFAULT_MODIFIERS = {"password": "govuk-input--width-20"}


class GovUKBoundField(BoundField):
    """A bound field that knows GOV.UK's ids and classes. Only our field template reads these
    properties, so forms rendered by other templates (the admin) are unchanged."""

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def described_by(self) -> str:
        """The hint's and the error's ids, for the control (or a choice list's fieldset)."""
        ids = []
        if self.help_text:
            ids.append(self.hint_id)
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def modifier_classes(self) -> str:
        """Page-level variants (a width, --small, --inline) declared on the form's widget."""
        return self.field.widget.attrs.get("class") or DEFAULT_MODIFIERS.get(self.widget_type, "")

    @property
    def govuk_widget(self) -> SafeString:
        """The control itself, Django's widget with GOV.UK's classes and aria-describedby."""
        control = CONTROL_CLASSES.get(self.widget_type, "govuk-input")
        classes = [control]
        if self.widget_type not in WRAPPED:
            classes.append(self.modifier_classes)
        if self.errors and control in ERROR_MODIFIED:
            classes.append(f"{control}--error")
        # No maxlength: the browser would cut a paste short silently, where our error message
        # says how long it may be.
        attrs: dict[str, object] = {"class": " ".join(c for c in classes if c), "maxlength": False}
        if self.described_by:
            attrs["aria-describedby"] = self.described_by
        if self.widget_type == "email":
            attrs["spellcheck"] = "false"  # GOV.UK: spellcheck marks addresses as misspelt
        if self.widget_type == "textarea":
            attrs["cols"] = False  # GOV.UK's textarea is full width: Django's default cols is noise
        return self.as_widget(attrs=attrs)


class GovUKFormRenderer(TemplatesSetting):
    """Django's renderer reading our templates (TEMPLATES' DIRS), with GOV.UK field and form
    templates, for every form including Django's own (sign-in, password reset)."""

    form_template_name = "components/form.html"
    field_template_name = "components/field.html"
    bound_field_class = GovUKBoundField
