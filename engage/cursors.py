"""Keyset cursors: the one way a page link says where the next page starts (issue 18).

A cursor is the sort key of the last row shown, e.g. `(published_at, id)` for a concern list
or `(lane_rank, deadline, created_at, id)` for the moderation queue, written as a JSON list in
URL-safe base64 without padding. It is opaque to people, not a secret: anyone may craft one,
and a crafted one can only move a page, so decoding checks shape and range and turns anything
else into None, which every list treats as "the first page" (never a 500).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime

from engage import bounds

Value = int | datetime
MAX_MOMENT_LENGTH = 40  # "2026-01-01T00:00:00.000000+00:00" is 32
# Python's URL-safe decoder skips characters outside the alphabet, so "<cursor>!!" would still
# decode: only the alphabet we write (and padding, which older links carry) is accepted.
URL_SAFE_BASE64 = re.compile(r"[A-Za-z0-9_-]*={0,2}")


def encode(*values: Value) -> str:
    """The cursor for a row whose sort key is `values` (ints and aware datetimes)."""
    raw = json.dumps(
        [value.isoformat() if isinstance(value, datetime) else value for value in values],
        separators=(",", ":"),
    )
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode(cursor: str | None, *types: type) -> tuple | None:
    """The sort key `encode` wrote, checked against `types` (int or datetime, in order); None
    for anything else: empty, garbage, truncated, too long, another shape, a naive time, or
    an integer outside a database id's range."""
    decoded = _unwrap(cursor)
    if not isinstance(decoded, list) or len(decoded) != len(types):
        return None
    values = tuple(_parse(value, kind) for value, kind in zip(decoded, types, strict=True))
    return None if any(value is None for value in values) else values


def _unwrap(cursor: str | None) -> object | None:
    if (
        not isinstance(cursor, str)
        or not cursor
        or len(cursor) > bounds.MAX_TOKEN_LENGTH
        or not URL_SAFE_BASE64.fullmatch(cursor)
    ):
        return None
    try:
        body = cursor.rstrip("=")
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        # Infinity, NaN and floats are JSON we never write: refused rather than compared.
        return json.loads(raw, parse_constant=_refuse, parse_float=_refuse)
    except (ValueError, RecursionError, binascii.Error):  # UnicodeDecodeError is a ValueError
        return None


def _refuse(value: str) -> None:
    raise ValueError(f"not in a cursor: {value}")


def _parse(value: object, kind: type) -> Value | None:
    if kind is int:
        # bool is an int to Python, never to us; a bigint's range keeps the database happy.
        ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= bounds.MAX_ID
        return value if ok and isinstance(value, int) else None
    if kind is datetime:
        if not isinstance(value, str) or len(value) > MAX_MOMENT_LENGTH:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        # A naive time would be read in the server's zone (and warned about): not one we made.
        return moment if moment.tzinfo is not None else None
    raise TypeError(f"cursors hold ints and datetimes, not {kind.__name__}")
