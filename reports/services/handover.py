"""Hand-over: every recorded report goes to the force's records system, exactly once in effect.

The rule: `queue_hand_over(case)` is called in the transaction that records the crime. It
writes the Delivery row for the case and its crime reference number, with the JSON body of
reports.records_wire built there and then (stored: every retry sends the same bytes, even if
the case changes meanwhile), and, when RECORDS_WEBHOOK_URL is set, an outbox item with the
dedupe key "records:<reference>/<crime reference>" (engage/outbox.py: it commits or rolls
back with the crime). A report reopened and recorded again under a new number gets a second
Delivery and is handed over again. The outbox handler, in a worker, after commit:

- POSTs the stored body, signed (scheme documented in reports.records_wire), outside any
  transaction, with "<reference>/<crime reference>" as Idempotency-Key;
- 2xx, or 409 ("already have it"): Delivery.delivered_at and the receipt, Case.handed_over_at,
  and a HANDED_OVER history row, written once (a conditional update on delivered_at);
- 5xx, 429, a timeout, a refused or dropped connection: `RetryLater` with the outbox's
  full-jitter backoff on Delivery.attempts (capped at 10 minutes, no bound on attempts: a
  records system that is down for a day delays the report, it never loses it);
- any other 4xx: the receiver refuses this body and will again, so it is recorded as failed
  (Delivery.last_error "refused: ...", logged at ERROR) and not retried. Fix the cause, then
  `retry_hand_over(case)`.

At least once plus the receiver's dedupe on the Idempotency-Key is exactly once in effect: a worker
killed after the POST but before recording it sends again, and the receiver answers 409.

Without RECORDS_WEBHOOK_URL the Delivery stays pending (delivered_at null, no error) and the
daily CSV (`manage.py export_reports`) is the route: nothing is queued, nothing fails.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from casework.models import Case, CaseEventKind
from casework.services import record
from engage import outbox
from engage.models import OutboxItem
from reports import records_wire
from reports.models import Delivery

log = logging.getLogger(__name__)

KIND = "reports.hand_over"
REFUSED = "refused: "
RETRY_CAP_SECONDS = 600.0


def idempotency_key(reference: str, crime_reference: str) -> str:
    """One record per case and crime reference number: a report reopened and recorded again
    under a new number is a new record for the receiver, a retry of the same one is not."""
    return f"{reference}/{crime_reference}" if crime_reference else reference


def dedupe_key(case: Case, crime_reference: str | None = None) -> str:
    crn = case.crime_reference if crime_reference is None else crime_reference
    return f"records:{idempotency_key(case.reference, crn)}"


@transaction.atomic
def queue_hand_over(case: Case) -> None:
    """Record that `case` is to be handed over under its current crime reference number (one
    Delivery for each), with the body as it is now, in the caller's transaction, and queue
    the send. Calling it twice for the same number changes nothing; a new number is a new
    hand-over."""
    current = for_wire().get(pk=case.pk)  # as this transaction has it, recording included
    delivery, _ = Delivery.objects.get_or_create(
        case=current,
        crime_reference=current.crime_reference,
        defaults={"body": records_wire.encode(records_wire.payload(current)).decode()},
    )
    if settings.RECORDS_WEBHOOK_URL:
        outbox.enqueue(
            KIND,
            {"delivery": delivery.pk},
            dedupe_key=dedupe_key(current, delivery.crime_reference),
        )


@transaction.atomic
def retry_hand_over(case: Case) -> None:
    """For an operator, after a refused delivery's cause is fixed: clear the error and send
    each of the case's undelivered hand-overs again (their outbox rows made due, attempts
    reset). The bodies are those stored when they were queued."""
    for delivery in Delivery.objects.filter(case=case, delivered_at__isnull=True):
        Delivery.objects.filter(pk=delivery.pk).update(last_error="")
        item = outbox.enqueue(
            KIND, {"delivery": delivery.pk}, dedupe_key=dedupe_key(case, delivery.crime_reference)
        )
        OutboxItem.objects.filter(pk=item.pk).update(
            done_at=None, failed_at=None, attempts=0, due_at=timezone.now(), claimed_until=None
        )
        transaction.on_commit(partial(outbox.dispatch, item.pk))


@dataclass(frozen=True)
class Answer:
    status: int  # 0: no HTTP answer at all (refused, timed out, dropped)
    body: bytes = b""
    error: str = ""

    @property
    def delivered(self) -> bool:
        return 200 <= self.status < 300 or self.status == 409

    @property
    def transient(self) -> bool:
        return self.status == 0 or self.status == 429 or self.status >= 500

    def receipt(self) -> str:
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            return ""
        return str(data.get("receipt", ""))[:80] if isinstance(data, dict) else ""


@outbox.handler(KIND)
def send_hand_over(payload: dict) -> None:
    """The outbox handler: safe to run twice (a delivered hand-over is not sent again). It
    sends the stored body, so every attempt carries the same bytes."""
    delivery = _delivery(payload)
    if delivery is None or not settings.RECORDS_WEBHOOK_URL:
        return  # purged, or the webhook was switched off: the CSV export is the route
    if delivery.delivered_at is not None:
        return
    case = delivery.case
    Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    answer = post(idempotency_key(case.reference, delivery.crime_reference), delivery.body.encode())
    if answer.delivered:
        _delivered(case, delivery, answer)
    elif answer.transient:
        error = answer.error or f"HTTP {answer.status}"
        Delivery.objects.filter(pk=delivery.pk).update(last_error=error[:300])
        raise outbox.RetryLater(outbox.backoff(delivery.attempts + 1, cap=RETRY_CAP_SECONDS), error)
    else:
        error = f"{REFUSED}HTTP {answer.status} {answer.body[:200].decode(errors='replace')}"
        Delivery.objects.filter(pk=delivery.pk).update(last_error=error[:300])
        log.error("records system refused %s: %s", case.reference, error)


def _delivery(payload: dict) -> Delivery | None:
    """The payload's Delivery; one queued before bodies were stored ({"case": pk}) is its
    case's latest, and gets its body now, once."""
    if "delivery" in payload:
        found = Delivery.objects.select_related("case").filter(pk=payload["delivery"]).first()
    else:
        found = (
            Delivery.objects.select_related("case")
            .filter(case_id=int(payload.get("case", 0)))
            .order_by("-created_at", "-pk")
            .first()
        )
    if found is not None and not found.body:
        case = for_wire().get(pk=found.case_id)
        found.body = records_wire.encode(records_wire.payload(case)).decode()
        Delivery.objects.filter(pk=found.pk, body="").update(body=found.body)
        found.refresh_from_db(fields=["body"])
    return found


