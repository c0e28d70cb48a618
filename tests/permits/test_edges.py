"""Where the permits counter meets the rest of the station, and what it refuses at its edges:
an application is never a report (not on the report pages, not in triage), only text-like
answers are ever published, a withdrawn-from-sale type or a start that has passed is not sent,
and a published notice can always be taken down."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casework.models import Case
from casework.services import raise_grade
from casework.states import CaseStatus, Grade
from engage.refusals import NotAllowed
from permits import flow
from permits.forms import answer_form
from permits.models import Application, PublicNotice, Question
from permits.services import review
from permits.services.drafts import save_answer, start_draft
from permits.services.notices import publish_granted
from permits.services.submission import submit_application
from tests.conftest import signed_in
from tests.factories import QuestionFactory, seeded_type
from tests.permits.applying import procession

pytestmark = pytest.mark.django_db

MARCH = {
    "moving": "Yes, it is a march or procession that moves",
    "title": "Save Camden Library march",
    "starts": "2031-05-01T11:00",
    "ends": "2031-05-01T14:00",
    "assembly": "Camden Town Hall",
    "organiser": {"name": "Asha Patel", "phone": "07700 900 982", "email": "a@example.com"},
    "publish_consent": "Yes",
}


def test_an_application_is_not_a_report_on_the_report_pages(application_by):
    case = application_by()
    client = signed_in(case.reporter)
    assert client.get(reverse("reports:status", args=[case.reference])).status_code == 404
    response = client.post(reverse("reports:status", args=[case.reference]), {"body": "x"})
    assert response.status_code == 404 and not case.messages.exists()


def test_triage_never_regrades_an_application(application_by):
    case = application_by()
    assert raise_grade(case, grade=Grade.HIGH, reason="screened as urgent") is False
    assert Case.objects.get(pk=case.pk).grade == Grade.STANDARD


def test_only_text_like_answers_can_be_marked_for_publication():
    organiser = QuestionFactory(kind="person", publish_as="place")
    with pytest.raises(ValidationError, match="can be published"):
        organiser.full_clean()
    QuestionFactory(kind="address", publish_as="place").full_clean()


def test_a_person_answer_marked_for_publication_is_never_published(
    application_by, other_licensing_officer
):
    """Even if a question was marked before the rule existed, only strings go out."""
    case = application_by(type_slug="procession", answers=MARCH)
    Question.objects.filter(type__slug="procession", key="organiser").update(publish_as="place")
    Question.objects.filter(type__slug="procession", key="assembly").update(publish_as="")
    application = Application.objects.get(case=case)
    application.publish_consent = True
    application.save()

    notice = publish_granted(application)

    assert notice is not None and notice.place == ""
    assert "Asha" not in str(PublicNotice.objects.values().get())


def test_a_persons_phone_is_checked(application_by):
    question = seeded_type("procession").questions.get(key="organiser")
    form = answer_form(
        question, answers={}, data={"name": "Asha", "address": "", "phone": "abc", "email": ""}
    )
    assert not form.is_valid() and "phone" in form.errors


def test_a_type_taken_off_the_list_while_a_draft_waits_is_not_sent(resident):
    kind = seeded_type("procession")
    draft = start_draft(type=kind, owner=resident)
    for key, answer in procession(10).items():
        save_answer(draft, key=key, value=answer_value(kind, key, answer))
    kind.active = False
    kind.save()
    with pytest.raises(NotAllowed, match="no longer take"):
        submit_application(draft=draft, applicant=resident)
    assert not Case.objects.exists()


def test_a_start_that_passed_while_the_draft_was_saved_is_not_sent(resident):
    kind = seeded_type("procession")
    draft = start_draft(type=kind, owner=resident)
    for key, answer in procession(10).items():
        save_answer(draft, key=key, value=answer_value(kind, key, answer))
    past = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    draft.answers = {**draft.answers, "starts": past}
    draft.save()
    with pytest.raises(NotAllowed, match="has passed"):
        submit_application(draft=draft, applicant=resident)


def answer_value(kind, key: str, page: dict):
    """What the page for `key` saves, from what its form posts (tests.permits.applying)."""
    question = flow.find(flow.all_questions(kind), key)
    form = answer_form(question, answers={}, data=page)
    assert form.is_valid(), (key, form.errors)
    return form.answer()


def test_the_organiser_takes_a_published_march_down(application_by, other_licensing_officer):
    case = application_by(type_slug="procession", answers=MARCH)
    Application.objects.filter(case=case).update(publish_consent=True)
    review.grant(case, officer=other_licensing_officer, version=case.version)
    assert PublicNotice.objects.listed().filter(case=case).exists()
    client = signed_in(case.reporter)
    assert "Stop showing it there" in client.get(case.get_absolute_url()).content.decode()

    response = client.post(reverse("permits:unpublish", args=[case.reference]))

    assert response.status_code == 302
    assert not PublicNotice.objects.listed().exists()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.GRANTED  # still acknowledged
    page = signed_in(case.reporter).get(reverse("notices:upcoming", args=[case.neighbourhood.slug]))
    assert "Save Camden Library march" not in page.content.decode()


def test_nobody_else_can_take_a_notice_down(
    application_by, other_resident, other_licensing_officer
):
    case = application_by(type_slug="procession", answers=MARCH)
    Application.objects.filter(case=case).update(publish_consent=True)
    review.grant(case, officer=other_licensing_officer, version=case.version)
    response = signed_in(other_resident).post(reverse("permits:unpublish", args=[case.reference]))
    assert response.status_code == 404 and PublicNotice.objects.listed().exists()


def test_staff_take_a_notice_down_in_the_admin(
    application_by, other_licensing_officer, staff_admin
):
    case = application_by(type_slug="procession", answers=MARCH)
    Application.objects.filter(case=case).update(publish_consent=True)
    review.grant(case, officer=other_licensing_officer, version=case.version)
    notice = PublicNotice.objects.get()
    client = signed_in(staff_admin, two_factor=True)
    changelist = reverse("admin:permits_publicnotice_changelist")
    response = client.post(changelist, {"action": "take_down", "_selected_action": [notice.pk]})
    assert response.status_code == 302
    assert not PublicNotice.objects.listed().exists()
