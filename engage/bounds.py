"""Parsing numbers and tokens from requests within bounds (issue 16, item 5).

`str.isdigit()` is true for "²" and for thirty-digit numbers; `int()` of the first raises and
the second overflows a database integer: both were 500s. Everything that turns request text
into an id or a cursor goes through here.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import NoReturn

MAX_ID = 2**63 - 1  # PostgreSQL bigint, SQLite INTEGER
MAX_TOKEN_LENGTH = 512  # far longer than any cursor we make


def parse_id(text: object) -> int | None:
    """A positive database id from request text, or None (not ASCII digits, or out of range)."""
    if not isinstance(text, str) or not (0 < len(text) <= 19) or not text.isascii() \
            or not text.isdigit():
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_count(text: object, default: int = 0) -> int:
    """A non-negative counter (a version, say) from request text; `default` when it is not."""
    if text == "0":
        return 0
    value = parse_id(text)
    return default if value is None else value


def decode_token(token: str) -> object | None:
    """JSON inside URL-safe base64, as our cursors are made; None for anything else (too long,
    not base64, not JSON, nested too deep, or numbers JSON allows and we never write)."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or not token.isascii():
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        return json.loads(raw, parse_constant=_refuse, parse_float=_refuse)
    except (ValueError, TypeError, RecursionError, binascii.Error):
        return None


def _refuse(value: str) -> NoReturn:
    raise ValueError(f"not in a cursor: {value}")
