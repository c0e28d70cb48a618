"""The order of an application's pages, worked out from its type's questions (data, never
code): which are asked given the answers so far, which answer stops it, what is missing, how
an answer reads back, and whether the notice given is late. Pure functions, no writes.

Only `publish_consent` is named here: the one page every publishable type adds at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from permits.models import PublishAs, Question, QuestionKind

if TYPE_CHECKING:
    from permits.models import ApplicationType

CONSENT_KEY = "publish_consent"
CONSENT_ORDER = 60_000
# Kinds whose answer is the applicant's own words, read by the 999 screen.
FREE_TEXT = {QuestionKind.TEXT, QuestionKind.LONG_TEXT, QuestionKind.ADDRESS}
EMPTY: tuple[Any, ...] = ("", None, {}, [])


def consent_question(kind: ApplicationType) -> Question:
    """The extra page a publishable type asks last (not a Question row: no admin edits it)."""
    return Question(
        type=kind,
        order=CONSENT_ORDER,
        key=CONSENT_KEY,
        label="May we show it on the neighbourhood page?",
        hint="If we agree to it, the neighbourhood page can show what it is, when and where it "
        "is, and any road closures: never your name, your contact details or anything else "
        "you told us. You can still go ahead if you say no.",
        kind=QuestionKind.YES_NO,
    )


def all_questions(kind: ApplicationType) -> list[Question]:
    """Every page the type may ask, in order (whether or not it applies to these answers)."""
    questions = list(kind.questions.all())
    if kind.publishable:
        questions.append(consent_question(kind))
    return questions


def asked(questions: list[Question], answers: dict[str, Any]) -> list[Question]:
    """The questions that apply, given the answers so far (`only_if`)."""
    return [question for question in questions if question.applies_to(answers)]


def find(questions: list[Question], key: str) -> Question | None:
    return next((question for question in questions if question.key == key), None)


def after(questions: list[Question], answers: dict[str, Any], key: str) -> Question | None:
    """The next question asked after `key` (None: check your answers comes next)."""
    keys = [question.key for question in questions]
    here = keys.index(key) if key in keys else -1
    return next((q for q in questions[here + 1 :] if q.applies_to(answers)), None)


def before(questions: list[Question], answers: dict[str, Any], key: str) -> Question | None:
    """The question asked before `key` (None: it is the first)."""
    keys = [question.key for question in questions]
    here = keys.index(key) if key in keys else 0
    earlier = [q for q in questions[:here] if q.applies_to(answers)]
    return earlier[-1] if earlier else None


def unanswered(questions: list[Question], answers: dict[str, Any]) -> Question | None:
    """The first question asked that has no answer yet (optional ones count once skipped)."""
    return next((q for q in asked(questions, answers) if q.key not in answers), None)


def stopped_by(questions: list[Question], answers: dict[str, Any]) -> Question | None:
    """The question whose answer means no application is needed (or possible) here."""
    for question in asked(questions, answers):
        if question.stop_answer and str(answers.get(question.key, "")) == question.stop_answer:
            return question
    return None


def given(questions: list[Question], answers: dict[str, Any]) -> dict[str, Any]:
    """What is sent: the answers to the questions asked, empty optional ones left out."""
    return {
        q.key: answers[q.key]
        for q in asked(questions, answers)
        if q.key in answers and answers[q.key] not in EMPTY
    }


def local_moment(value: object) -> datetime | None:
    """A date ("YYYY-MM-DD", the start of that day) or datetime answer as an aware time in
    the site's zone (Europe/London)."""
    if not isinstance(value, str) or not value:
        return None
    moment = parse_datetime(value) if "T" in value else None
    if moment is None:
        day = parse_date(value)
        moment = datetime.combine(day, time(0, 0)) if day else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def starts_at(questions: list[Question], answers: dict[str, Any]) -> datetime | None:
    """When it starts: the answer to the question marked 'starts', if the type has one."""
    for question in asked(questions, answers):
        if question.publish_as == PublishAs.STARTS:
            return local_moment(answers.get(question.key))
    return None


def clear_days(starts: datetime, today: date | None = None) -> int:
    """Clear days' notice: the whole days between the day notice is given and the day itself,
    neither counted (notice on the 1st of a march on the 8th is 6 clear days)."""
    today = today or timezone.localdate()
    return (timezone.localtime(starts).date() - today).days - 1


def is_late(kind: ApplicationType, starts: datetime | None, today: date | None = None) -> bool:
    """Less notice than the type asks for (the application is still accepted)."""
    return bool(kind.lead_days and starts and clear_days(starts, today) < kind.lead_days)


def lead_time_words(kind: ApplicationType) -> str:
    if not kind.lead_days:
        return ""
    days = f"{kind.lead_days} clear day{'s' if kind.lead_days != 1 else ''}"
    return (
        f"Apply at least {days} before it starts: the day you apply and the day itself do "
        "not count."
    )


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    value: str
    document: int | None = None


def shown(question: Question, value: Any) -> str:
    """An answer as it reads back on check your answers and the applicant's page."""
    if value in EMPTY:
        return "Not given"
    if question.kind in (QuestionKind.DATE, QuestionKind.DATETIME):
        moment = local_moment(value)
        if moment is None:
            return str(value)
        moment = timezone.localtime(moment)
        day = f"{moment.day} {moment:%B %Y}"
        return day if question.kind == QuestionKind.DATE else f"{day} at {moment:%H:%M}"
    if question.kind == QuestionKind.PERSON and isinstance(value, dict):
        parts = ("name", "address", "phone", "email")
        return "\n".join(str(value[part]) for part in parts if value.get(part))
    if question.kind == QuestionKind.POINT and isinstance(value, dict):
        return f"{value.get('lat')}, {value.get('lng')}"
    if question.kind == QuestionKind.FILE and isinstance(value, dict):
        return str(value.get("name", "A document"))
    return str(value)


def rows(questions: list[Question], answers: dict[str, Any]) -> list[Row]:
    """One row per question asked, in order."""
    return [
        Row(
            key=q.key,
            label=q.label,
            value=shown(q, answers.get(q.key)),
            document=_document(answers.get(q.key)),
        )
        for q in asked(questions, answers)
    ]


def _document(value: Any) -> int | None:
    if isinstance(value, dict) and isinstance(value.get("document"), int):
        return int(value["document"])
    return None
