"""The private counter's permission matrix over HTTP: every case page and action, for every
persona. Whoever may not see a case gets what they would get for a case that does not exist
(404; anonymous people are sent to sign in), its text never appears in the response, and a
refused action changes nothing. Sockets have their own matrix: tests/casework/test_consumers.py;
document downloads: tests/casework/test_document_views.py."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import Case, CaseAccess, CaseMessage
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

SECRET = "The man with the scar took my bike"
# persona -> (fixture, passed two-factor)
PERSONAS = {
    "anonymous": (None, False),
    "reporter": ("resident", False),
    "other_resident": ("other_resident", False),
    "team_officer": ("officer", True),  # an officer of the team the case was passed to
    "other_officer": ("other_officer", True),
    "call_handler": ("call_handler", True),
    "moderator": ("moderator", True),
    "staff_admin": ("staff_admin", True),
}
# page -> who may open it (everyone else: 404, or the sign-in page if anonymous)
PAGES = {
    "reports:status": {"reporter"},
    "contact_centre:case": {"team_officer", "call_handler"},
}
# action -> (url name, extra args, form, who may do it)
ACTIONS = {
    "claim": ("contact_centre:claim", [], {}, set()),  # only untriaged cases: none may here
    "message": (
        "contact_centre:act",
        ["message"],
        {"message-body": "Can you call us?"},
        {"team_officer", "call_handler"},
    ),
    "close": (
        "contact_centre:act",
        ["close"],
        {"close-explanation": "No lines of enquiry."},
        {"team_officer", "call_handler"},
    ),
    "record": (
        "contact_centre:act",
        ["record"],
        {"record-crime_reference": "CRN 1234567/26"},
        set(),  # a case with the team is past triage: recording is refused for all
    ),
}


@pytest.fixture
def case(report_by):
    """A report by `resident`, passed to the `officer`'s team (so that team may see it)."""
    return report_by(with_team=True, summary=SECRET, answers={"what": {"text": SECRET}})


def client_for(persona: str, request) -> Client:
    fixture, two_factor = PERSONAS[persona]
    if fixture is None:
        return Client()
    return signed_in(request.getfixturevalue(fixture), two_factor=two_factor)


def refused(response) -> bool:
    body = response.content.decode(errors="replace")
    hidden = SECRET not in body
    if response.status_code == 302:
        return hidden and "/account/login/" in response["Location"]
    return response.status_code == 404 and hidden


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("page", PAGES)
def test_who_may_open_each_case_page(persona, page, case, request):
    client = client_for(persona, request)

    response = client.get(reverse(page, args=[case.reference]))

    if persona in PAGES[page]:
        assert response.status_code == 200 and SECRET in response.content.decode()
    else:
        assert refused(response), (persona, page, response.status_code)


def state_of(case: Case) -> tuple:
    row = Case.objects.values_list("status", "version").get(pk=case.pk)
    return (*row, CaseMessage.objects.filter(case=case).count())


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ACTIONS)
def test_who_may_act_on_a_case(persona, action, case, request):
    name, extra, form, allowed = ACTIONS[action]
    client = client_for(persona, request)
    before = state_of(case)

    version = {f"{extra[0]}-version" if extra else "version": case.version}
    response = client.post(reverse(name, args=[case.reference, *extra]), {**version, **form})

    if persona in allowed:
        assert response.status_code == 302 and state_of(case) != before
    elif persona in {"team_officer", "call_handler"}:
        # Staff on the case, but the case is past this step: told so, nothing applied.
        assert response.status_code in (302, 400, 404) and state_of(case) == before
    else:
        assert refused(response), (persona, action, response.status_code)
        assert state_of(case) == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_unknown_reference_looks_the_same_as_someone_elses_case(persona, request):
    client = client_for(persona, request)

    for page in PAGES:
        response = client.get(reverse(page, args=["R-00000-00000"]))
        assert response.status_code in (302, 404)


@pytest.mark.parametrize("persona", ["team_officer", "call_handler"])
def test_staff_pass_two_factor_before_they_see_a_case(persona, case, request):
    fixture, _ = PERSONAS[persona]
    client = signed_in(request.getfixturevalue(fixture), two_factor=False)

    response = client.get(reverse("contact_centre:case", args=[case.reference]))

    assert response.status_code == 302 and SECRET not in response.content.decode()
    assert not CaseAccess.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_show_a_case_only_to_those_who_may_open_it(persona, case, request):
    client = client_for(persona, request)
    lists = ["contact_centre:queue", "contact_centre:team", "report_figures:index"]

    for name in lists:
        body = client.get(reverse(name)).content.decode(errors="replace")
        assert SECRET not in body
        if persona not in {"team_officer", "call_handler"}:
            assert case.reference not in body


def test_every_staff_view_of_the_case_is_logged_and_the_reporters_are_not(
    case, resident, call_handler, officer
):
    signed_in(resident).get(reverse("reports:status", args=[case.reference]))
    for user in (call_handler, officer):
        signed_in(user, two_factor=True).get(reverse("contact_centre:case", args=[case.reference]))

    assert list(CaseAccess.objects.values_list("user", "action")) == [
        (call_handler.pk, "view"),
        (officer.pk, "view"),
    ]


def test_staff_never_learn_who_an_anonymous_reporter_is(report_by, resident, officer, call_handler):
    from casework import services as case_services

    case = report_by(
        with_team=True,
        kind="tell_us",
        anonymous=True,
        answers={"what": {"text": "Dealing from the garages"}, "contact": {"phone": "07700900982"}},
    )
    case_services.add_information(case, reporter=resident, body="It happens after 10pm.")

    for user in (officer, call_handler):
        page = signed_in(user, two_factor=True).get(
            reverse("contact_centre:case", args=[case.reference])
        )
        body = page.content.decode()
        assert page.status_code == 200 and "It happens after 10pm." in body
        assert resident.display_name not in body and resident.email not in body
        assert "07700900982" not in body


def test_choosing_to_stay_anonymous_keeps_no_phone_or_email():
    from reports.forms import ContactForm

    form = ContactForm(
        {"anonymous": "on", "phone": "07700 900 982", "email": "me@example.com"},
        anonymous_allowed=True,
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["phone"] == "" and form.cleaned_data["email"] == ""
