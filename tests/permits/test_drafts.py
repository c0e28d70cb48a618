"""Drafts: started by an account only, saved one answer at a time with the row locked, kept
30 days from the last change, and read back only by their owner."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from engage.refusals import NotAllowed
from permits import reads
from permits.models import ApplicationDraft, DraftFile
from permits.services.drafts import save_answer, save_file, start_draft
from tests.factories import ApplicationTypeFactory, seeded_type
from tests.permits.applying import PDF, checked, photo_with_gps

pytestmark = pytest.mark.django_db


def test_a_new_draft_belongs_to_its_applicant_and_is_kept_thirty_days(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    assert draft.owner == resident and draft.answers == {}
    assert timedelta(days=29) < draft.expires_at - timezone.now() <= timedelta(days=30)


def test_a_type_no_longer_offered_cannot_be_started(resident):
    kind = ApplicationTypeFactory(active=False)
    with pytest.raises(NotAllowed):
        start_draft(type=kind, owner=resident)


def test_each_answer_is_kept_and_pushes_the_expiry_on(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    ApplicationDraft.objects.filter(pk=draft.pk).update(
        expires_at=timezone.now() + timedelta(days=2)
    )
    save_answer(draft, key="certificate", value="Both")
    draft = save_answer(draft, key="grant_or_renewal", value="Renewal")
    assert draft.answers == {"certificate": "Both", "grant_or_renewal": "Renewal"}
    assert draft.expires_at - timezone.now() > timedelta(days=29)


def test_an_answer_to_a_question_the_type_does_not_ask_is_refused(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    with pytest.raises(NotAllowed):
        save_answer(draft, key="route", value="Down the high street")
    with pytest.raises(NotAllowed):  # only publishable types ask it
        save_answer(draft, key="publish_consent", value="Yes")
    assert save_answer(
        start_draft(type=seeded_type("event"), owner=resident), key="publish_consent", value="No"
    ).answers == {"publish_consent": "No"}


def test_a_sent_draft_cannot_be_changed(resident, application_by):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    ApplicationDraft.objects.filter(pk=draft.pk).update(case=application_by())
    with pytest.raises(NotAllowed, match="sent already"):
        save_answer(draft, key="certificate", value="Both")


def test_saving_locks_the_draft_row(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        save_answer(draft, key="certificate", value="Both")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    if connection.vendor == "postgresql":
        assert "FOR UPDATE" in sql
    else:  # SQLite locks the whole database for a write; Django leaves the clause out
        assert 'FROM "permits_applicationdraft"' in sql


def test_a_document_replaces_the_one_given_before_and_is_kept_once(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    save_file(draft, key="medical_proforma", clean=checked(PDF, "proforma.pdf"))
    draft = save_file(draft, key="medical_proforma", clean=checked(photo_with_gps(), "p.jpg"))
    held = DraftFile.objects.get()
    assert held.name == "p.jpg" and held.question_key == "medical_proforma"
    assert draft.answers["medical_proforma"] == {"draft_file": held.pk, "name": "p.jpg"}
    again = save_file(draft, key="medical_proforma", clean=checked(photo_with_gps(), "p.jpg"))
    assert DraftFile.objects.count() == 1 and again.answers == draft.answers


def test_a_document_is_only_the_answer_to_a_file_question(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    with pytest.raises(NotAllowed):
        save_file(draft, key="home", clean=checked(PDF, "home.pdf"))
    with pytest.raises(NotAllowed):
        save_answer(draft, key="medical_proforma", value={"draft_file": 1, "name": "x.pdf"})


def test_a_draft_is_read_back_by_its_owner_only_and_not_once_expired(resident, other_resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    assert reads.draft_of(draft.pk, resident) == draft
    assert reads.draft_of(draft.pk, other_resident) is None
    assert reads.saved_drafts(resident) == [draft] and reads.saved_drafts(other_resident) == []
    ApplicationDraft.objects.filter(pk=draft.pk).update(expires_at=timezone.now())
    assert reads.draft_of(draft.pk, resident) is None and reads.saved_drafts(resident) == []
