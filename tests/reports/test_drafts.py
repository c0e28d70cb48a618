"""Drafts (reports.services.drafts): saved per step, listed for their owner, limited lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from engage.refusals import NotAllowed
from reports import reporter_reads, services
from reports.models import ReportDraft
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_a_step_is_saved_without_losing_the_others_and_the_expiry_moves_on(resident):
    draft = services.start_draft(kind="crime.theft", owner=resident)
    ReportDraft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() + timedelta(days=1))
    services.save_step(draft, step="what", answers={"text": "Taken."})
    services.save_step(draft, step="where", answers={"place": "Library"})
    draft.refresh_from_db()
    assert draft.answers == {"what": {"text": "Taken."}, "where": {"place": "Library"}}
    assert draft.expires_at > timezone.now() + timedelta(days=29)


def test_fraud_and_unknown_kinds_start_no_draft(resident):
    for kind in ("fraud", "crime.piracy"):
        with pytest.raises(NotAllowed):
            services.start_draft(kind=kind, owner=resident)


def test_only_a_tip_off_may_be_started_signed_out():
    with pytest.raises(NotAllowed):
        services.start_draft(kind="crime.theft", owner=None, session_key="abc")
    draft = services.start_draft(kind="tell_us", owner=None, session_key="abc")
    assert draft.session_key == "abc" and draft.owner is None


def test_a_list_takes_at_most_ten_items_and_one_can_be_removed(resident):
    draft = services.start_draft(kind="crime.theft", owner=resident)
    for n in range(10):
        draft = services.add_entry(draft, step="items", entry={"description": f"Item {n}"})
    with pytest.raises(NotAllowed, match="up to 10"):
        services.add_entry(draft, step="items", entry={"description": "One more"})
    draft = services.remove_entry(draft, step="items", index=3)
    descriptions = [e["description"] for e in draft.answers["items"]["entries"]]
    assert len(descriptions) == 9 and "Item 3" not in descriptions


def test_a_sent_draft_can_no_longer_be_changed(resident):
    draft = services.start_draft(kind="crime.theft", owner=resident)
    ReportDraft.objects.filter(pk=draft.pk).update(case=CaseFactory(reporter=resident))
    with pytest.raises(NotAllowed, match="sent already"):
        services.save_step(draft, step="what", answers={"text": "Changed."})


def test_saved_drafts_are_the_owners_unsent_unexpired_ones(resident, other_resident):
    mine = services.start_draft(kind="crime.theft", owner=resident)
    services.start_draft(kind="crime.theft", owner=other_resident)
    sent = services.start_draft(kind="asb", owner=resident)
    ReportDraft.objects.filter(pk=sent.pk).update(case=CaseFactory(reporter=resident))
    old = services.start_draft(kind="asb", owner=resident)
    ReportDraft.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert reporter_reads.saved_drafts(resident) == [mine]
    assert reporter_reads.draft_of(old.pk, user=resident, session_key=None) is None
    assert reporter_reads.draft_of(mine.pk, user=other_resident, session_key=None) is None
