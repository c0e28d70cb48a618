"""Hand-over of recorded reports to the records system (reports.services.handover), against the
loopback receiver: signed, retried through the outbox, recorded once."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from casework.models import CaseDocument, CaseEventKind
from engage import outbox
from engage.models import OutboxItem
from reports import records_wire
from reports.models import Delivery
from reports.services import handover
from tests.factories import CaseFactory
from tests.fakes.records import SECRET, RecordsReceiver, serving

pytestmark = pytest.mark.django_db


@pytest.fixture
def records_system(settings):
    """The force's records system (a loopback fake), up and answering."""
    with serving(settings) as receiver:
        yield receiver


def recorded(**fields):
    fields.setdefault("crime_reference", "CRN-0004567/26")
    case = CaseFactory(recorded=True, **fields)
    handover.queue_hand_over(case)
    return case


def key(case) -> str:
    """The Idempotency-Key (and the receiver's record key): reference / crime reference."""
    return handover.idempotency_key(case.reference, case.crime_reference)


def the_item(case) -> OutboxItem:
    return OutboxItem.objects.get(dedupe_key=handover.dedupe_key(case))


def run_now(case) -> str:
    """What a worker does when the row is due (made due now: the backoff is not the test)."""
    item = the_item(case)
    OutboxItem.objects.filter(pk=item.pk).update(due_at=timezone.now())
    return outbox.run(item.pk)


def test_a_recorded_report_is_queued_once_however_often_it_is_asked(records_system):
    case = recorded()
    handover.queue_hand_over(case)

    assert Delivery.objects.filter(case=case).count() == 1
    assert OutboxItem.objects.filter(kind=handover.KIND).count() == 1
    assert the_item(case).payload == {"delivery": Delivery.objects.get(case=case).pk}


def test_a_rolled_back_recording_queues_nothing(records_system):
    case = CaseFactory(recorded=True)
    with pytest.raises(RuntimeError), transaction.atomic():
        handover.queue_hand_over(case)
        raise RuntimeError("the crime was not recorded after all")

    assert not Delivery.objects.exists()
    assert not OutboxItem.objects.filter(kind=handover.KIND).exists()


def test_a_report_is_delivered_once_with_its_receipt_and_history(records_system):
    case = recorded()

    assert run_now(case) == "done"
    assert run_now(case) == "skipped"  # done rows are not run again
    handover.send_hand_over({"case": case.pk})  # a duplicate delivery of the task: no POST

    assert records_system.arrivals() == {case.reference: 1}
    assert records_system.count() == 1
    delivery = Delivery.objects.get(case=case)
    assert delivery.delivered_at is not None and delivery.receipt == "RMS-000001"
    assert delivery.attempts == 1 and handover.state(delivery) == "delivered"
    case.refresh_from_db()
    assert case.handed_over_at == delivery.delivered_at
    events = list(case.events.filter(kind=CaseEventKind.HANDED_OVER))
    assert len(events) == 1 and events[0].detail["receipt"] == "RMS-000001"
    assert not events[0].for_reporter


def test_a_receiver_that_is_down_gets_the_report_once_when_it_is_back(records_system):
    case = recorded()
    records_system.down = True

    assert run_now(case) == "later"
    assert run_now(case) == "later"
    delivery = Delivery.objects.get(case=case)
    assert delivery.delivered_at is None and delivery.last_error == "HTTP 503"
    assert handover.state(delivery) == "pending"
    item = the_item(case)
    assert item.due_at > timezone.now() and item.failed_at is None  # waiting, with backoff

    records_system.down = False
    assert run_now(case) == "done"

    assert records_system.arrivals() == {case.reference: 1}
    assert records_system.count(503) == 2 and records_system.count(201) == 1
    delivery.refresh_from_db()
    assert delivery.delivered_at is not None and delivery.attempts == 3
    assert delivery.last_error == ""


