"""The report counter's forms: one per step (reports.forms.steps) and the answers shown back
as summary rows (reports.forms.summary)."""

from reports.forms.extra import AddInformationForm
from reports.forms.steps import (
    FORMS,
    REPEAT_MAX,
    ContactForm,
    HateForm,
    ItemForm,
    PeopleForm,
    StepForm,
    TypeForm,
    VehicleForm,
    WhatForm,
    WhenForm,
    WhereForm,
    WitnessesForm,
)
from reports.forms.summary import Row, step_lines, summary_rows

__all__ = [
    "FORMS",
    "REPEAT_MAX",
    "AddInformationForm",
    "ContactForm",
    "HateForm",
    "ItemForm",
    "PeopleForm",
    "Row",
    "StepForm",
    "TypeForm",
    "VehicleForm",
    "WhatForm",
    "WhenForm",
    "WhereForm",
    "WitnessesForm",
    "step_lines",
    "summary_rows",
]
