"""Personal data, the address family: full postcodes, and a house or flat number with a street."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded

# --- postcodes and addresses --------------------------------------------------------------------

_POSTCODE = re.compile(
    r"(?=[a-z]{1,2}\d)(?<!\w)[a-pr-uwyz][a-hk-y]?\d[a-z\d]?(?P<space>[ ]?)\d"
    r"[abd-hjlnp-uw-z]{2}\b"
)
_ORDINALS = frozenset({"ST", "ND", "RD", "TH"})


def postcode(text: str, context: Context) -> Iterator[Finding]:
    """A full postcode narrows to about fifteen homes: hold it, with or without a street."""
    for match in _POSTCODE.finditer(folded(text, context)):
        value = text[match.start() : match.end()]
        typed_in_capitals = value.isupper()
        # In lower case, "b4 2nd" and "w2 3rd" are words, and a postcode needs its space.
        if not typed_in_capitals and (not match.group("space") or value[-2:].upper() in _ORDINALS):
            continue
        yield Finding(
            "postcode",
            PERSONAL_DATA,
            match.start(),
            match.end(),
            "Looks like a full postcode, which can point to a handful of homes",
            context.field,
        )


_STREET_SUFFIX = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Crescent|Cres|Drive|Dr|Gardens|Gdns|Grove|"
    r"Place|Pl|Way|Terrace|Court|Ct|Square|Sq|Mews|Hill|Park|Row|Walk|Rise|Green|Parade|Vale|"
    r"View|Yard|Wharf|Estate|House|Mansions|Buildings|Villas|Passage|Gate|Mount|Approach|"
    r"Embankment|Broadway|Quay|Lodge|Tower|Towers|Heights|Point|Path|Circus|Market|Fields|"
    r"Cottages|Boulevard|Chase|Croft|Parkway|Arcade|Common|End)"
)
_STREET_WORD = r"(?:St\.?[ ])?(?:O['’]|Mc|Mac)?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_STREET_NAME = (
    rf"{_STREET_WORD}[ ]+(?:(?:{_STREET_WORD}|of|and|upon|on|the|de|la)[ ]+){{0,3}}"
    rf"(?i:{_STREET_SUFFIX})"
)  # "Prince of Wales Road"
_STANDALONE_STREET = r"(?:The[ ]+)?(?:Parkway|Broadway|Embankment|Strand|Mall|Cut|Highway)"
_ADDRESS = re.compile(
    rf"""
    (?=\d)(?<![\w£$€:./\-])
    \d{{1,3}}[A-Za-z]?,?[ ]+
    (?:[Tt]he[ ]+(?:{_STREET_WORD}[ ]+){{0,2}}(?i:{_STREET_SUFFIX})   # "3 the Crescent"
      |{_STREET_NAME}|{_STANDALONE_STREET})\b\.?
""",
    re.X,
)
_FLAT_BEFORE = re.compile(r"(?<!\w)(?:flat|apartment|apt|unit|studio)[ ]?\d{1,4}[a-z]?,?[ ]+$")
# On the folded text: "at number 12", "outside no. 4", "Oak Road, number 7", but not "the number
# 24 bus". Found from the number, then the words before it.
_HOUSE_NUMBER = re.compile(
    r"(?=[n#])(?<!\w)(?:number|no\.?|num\.?|\#)[ ]?\d{1,4}[a-z]?\b"
    r"(?![ ]?(?:bus|route|tram|night[ ]bus))"
)
_HOUSE_NUMBER_LEAD = re.compile(
    rf"""
    (?<![\w'’])(?:at|outside|from|in|to|of|near|opposite|next[ ]door[ ]to|lives?[ ]at|behind
      |{_STREET_SUFFIX.lower()},?)[ ]+(?:the[ ]+)?(?:house[ ]+|flat[ ]+)?$
""",
    re.X,
)
_FLAT = re.compile(
    r"(?=[FfAa])\b(?i:flat|apartment|apt)[ ]?\d{1,4}[A-Za-z]?\b"
    r"(?=[ ]?,|[ ]+[A-Z]|[ ]+(?i:in|at|on|of)\b)"
)


# Typed all in lower case ("42 tolworth road", "flat 12 shelley house"): only the suffixes that
# are never ordinary words after a number ("5 minutes walk", "3 nights in a row" are not).
_LOWER_SUFFIX = (
    r"(?:road|rd|street|lane|ln|close|avenue|ave|gardens|gdns|grove|mews|crescent|"
    r"cres|terrace|court|ct|mansions|villas|cottages|house|tower|towers|buildings)"
)
_LOWER_ADDRESS = re.compile(
    rf"""
    (?=\d)(?<![\w£$€:./\-])(?:(?:flat|apartment|apt|unit)[ ]?)?\d{{1,3}}[a-z]?,?[ ]+
    (?:(?!(?:minutes?|mins?|hours?|days?|weeks?|years?|times?|nights?|people|of|the|a|an)\b)
       [a-z][a-z'’]+[ ]+){{1,3}}{_LOWER_SUFFIX}\b
""",
    re.X,
)
_TYPED_IN_LOWER = re.compile(r"\d[a-z]?,?[ ]+[a-z]")


def address(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    if _TYPED_IN_LOWER.search(text):
        for match in _LOWER_ADDRESS.finditer(text):
            yield Finding(
                "address",
                PERSONAL_DATA,
                match.start(),
                match.end(),
                "Looks like a house number and street",
                context.field,
            )
    for match in _ADDRESS.finditer(text):
        flat = _FLAT_BEFORE.search(lowered, max(0, match.start() - 24), match.start())
        yield Finding(
            "address",
            PERSONAL_DATA,
            flat.start() if flat else match.start(),
            match.end(),
            "Looks like a house number and street",
            context.field,
        )
    for match in _HOUSE_NUMBER.finditer(lowered):
        lead = _HOUSE_NUMBER_LEAD.search(lowered, max(0, match.start() - 40), match.start())
        if lead:
            yield Finding(
                "address",
                PERSONAL_DATA,
                lead.start(),
                match.end(),
                "Points to a particular house or flat",
                context.field,
            )
    if "flat" in lowered or "ap" in lowered:
        for match in _FLAT.finditer(text):
            yield Finding(
                "address",
                PERSONAL_DATA,
                match.start(),
                match.end(),
                "Points to a particular flat",
                context.field,
            )