def for_wire() -> QuerySet[Case]:
    return Case.objects.select_related("neighbourhood__borough", "reporter").prefetch_related(
        "documents", "events"
    )


def post(key: str, body: bytes) -> Answer:
    """POST once, outside any transaction, with `key` as the Idempotency-Key; what came back
    (never raises for the network)."""
    headers = records_wire.headers(key, body, settings.RECORDS_WEBHOOK_SECRET)
    request = urllib.request.Request(
        settings.RECORDS_WEBHOOK_URL, data=body, method="POST", headers=headers
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.RECORDS_WEBHOOK_TIMEOUT_SECONDS
        ) as response:
            return Answer(response.status, response.read(4096))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read(4096), f"HTTP {error.code}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        # ValueError: http.client's answer to a malformed status line from a dying receiver.
        return Answer(0, b"", str(getattr(error, "reason", error)) or type(error).__name__)


@transaction.atomic
def _delivered(case: Case, delivery: Delivery, answer: Answer) -> None:
    now = timezone.now()
    won = Delivery.objects.filter(pk=delivery.pk, delivered_at__isnull=True).update(
        delivered_at=now, receipt=answer.receipt(), last_error=""
    )
    if not won:
        return  # another run recorded it first
    Case.objects.filter(pk=case.pk).update(handed_over_at=now)
    record(
        case,
        CaseEventKind.HANDED_OVER,
        actor=None,
        detail={"receipt": answer.receipt(), "status": answer.status},
    )


def state(delivery: Delivery) -> str:
    """'delivered', 'failed' (refused; needs a person) or 'pending' (queued, retrying, or no
    webhook configured)."""
    if delivery.delivered_at is not None:
        return "delivered"
    return "failed" if delivery.last_error.startswith(REFUSED) else "pending"