def test_a_dropped_connection_or_a_refused_one_is_retried(records_system, settings):
    case = recorded()
    records_system.drop = True
    assert run_now(case) == "later"
    records_system.drop = False
    settings.RECORDS_WEBHOOK_URL = "http://127.0.0.1:9/records"  # nothing listens there
    assert run_now(case) == "later"
    assert Delivery.objects.get(case=case).delivered_at is None

    settings.RECORDS_WEBHOOK_URL = records_system.url
    assert run_now(case) == "done"
    assert records_system.arrivals() == {case.reference: 1}


def test_a_send_whose_answer_was_lost_is_recorded_from_the_receivers_409(records_system):
    case = recorded()
    body = records_wire.encode(records_wire.payload(handover.for_wire().get(pk=case.pk)))
    first = handover.post(key(case), body)  # a worker killed before it recorded this
    assert first.status == 201

    assert run_now(case) == "done"

    assert records_system.arrivals() == {case.reference: 1}
    assert records_system.count(409) == 1
    delivery = Delivery.objects.get(case=case)
    assert delivery.delivered_at is not None and delivery.receipt == first.receipt()


def test_a_wrong_secret_is_refused_by_the_receiver_and_recorded_as_failed_not_retried(
    records_system, settings
):
    settings.RECORDS_WEBHOOK_SECRET = "not-the-shared-secret"
    case = recorded()

    assert run_now(case) == "done"  # the outbox's work is over: retrying cannot help

    assert records_system.records == {} and records_system.count(401) == 1
    delivery = Delivery.objects.get(case=case)
    assert delivery.delivered_at is None and handover.state(delivery) == "failed"
    assert delivery.last_error.startswith("refused: HTTP 401")
    assert not case.events.filter(kind=CaseEventKind.HANDED_OVER).exists()

    settings.RECORDS_WEBHOOK_SECRET = SECRET  # the operator fixes the secret and retries
    handover.retry_hand_over(case)
    assert run_now(case) == "done"
    assert records_system.arrivals() == {case.reference: 1}
    assert handover.state(Delivery.objects.get(case=case)) == "delivered"


def test_without_a_webhook_the_delivery_stays_pending_and_nothing_is_queued(settings):
    settings.RECORDS_WEBHOOK_URL = ""
    case = recorded()

    delivery = Delivery.objects.get(case=case)
    assert delivery.delivered_at is None and delivery.last_error == ""
    assert handover.state(delivery) == "pending"
    assert not OutboxItem.objects.filter(kind=handover.KIND).exists()
    handover.send_hand_over({"case": case.pk})  # a row queued before the URL was removed
    assert Delivery.objects.get(case=case).attempts == 0


