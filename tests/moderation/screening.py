"""Helpers for the screening tests (tests/moderation/test_screening*.py): the detectors' names,
what a detector found, and parametrize tables."""

from __future__ import annotations

import pytest

from moderation.screening import screen

ALL_DETECTORS = {
    "phone",
    "spelt_phone",
    "email",
    "address",
    "postcode",
    "vehicle_plate",
    "ni_number",
    "date_of_birth",
    "card_number",
    "bank_details",
    "named_accusation",
    "named_person",
    "social_handle",
    "abuse",
    "spam",
}
FINDING_NAMES = (ALL_DETECTORS - {"spelt_phone"}) | {"phone"}


def found(detector: str, text: str, **kwargs) -> list[str]:
    """What `detector` matched in `text`; "" for a whole-text finding."""
    return [
        text[f.start : f.end] for f in screen(text, **kwargs).findings if f.detector == detector
    ]


def finds(detector: str, text: str, expected: str, **kwargs) -> bool:
    """True when some finding of `detector` covers `expected` (a substring of `text`)."""
    start = text.index(expected)
    return any(
        f.start <= start and start + len(expected) <= f.end
        for f in screen(text, **kwargs).findings
        if f.detector == detector
    )


def table(*rows: tuple) -> list:
    """Rows of (text, expected); a row already made with pytest.param (a known weakness
    marked xfail) passes through."""
    return [row if hasattr(row, "marks") else pytest.param(*row, id=row[0][:60]) for row in rows]


def clean(*texts: str) -> list:
    return [pytest.param(text, id=text[:60]) for text in texts]
