"""The applicant's forms: one per kind of question, built from the Question row (simple:
one box; compound: several), and the forms of their application's page (applicant).

Answer shapes (Case.answers and ApplicationDraft.answers are {key: value}): text, long_text,
choice, yes_no, address, email, phone: a string (choice and yes_no: the option as listed);
date "YYYY-MM-DD"; datetime "YYYY-MM-DDTHH:MM" (Europe/London); point {"lat", "lng"};
person {"name", "address", "phone", "email"}; file {"draft_file": id, "name"} on a draft,
{"document": id, "name"} on a case. An optional question left empty is "" on the draft and
left out of the case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from permits.forms.applicant import AnswerRequestForm, WithdrawForm
from permits.forms.compound import (
    DateAnswer,
    DateTimeAnswer,
    FileAnswer,
    PersonAnswer,
    PointAnswer,
)
from permits.forms.simple import (
    AddressAnswer,
    AnswerForm,
    ChoiceAnswer,
    EmailAnswer,
    LongTextAnswer,
    PhoneAnswer,
    TextAnswer,
    YesNoAnswer,
)

if TYPE_CHECKING:
    from permits.models import Question

FORMS: dict[str, type[AnswerForm]] = {
    form.kind: form
    for form in (
        TextAnswer,
        LongTextAnswer,
        AddressAnswer,
        EmailAnswer,
        PhoneAnswer,
        ChoiceAnswer,
        YesNoAnswer,
        DateAnswer,
        DateTimeAnswer,
        PointAnswer,
        PersonAnswer,
        FileAnswer,
    )
}


def answer_form(
    question: Question, *, answers: dict[str, Any], data: Any = None, files: Any = None
) -> AnswerForm:
    """The form for `question`, filled in with its saved answer from `answers`."""
    form_class = FORMS.get(question.kind, TextAnswer)
    return form_class(
        data, files, question=question, answers=answers, saved=answers.get(question.key)
    )


__all__ = [
    "FORMS",
    "AnswerForm",
    "AnswerRequestForm",
    "WithdrawForm",
    "answer_form",
]
