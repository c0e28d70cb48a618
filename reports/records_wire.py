"""What a recorded report looks like on the wire to the force's records system, and how it is
signed. reports.services.handover sends it; the receiver checks it.

The request
-----------
    POST {RECORDS_WEBHOOK_URL}
    Content-Type: application/json
    Idempotency-Key: R-7K2M9-QXW3A/CRN-0004567/26   (case reference "/" crime reference
                                                 number, or the case reference alone when
                                                 there is none: one record per recording)
    X-Engage-Timestamp: 1767225600              (Unix seconds when this attempt was signed)
    X-Engage-Signature: sha256=<hex>

    <hex> = HMAC-SHA256(key=RECORDS_WEBHOOK_SECRET,
                        message=timestamp + "." + body)      (the exact bytes sent)

A receiver recomputes the HMAC over the timestamp header, a full stop and the raw body, compares
in constant time, and refuses a timestamp more than 5 minutes from its clock (a replayed
capture). Retries re-sign with a fresh timestamp; the body (built and stored once, when the
report was recorded) and the Idempotency-Key stay byte for byte the same, so a receiver that
already has the key answers 409 (or 200 with the same receipt) and keeps one record. A report
reopened and recorded again under a new crime reference number is sent under a new key.

The answer: 2xx with an optional JSON body {"receipt": "<the records system's id>"}; 409 means
"already have it" (the receipt may be in the body too).

The body (schema "engage.report/1")
-----------------------------------
    schema            "engage.report/1"
    reference         the case reference
    kind, kind_title  e.g. "crime.theft", "Theft"
    status, outcome   the case's status and triage outcome
    crime_reference   the crime reference number ("" when none)
    received_at, triaged_at   ISO 8601 (UTC)
    when, where       the reporter's answers to those steps ({} when not asked)
    neighbourhood     {"name", "ward_code", "borough"} or null
    grade             {"lane", "thrive": {...0-3 each}, "reason"}
    summary           what happened, in the reporter's words
    answers           every answer, keyed by step (the form's own shape; without "contact"
                      when the report is anonymous)
    people, items, vehicles, witnesses   lists drawn from those steps' answers
    reporter          {"name", "email", "contact": <the contact step's answers>}, or null
                      when the report is anonymous
    anonymous         true/false
    documents         [{"name", "content_type", "size", "sha256"}]: names and hashes only,
                      never the files (the force fetches those through Engage's staff pages)
    history           [{"at", "kind", "from", "to", "note"}], oldest first
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import TYPE_CHECKING, Any

from reports.types import report_type

if TYPE_CHECKING:
    from casework.models import Case

SCHEMA = "engage.report/1"
TIMESTAMP_HEADER = "X-Engage-Timestamp"
SIGNATURE_HEADER = "X-Engage-Signature"
TOLERANCE_SECONDS = 300
LISTED_STEPS = ("people", "items", "vehicles", "witnesses")


def payload(case: Case) -> dict[str, Any]:
    """The documented body for `case` (load it with `for_wire` to keep this to a few queries)."""
    answers: dict[str, Any] = dict(case.answers or {})
    if case.anonymous:
        answers.pop("contact", None)  # anonymous means anonymous to the police too
    found = report_type(case.kind)
    body: dict[str, Any] = {
        "schema": SCHEMA,
        "reference": case.reference,
        "kind": case.kind,
        "kind_title": found.title if found else case.kind,
        "status": case.status,
        "outcome": case.outcome,
        "crime_reference": case.crime_reference,
        "received_at": _iso(case.created_at),
        "triaged_at": _iso(case.triaged_at),
        "when": answers.get("when") or {},
        "where": answers.get("where") or {},
        "neighbourhood": _neighbourhood(case),
        "grade": {"lane": case.grade, "thrive": case.thrive, "reason": case.grade_reason},
        "summary": case.summary,
        "answers": answers,
        "anonymous": case.anonymous,
        "reporter": _reporter(case, answers),
        "documents": [
            {"name": d.name, "content_type": d.content_type, "size": d.size, "sha256": d.sha256}
            for d in case.documents.all()
        ],
        "history": [
            {
                "at": _iso(e.created_at),
                "kind": e.kind,
                "from": e.from_status,
                "to": e.to_status,
                "note": e.note,
            }
            for e in case.events.all()
        ],
    }
    for step in LISTED_STEPS:
        body[step] = listed(answers.get(step))
    return body


def listed(answer: Any) -> list[Any]:
    """A step's answer as a list of entries, whether the form stored a list, a dict holding
    one under a known key, or a single entry."""
    if not answer:
        return []
    if isinstance(answer, list):
        return answer
    if isinstance(answer, dict):
        for key in ("entries", "rows", "list", *LISTED_STEPS):
            if isinstance(answer.get(key), list):
                return list(answer[key])
    return [answer]


def encode(body: dict[str, Any]) -> bytes:
    """Stable bytes for a body (sorted keys, no spaces); stored on the Delivery when queued,
    so retries do not even depend on this staying stable."""
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def headers(key: str, body: bytes, secret: str, now: float | None = None) -> dict[str, str]:
    timestamp = str(int(now if now is not None else time.time()))
    return {
        "Content-Type": "application/json",
        "Idempotency-Key": key,
        TIMESTAMP_HEADER: timestamp,
        SIGNATURE_HEADER: sign(secret, timestamp, body),
    }


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, now: float | None = None
) -> bool:
    """The receiver's check (and the tests'): right key, right bytes, fresh timestamp."""
    try:
        age = abs((now if now is not None else time.time()) - int(timestamp))
    except ValueError:
        return False
    return age <= TOLERANCE_SECONDS and hmac.compare_digest(
        sign(secret, timestamp, body), signature
    )


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _neighbourhood(case: Case) -> dict[str, str] | None:
    place = case.neighbourhood
    if place is None:
        return None
    return {"name": place.name, "ward_code": place.ward_code, "borough": place.borough.name}


def _reporter(case: Case, answers: dict[str, Any]) -> dict[str, Any] | None:
    if case.anonymous:
        return None
    user = case.reporter
    return {
        "name": user.display_name if user else "",
        "email": user.email if user else "",
        "contact": answers.get("contact") or {},
    }
