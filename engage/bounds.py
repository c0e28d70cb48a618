"""Parsing numbers and tokens from requests within bounds (issue 16, item 5).

`str.isdigit()` is true for "²" and for thirty-digit numbers; `int()` of the first raises and
the second overflows a database integer: both were 500s. Everything that turns request text
into an id goes through here; a cursor through engage/cursors.py, within MAX_TOKEN_LENGTH.
"""

from __future__ import annotations

MAX_ID = 2**63 - 1  # PostgreSQL bigint, SQLite INTEGER
MAX_TOKEN_LENGTH = 512  # far longer than any cursor engage/cursors.py makes


def parse_id(text: object) -> int | None:
    """A positive database id from request text, or None (not ASCII digits, or out of range)."""
    if (
        not isinstance(text, str)
        or not (0 < len(text) <= 19)
        or not text.isascii()
        or not text.isdigit()
    ):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def parse_count(text: object, default: int = 0) -> int:
    """A non-negative counter (a version, say) from request text; `default` when it is not."""
    if text == "0":
        return 0
    value = parse_id(text)
    return default if value is None else value
