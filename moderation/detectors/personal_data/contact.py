"""Personal data, the contact family: phone numbers and email addresses (also spelt out,
"name at gmail dot com")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded

# --- phone numbers --------------------------------------------------------------------------

_PHONE = re.compile(
    r"""
    (?=[+0(])(?<![\w+£$€/])               # not glued to a word, an amount or another number
    (?:(?P<intl>(?:\+|\b00)[ ]?44[ ]?(?:\(0\)[ ]?)?)|\(?0)
    (?P<rest>(?:[ \t.\-()]{0,2}\d){8,12})
""",
    re.X,
)
_DATE_LIKE = re.compile(r"\(?0\d[.\-/]\d")  # 01-02-2023 is a date, not a number starting 01
# National numbers are 11 digits (some 01 and 0800 numbers 10); a mobile must have all 11, other
# numbers one short are still held, as people drop a digit ("029 2018 975").
_PHONE_LENGTHS = {
    "1": (11, 10),
    "2": (11, 10),
    "3": (11, 10),
    "5": (11, 10),
    "7": (11,),
    "8": (11, 10),
    "9": (11, 10),
}
_PHONE_KINDS = {"7": "mobile", "8": "freephone or business", "9": "premium-rate", "5": "internet"}
# Public services residents are told to call: never personal.
PUBLIC_NUMBERS = frozenset(
    {
        "0800555111",  # Crimestoppers
        "08082000247",  # National Domestic Abuse Helpline
        "08088005000",  # NSPCC
        "03001232040",  # Action Fraud
        "08081689111",  # Victim Support
    }
)


def _national_digits(match: re.Match[str], text: str) -> list[int]:
    """Positions of the national number's digits after its leading 0."""
    rest = match.start("rest")
    positions = [rest + i for i, ch in enumerate(match.group("rest")) if ch.isdigit()]
    if match.group("intl") and positions and text[positions[0]] == "0":
        positions = positions[1:]  # "+44 020 ..." written with the trunk 0 left in
    return positions


def phone(text: str, context: Context) -> Iterator[Finding]:
    for match in _PHONE.finditer(text):
        if not match.group("intl") and _DATE_LIKE.match(text, match.start()):
            continue
        positions = _national_digits(match, text)
        if not positions:
            continue
        area = text[positions[0]]
        for length in _PHONE_LENGTHS.get(area, ()):
            if len(positions) < length - 1:
                continue
            end = positions[length - 2] + 1
            if end < len(text) and text[end].isdigit():
                continue
            digits = "0" + "".join(text[p] for p in positions[: length - 1])
            if digits not in PUBLIC_NUMBERS:
                kind = _PHONE_KINDS.get(area, "landline")
                yield Finding(
                    "phone",
                    PERSONAL_DATA,
                    match.start(),
                    end,
                    f"Looks like a UK {kind} phone number",
                    context.field,
                )
            break


# --- email addresses --------------------------------------------------------------------------

# Found from the "@" (a literal the regex engine searches for quickly), then the name before it.
_EMAIL_DOMAIN = re.compile(r"@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,4}\.[A-Za-z]{2,24}\b")
_EMAIL_NAME = re.compile(r"(?<![\w.%+\-])[\w.%+\-]{1,64}$")
_TLD = r"(?:com|net|org|uk|co[ .]?uk|co[ ]dot[ ]uk|org[ .]uk|ac[ .]uk|me|io|info)\b"
# "name [at] domain [dot] com", and "name at domain dot com" (spelt-out dots only, so that
# "looking at bbc.co.uk" is not an address).
_LABEL = r"[A-Za-z0-9\-]{1,63}"
_AT = r"[\[({][ ]?at[ ]?[\])}]"
_DOT = r"(?:\.|[\[({][ ]?dot[ ]?[\])}]|[ ]dot[ ])"
_EMAIL_SPELT = re.compile(
    rf"""
    (?<![\w.\-])[\w.+\-]{{1,64}}
    (?:[ ]?{_AT}[ ]?{_LABEL}(?:[ ]?{_DOT}[ ]?{_LABEL}){{0,3}}[ ]?{_DOT}[ ]?{_TLD}
      |[ ]at[ ]{_LABEL}(?:[ ]dot[ ]{_LABEL}){{0,3}}[ ]dot[ ]{_TLD})
""",
    re.X,
)


_SPELT_HINTS = ("[at]", "(at)", "{at}", "[ at ]", "( at )", " dot ")


def email(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    for domain in _EMAIL_DOMAIN.finditer(text):
        name = _EMAIL_NAME.search(text, max(0, domain.start() - 64), domain.start())
        if name:
            yield Finding(
                "email",
                PERSONAL_DATA,
                name.start(),
                domain.end(),
                "Looks like an email address",
                context.field,
            )
    if any(hint in lowered for hint in _SPELT_HINTS):
        for match in _EMAIL_SPELT.finditer(lowered):
            yield Finding(
                "email",
                PERSONAL_DATA,
                match.start(),
                match.end(),
                "Looks like an email address written out",
                context.field,
            )
