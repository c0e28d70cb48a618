"""The base form of a question page, and the kinds of question with one box. A form per kind
(permits.models.QuestionKind), built from the Question row, so a type the admin adds needs no
code. Each form cleans one page and gives back `answer()`: the
JSON the draft keeps (the shapes in permits/forms/__init__.py). No writes here: a file is
checked and cleaned (casework.documents) and handed to the view as `checked_file`.

Error messages say what to do, as GOV.UK's do; since questions are data they speak of "your
answer" rather than naming the thing asked.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from django import forms

from permits.models import QuestionKind

if TYPE_CHECKING:
    from casework.documents import CleanFile
    from permits.models import Question

TEXT_MAX = 300
LONG_TEXT_MAX = 5000
ADDRESS_MAX = 500
PHONE_DIGITS = 10


def too_long(limit: int) -> dict[str, str]:
    return {"max_length": f"Keep your answer under {limit} characters"}


def phone_number(value: str, message: str) -> str:
    value = " ".join(value.split())
    if value and (
        sum(ch.isdigit() for ch in value) < PHONE_DIGITS or re.search(r"[a-z]", value, re.I)
    ):
        raise forms.ValidationError(message)
    return value


class AnswerForm(forms.Form):
    """A page of an application: one question. `saved` is the draft's answer to it, if any."""

    kind: ClassVar[str] = ""

    def __init__(
        self,
        data: Any = None,
        files: Any = None,
        *,
        question: Question,
        answers: dict[str, Any] | None = None,
        saved: Any = None,
    ) -> None:
        super().__init__(data, files, initial=self.initial_from(saved))
        self.question, self.answers, self.saved = question, answers or {}, saved
        self.checked_file: CleanFile | None = None
        self.build()
        for field in self.fields.values():
            field.required = field.required and question.required

    def initial_from(self, saved: Any) -> dict[str, Any]:
        return {"answer": saved} if isinstance(saved, str) else {}

    def build(self) -> None:
        raise NotImplementedError

    def answer(self) -> Any:
        return self.cleaned_data.get("answer") or ""


class TextAnswer(AnswerForm):
    kind = QuestionKind.TEXT
    limit, rows = TEXT_MAX, 0
    required_message = "Enter your answer"

    def build(self) -> None:
        widget = forms.Textarea(attrs={"rows": self.rows}) if self.rows else forms.TextInput()
        self.fields["answer"] = forms.CharField(
            label=self.question.label,
            help_text=self.question.hint,
            max_length=self.limit,
            widget=widget,
            error_messages={"required": self.required_message, **too_long(self.limit)},
        )


class LongTextAnswer(TextAnswer):
    kind = QuestionKind.LONG_TEXT
    limit, rows = LONG_TEXT_MAX, 6


class AddressAnswer(TextAnswer):
    kind = QuestionKind.ADDRESS
    limit, rows = ADDRESS_MAX, 4
    required_message = "Enter the address, or describe the place"


class EmailAnswer(AnswerForm):
    kind = QuestionKind.EMAIL

    def build(self) -> None:
        self.fields["answer"] = forms.EmailField(
            label=self.question.label,
            help_text=self.question.hint,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            error_messages={
                "required": "Enter an email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
            },
        )


class PhoneAnswer(AnswerForm):
    kind = QuestionKind.PHONE

    def build(self) -> None:
        self.fields["answer"] = forms.CharField(
            label=self.question.label,
            help_text=self.question.hint,
            max_length=30,
            widget=forms.TextInput(attrs={"type": "tel", "class": "govuk-input--width-20"}),
            error_messages={"required": "Enter a phone number", **too_long(30)},
        )

    def clean_answer(self) -> str:
        return phone_number(self.cleaned_data["answer"], "Enter a phone number, like 07700 900 982")


class ChoiceAnswer(AnswerForm):
    """Radios; the answer is the option's label exactly as the question lists it."""

    kind = QuestionKind.CHOICE
    required_message = "Select one option"

    def build(self) -> None:
        options = self.question.options
        self.fields["answer"] = forms.ChoiceField(
            label=self.question.label,
            help_text=self.question.hint,
            choices=[(option, option) for option in options],
            widget=forms.RadioSelect(
                attrs={"class": "govuk-radios--inline"} if len(options) == 2 else {}
            ),
            error_messages={
                "required": self.required_message,
                "invalid_choice": "Select one of the options listed",
            },
        )


class YesNoAnswer(ChoiceAnswer):
    kind = QuestionKind.YES_NO
    required_message = "Select yes or no"