def test_the_request_is_signed_and_carries_the_documented_payload(records_system, resident):
    case = CaseFactory(
        recorded=True,
        crime_reference="CRN-0004567/26",
        reporter=resident,
        answers={
            "when": {"date": "2026-12-01", "time": "14:00"},
            "where": {"postcode": "NW1 7JR"},
            "what": {"text": "My bike was taken."},
            "items": {"items": [{"name": "Bike", "value": "450", "serial": "WTU123"}]},
            "people": [{"description": "Tall, red jacket"}],
            "contact": {"phone": "07700 900123", "avoid": "Evenings"},
        },
        thrive={"threat": 1, "harm": 1},
    )
    content = b"%PDF-1.4 receipt"
    CaseDocument.objects.create(
        case=case,
        file=ContentFile(content, name="receipt.pdf"),
        name="receipt.pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    handover.queue_hand_over(case)
    run_now(case)

    record = records_system.records[key(case)]
    headers = {k.lower(): v for k, v in record.headers.items()}
    assert headers["content-type"] == "application/json"
    assert headers["idempotency-key"] == f"{case.reference}/CRN-0004567/26" == key(case)
    assert headers["x-engage-signature"].startswith("sha256=")
    body = record.body
    assert body["schema"] == "engage.report/1" and body["reference"] == case.reference
    assert body["crime_reference"] == "CRN-0004567/26" and body["kind_title"] == "Theft"
    assert body["where"] == {"postcode": "NW1 7JR"}
    assert body["neighbourhood"]["ward_code"] == case.neighbourhood.ward_code
    assert body["grade"] == {"lane": "standard", "thrive": {"threat": 1, "harm": 1}, "reason": ""}
    assert body["items"] == [{"name": "Bike", "value": "450", "serial": "WTU123"}]
    assert body["people"] == [{"description": "Tall, red jacket"}] and body["vehicles"] == []
    assert body["reporter"] == {
        "name": "Priya",
        "email": "resident@example.com",
        "contact": {"phone": "07700 900123", "avoid": "Evenings"},
    }
    assert body["documents"] == [
        {
            "name": "receipt.pdf",
            "content_type": "application/pdf",
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        }
    ]
    assert "PDF" not in json.dumps(body)  # names and hashes, never the file


def test_an_anonymous_report_is_handed_over_without_who_made_it(records_system, resident):
    case = recorded(
        reporter=resident, anonymous=True, kind="tell_us", answers={"contact": {"phone": "077"}}
    )
    run_now(case)

    body = records_system.records[key(case)].body
    assert body["anonymous"] is True and body["reporter"] is None
    assert "resident@example.com" not in json.dumps(body) and "077" not in json.dumps(body)


def test_the_signature_is_hmac_of_timestamp_dot_body_and_goes_stale():
    body = b'{"reference":"R-1"}'
    headers = records_wire.headers("R-1", body, "k", now=1_000_000)
    stamp, signature = headers["X-Engage-Timestamp"], headers["X-Engage-Signature"]

    assert stamp == "1000000"
    assert records_wire.verify("k", stamp, body, signature, now=1_000_100)
    assert not records_wire.verify("other", stamp, body, signature, now=1_000_100)
    assert not records_wire.verify("k", stamp, body + b" ", signature, now=1_000_100)
    assert not records_wire.verify("k", stamp, body, signature, now=1_000_000 + 301)
    assert RecordsReceiver(secret="k").signed_ok(
        str(int(timezone.now().timestamp())),
        body,
        records_wire.headers("R-1", body, "k")["X-Engage-Signature"],
    )


def test_every_retry_sends_the_body_as_it_was_when_the_report_was_recorded(records_system):
    case = recorded(summary="A bike was taken from the rack.")
    stored = Delivery.objects.get(case=case).body
    records_system.down = True
    assert run_now(case) == "later"
    type(case).objects.filter(pk=case.pk).update(summary="Edited after recording.")
    records_system.down = False

    assert run_now(case) == "done"

    assert Delivery.objects.get(case=case).body == stored  # the very bytes, every attempt
    sent = records_system.records[key(case)].body
    assert sent == json.loads(stored) and sent["summary"] == "A bike was taken from the rack."


def test_a_report_recorded_again_under_a_new_crime_reference_is_handed_over_again(
    records_system,
):
    case = recorded(crime_reference="CRN-0000001/26")
    assert run_now(case) == "done"
    type(case).objects.filter(pk=case.pk).update(crime_reference="CRN-0000002/26")
    case.refresh_from_db()

    handover.queue_hand_over(case)  # reopened, recorded again
    handover.queue_hand_over(case)  # and asked twice: still one more
    assert run_now(case) == "done"

    assert sorted(Delivery.objects.filter(case=case).values_list("crime_reference", flat=True)) == [
        "CRN-0000001/26",
        "CRN-0000002/26",
    ]
    assert set(records_system.records) == {
        f"{case.reference}/CRN-0000001/26",
        f"{case.reference}/CRN-0000002/26",
    }
    assert records_system.records[key(case)].body["crime_reference"] == "CRN-0000002/26"
    assert all(d.delivered_at for d in Delivery.objects.filter(case=case))
