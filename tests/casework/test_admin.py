"""Cases in the admin: staff admins only, read-only, with no case text on the lists, and every
case opened there in the case's access log."""

from __future__ import annotations

import pytest

from casework.models import AccessAction, Case, CaseAccess, CaseEvent
from casework.services import post_message, record_access
from tests.conftest import signed_in


@pytest.fixture
def admin(staff_admin):
    return signed_in(staff_admin, two_factor=True)


def test_the_case_list_shows_what_a_case_is_never_what_it_says(admin, report_by):
    case = report_by(summary="Taken from outside 12 Acacia Avenue by my neighbour Dave.")

    page = admin.get("/admin/casework/case/")

    text = page.content.decode()
    assert page.status_code == 200 and case.reference in text and "crime.theft" in text
    assert "Acacia" not in text and "Dave" not in text
    assert case.reporter.email not in text


def test_the_record_pages_show_no_case_text_or_reporter_either(admin, report_by, call_handler):
    case = report_by(
        summary="Taken from outside 12 Acacia Avenue by my neighbour Dave.",
        answers={"what": {"text": "Acacia Avenue"}, "contact": {"phone": "07700900982"}},
    )
    message = post_message(
        case, author=call_handler, body="Is Dave your neighbour?", signature="CC"
    )
    event = case.events.filter(message=message).first() or case.events.first()

    pages = [
        f"/admin/casework/case/{case.pk}/change/",
        f"/admin/casework/casemessage/{message.pk}/change/",
        f"/admin/casework/caseevent/{event.pk}/change/",
    ]
    for path in pages:
        text = admin.get(path).content.decode()
        assert case.reference in text, path
        assert "Acacia" not in text and "Dave" not in text and "07700900982" not in text, path
        assert case.reporter.email not in text and case.reporter.display_name not in text, path


def test_opening_a_case_in_the_admin_is_logged(admin, report_by, staff_admin):
    case = report_by()

    page = admin.get(f"/admin/casework/case/{case.pk}/change/")

    assert page.status_code == 200
    access = CaseAccess.objects.get(case=case)
    assert access.user == staff_admin and access.action == AccessAction.VIEW
    assert access.detail == "admin: case"


def test_a_case_cannot_be_changed_added_or_deleted_in_the_admin(admin, report_by):
    case = report_by()
    change = f"/admin/casework/case/{case.pk}/change/"

    page = admin.get(change)
    admin.post(change, {"status": "closed", "summary": "Changed in the admin."})

    assert 'name="summary"' not in page.content.decode()
    assert admin.get("/admin/casework/case/add/").status_code == 403
    assert admin.get(f"/admin/casework/case/{case.pk}/delete/").status_code == 403
    case.refresh_from_db()
    assert case.status == "received" and case.summary != "Changed in the admin."


def test_the_history_is_append_only(admin, report_by, call_handler):
    case = report_by()
    post_message(case, author=call_handler, body="Hello.", signature="Contact centre")
    event = CaseEvent.objects.filter(case=case).last()
    change = f"/admin/casework/caseevent/{event.pk}/change/"

    assert admin.get(change).status_code == 200
    admin.post(change, {"note": "rewritten", "kind": "case.status"})
    assert admin.get("/admin/casework/caseevent/add/").status_code == 403
    assert admin.get(f"/admin/casework/caseevent/{event.pk}/delete/").status_code == 403
    event.refresh_from_db()
    assert event.note == "" and event.kind == "case.message"


@pytest.mark.parametrize("model", ["casemessage", "casedocument", "caseaccess"])
def test_messages_documents_and_the_access_log_cannot_be_changed(
    model, admin, report_by, call_handler
):
    case = report_by()
    post_message(case, author=call_handler, body="Hello.", signature="Contact centre")
    record_access(case, user=call_handler)

    assert admin.get(f"/admin/casework/{model}/").status_code == 200
    assert admin.get(f"/admin/casework/{model}/add/").status_code == 403


def test_a_moderator_with_admin_access_cannot_open_cases(moderator, report_by):
    moderator.is_staff = True  # moderators get the admin to look records up
    moderator.save()
    case = report_by()
    client = signed_in(moderator, two_factor=True)

    listing = client.get("/admin/casework/case/")
    page = client.get(f"/admin/casework/case/{case.pk}/change/")
    index = client.get("/admin/")

    assert listing.status_code == 403 and page.status_code == 403
    assert "casework" not in index.content.decode().lower()
    assert not CaseAccess.objects.filter(case=case).exists()


def test_a_case_that_does_not_exist_looks_the_same_to_a_moderator(moderator):
    moderator.is_staff = True
    moderator.save()

    response = signed_in(moderator, two_factor=True).get("/admin/casework/case/999999/change/")

    assert response.status_code == 403 and not Case.objects.filter(pk=999999).exists()
