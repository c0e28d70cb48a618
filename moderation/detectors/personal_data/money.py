"""Personal data, the money family: card numbers (Luhn-checked) and bank details."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded

# --- card and bank numbers ------------------------------------------------------------------

# Not glued to letters (an IBAN's digits) and not starting like a sort code ("20-45-77 1234...").
_CARD = re.compile(r"(?=[02-6])(?<![\w\-])(?!\d\d-\d\d-\d\d\b)[02-6]\d(?:[ \-]?\d){10,17}(?!\d)")
# Maestro numbers can be 12 digits, and old UK Maestro ones start 0604: shapes common enough in
# other numbers to need the word "card" nearby.
_CARD_CONTEXT = re.compile(r"\b(?:card|debit|credit|visa|mastercard|maestro|amex)\b", re.I)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


_CARD_GROUPS = re.compile(r"\d{4}([ \-])\d{4}\1\d{4}\1\d{4}")


def card_number(text: str, context: Context) -> Iterator[Finding]:
    """A number that passes the card checksum, or one written like a card (four groups of
    four) or beside a card word whether or not it passes: a resident retyping their card gets
    a digit wrong as often as not, and it is held all the same."""
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        carded = bool(_CARD_CONTEXT.search(text, max(0, match.start() - 40), match.start()))
        needs_context = len(digits) == 12 or digits[0] == "0"
        if needs_context and not carded:
            continue
        if _luhn(digits) or _CARD_GROUPS.fullmatch(match.group()) or (carded and len(digits) >= 15):
            yield Finding(
                "card_number",
                PERSONAL_DATA,
                match.start(),
                match.end(),
                "Looks like a payment card number",
                context.field,
            )


_SORT = r"\d{2}[ \-.]?\d{2}[ \-.]?\d{2}"
# (pattern over the folded text, substrings one of which it needs, reason)
_BANK = (
    (
        re.compile(rf"\b(?:sort[ ]?code|s/c)\b\W{{0,3}}(?:is[ ])?(?P<v>{_SORT})\b"),
        ("sort", "s/c"),
        "Looks like a bank sort code",
    ),
    (
        re.compile(
            r"\b(?:(?:bank[ ])?(?:account|acc|acct|a/c)(?:[ ]?(?:no|number|num|\#))?)\.?"
            r"\W{0,3}(?:is[ ])?(?P<v>\d{8})\b"
        ),
        ("acc", "a/c"),
        "Looks like a bank account number",
    ),
    (
        re.compile(r"(?=\d)(?<![\d/.\-])(?P<v>\d{2}-\d{2}-\d{2}[ ,/]{1,3}\d{8})\b"),
        ("-",),
        "Looks like a sort code and account number",
    ),
    (re.compile(r"\b(?P<v>gb\d{2}[ ]?[a-z]{4}(?:[ ]?\d){14})\b"), ("gb",), "Looks like a UK IBAN"),
)


def bank_details(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    for pattern, hints, reason in _BANK:
        if any(hint in lowered for hint in hints):
            for match in pattern.finditer(lowered):
                yield Finding(
                    "bank_details", PERSONAL_DATA, *match.span("v"), reason, context.field
                )
