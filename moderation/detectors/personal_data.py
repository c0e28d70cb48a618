"""Personal data: the details that let a reader find, contact or defraud a particular person.

Each detector returns the span to redact. The patterns are UK-only (this is a London service) and
lean towards holding: a moderator releasing a false alarm costs seconds, a published address can
cost far more. `phonenumbers` is not a dependency, so phone numbers are parsed here against the
Ofcom numbering plan's shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding

# --- phone numbers --------------------------------------------------------------------------

_PHONE = re.compile(r"""
    (?<![\w+£$€/])                        # not glued to a word, an amount or another number
    (?:(?P<intl>(?:\+|\b00)[ ]?44[ ]?(?:\(0\)[ ]?)?)|\(?0)
    (?P<rest>(?:[ \t.\-()]{0,2}\d){8,12})
""", re.X)
_DATE_LIKE = re.compile(r"\(?0\d[.\-/]\d")  # 01-02-2023 is a date, not a number starting 01
# National numbers that can be a person's or a business's line; 09 (premium) and 05 are left out.
_PHONE_LENGTHS = {"1": (11, 10), "2": (11,), "3": (11,), "7": (11,), "8": (11, 10)}
_PHONE_KINDS = {"7": "mobile", "8": "freephone or business"}
# Public services residents are told to call: never personal.
PUBLIC_NUMBERS = frozenset({
    "0800555111",    # Crimestoppers
    "08082000247",   # National Domestic Abuse Helpline
    "08088005000",   # NSPCC
    "03001232040",   # Action Fraud
    "08081689111",   # Victim Support
})


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
            digits = "0" + "".join(text[p] for p in positions[:length - 1])
            if digits not in PUBLIC_NUMBERS:
                kind = _PHONE_KINDS.get(area, "landline")
                yield Finding("phone", PERSONAL_DATA, match.start(), end,
                              f"Looks like a UK {kind} phone number", context.field)
            break


# --- email addresses --------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]{1,64}@[A-Za-z0-9\-]{1,63}"
                    r"(?:\.[A-Za-z0-9\-]{1,63}){0,4}\.[A-Za-z]{2,24}\b")
_TLD = r"(?:com|net|org|uk|co[ .]?uk|co\s+dot\s+uk|org[ .]uk|ac[ .]uk|me|io|info)\b"
# "name [at] domain [dot] com", and "name at domain dot com" (spelt-out dots only, so that
# "looking at bbc.co.uk" is not an address).
_LABEL = r"[A-Za-z0-9\-]{1,63}"
_AT = r"[\[({][ ]?at[ ]?[\])}]"
_DOT = r"(?:\.|[\[({][ ]?dot[ ]?[\])}]|[ ]dot[ ])"
_EMAIL_SPELT = re.compile(rf"""
    (?<![\w.\-])[\w.+\-]{{1,64}}
    (?:[ ]?{_AT}[ ]?{_LABEL}(?:[ ]?{_DOT}[ ]?{_LABEL}){{0,3}}[ ]?{_DOT}[ ]?{_TLD}
      |[ ]at[ ]{_LABEL}(?:[ ]dot[ ]{_LABEL}){{0,3}}[ ]dot[ ]{_TLD})
""", re.X | re.I)


def email(text: str, context: Context) -> Iterator[Finding]:
    for pattern, reason in ((_EMAIL, "Looks like an email address"),
                            (_EMAIL_SPELT, "Looks like an email address written out")):
        for match in pattern.finditer(text):
            yield Finding("email", PERSONAL_DATA, match.start(), match.end(), reason,
                          context.field)


# --- postcodes and addresses --------------------------------------------------------------------

_POSTCODE = re.compile(r"\b[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?(?P<space>[ ]?)\d[ABD-HJLNP-UW-Z]{2}\b",
                       re.I)
_ORDINALS = frozenset({"ST", "ND", "RD", "TH"})


def postcode(text: str, context: Context) -> Iterator[Finding]:
    """A full postcode narrows to about fifteen homes: hold it, with or without a street."""
    for match in _POSTCODE.finditer(text):
        value = match.group()
        typed_in_capitals = value.isupper()
        # In lower case, "b4 2nd" and "w2 3rd" are words, and a postcode needs its space.
        if not typed_in_capitals and (not match.group("space") or value[-2:].upper() in _ORDINALS):
            continue
        yield Finding("postcode", PERSONAL_DATA, match.start(), match.end(),
                      "Looks like a full postcode, which can point to a handful of homes",
                      context.field)


_STREET_SUFFIX = (
    r"(?:Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Crescent|Cres|Drive|Dr|Gardens|Gdns|Grove|"
    r"Place|Pl|Way|Terrace|Court|Ct|Square|Sq|Mews|Hill|Park|Row|Walk|Rise|Green|Parade|Vale|"
    r"View|Yard|Wharf|Estate|House|Mansions|Buildings|Villas|Passage|Gate|Mount|Approach|"
    r"Embankment|Broadway|Quay|Lodge|Tower|Towers|Heights|Point|Path|Circus|Market|Fields|"
    r"Cottages|Boulevard|Chase|Croft|Parkway|Arcade|Court|Common|End)"
)
_STREET_WORD = r"(?:St\.?[ ])?[A-Z][a-z'’]+(?:-[A-Z][a-z'’]+)?"
_ADDRESS = re.compile(rf"""
    (?<![\w£$€:./\-])
    (?:(?i:flat|apartment|apt|unit|studio)[ ]?\d{{1,4}}[A-Za-z]?,?[ ]+)?
    \d{{1,3}}[A-Za-z]?,?[ ]+
    (?:{_STREET_WORD}[ ]+){{1,3}}
    (?i:{_STREET_SUFFIX})\b\.?
""", re.X)
_HOUSE_NUMBER = re.compile(r"""
    \b(?i:(?:at|outside|from|in|to|of|near|opposite|next[ ]door[ ]to|lives?[ ]at|behind)[ ]+
    (?:the[ ]+)?(?:house[ ]+|flat[ ]+)?(?:number|no\.?|num\.?|\#)[ ]?\d{1,4}[a-z]?)\b
    (?![ ]?(?i:bus|route|tram|night[ ]bus))
""", re.X)
_FLAT = re.compile(r"\b(?i:flat|apartment|apt)[ ]?\d{1,4}[A-Za-z]?\b"
                   r"(?=[ ]?,|[ ]+[A-Z]|[ ]+(?i:in|at|on|of)\b)")


def address(text: str, context: Context) -> Iterator[Finding]:
    for pattern, reason in ((_ADDRESS, "Looks like a house number and street"),
                            (_HOUSE_NUMBER, "Points to a particular house or flat"),
                            (_FLAT, "Points to a particular flat")):
        for match in pattern.finditer(text):
            yield Finding("address", PERSONAL_DATA, match.start(), match.end(), reason,
                          context.field)


# --- vehicle registration plates --------------------------------------------------------------

_PLATE_FORMATS = (
    # current (2001 on): memory tag, age identifier 02-29 or 51-79, three random letters
    ("current", re.compile(r"\b[A-HJ-PR-Y][A-HJ-PR-Y](?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ ]?"
                           r"(?P<letters>[A-HJ-PR-Z]{3})\b", re.I)),
    # prefix (1983-2001): A123 BCD
    ("prefix", re.compile(r"\b[A-HJ-NP-TV-Y][1-9]\d{0,2}[ ]?(?P<letters>[A-HJ-PR-Y]{3})\b", re.I)),
    # suffix (1963-1983): ABC 123D
    ("suffix", re.compile(r"\b(?P<letters>[A-HJ-PR-Y]{3})[ ]?[1-9]\d{0,2}[A-HJ-NP-TV-Y]\b", re.I)),
    # dateless (before 1963, and cherished plates): ABC 123 or 123 ABC
    ("dateless", re.compile(r"\b(?:(?P<letters>[A-HJ-PR-Y]{3})[ ]?[1-9]\d{0,2}|[1-9]\d{0,2}[ ]?"
                            r"(?P<after>[A-HJ-PR-Y]{3}))\b", re.I)),
)
_VEHICLE_CONTEXT = re.compile(
    r"\b(?:reg|registration|plates?|number[ ]?plate|car|cars|van|vans|vehicle|motor|motorbike|"
    r"moped|mopeds|scooter|bike|lorry|truck|taxi|cab|minicab|drove|driving|driven|driver|parked|"
    r"parks|4x4|suv|bmw|audi|mercedes|merc|ford|vauxhall|toyota|honda|range[ ]rover|golf|corsa|"
    r"fiesta|transit|tesla|prius|nissan|kia|hyundai|peugeot|renault|skoda|volvo|mini|jeep|"
    r"land[ ]rover|dvla)\b", re.I)
# Capital-letter words and acronyms that take a plate's shape in ordinary posts ("A406 THE",
# "NHS 111", "TFL 24H").
PLATE_STOPWORDS = frozenset("""
    THE AND FOR ARE BUT NOT YOU ALL ANY CAN HAD HER WAS ONE OUR OUT DAY GET HAS HIM HIS HOW
    MAN NEW NOW OLD SEE TWO WAY WHO BOY DID LET PUT SAY SHE TOO USE HRS MIN MPH KPH PER
    BBC ITV NHS TFL ASB DLR GMT BST SNT MET MPS BTP RTA MOT LTN CPZ PCN WHY YES GOT OFF
    OMG LOL ETC APR JAN FEB MAR JUN JUL AUG SEP OCT NOV DEC MON TUE WED THU FRI SAT SUN
    BUS CAB TAX FEE VAT JOB AGE END TOP AGO AWAY DRY WET HOT SET RUN WAR
""".split())


def vehicle_plate(text: str, context: Context) -> Iterator[Finding]:
    seen: list[tuple[int, int]] = []
    for kind, pattern in _PLATE_FORMATS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(s <= span[0] and span[1] <= e for s, e in seen):
                continue
            letters = (match.group("letters") or match.groupdict().get("after") or "").upper()
            plain = match.group().upper() == match.group() and letters not in PLATE_STOPWORDS
            near_vehicle = bool(_VEHICLE_CONTEXT.search(text, max(0, span[0] - 40), span[0])
                                or _VEHICLE_CONTEXT.search(text, span[1], span[1] + 40))
            # Only the current format is distinctive enough to trust in lower case, and only
            # next to a vehicle word; a dateless plate ("ABC 123") always needs one.
            if kind == "current":
                wanted = plain or near_vehicle
            else:
                wanted = plain and (near_vehicle or kind != "dateless")
            if not wanted:
                continue
            seen.append(span)
            yield Finding("vehicle_plate", PERSONAL_DATA, *span,
                          f"Looks like a vehicle registration ({kind} format)", context.field)


# --- National Insurance numbers -------------------------------------------------------------

_NI_NUMBER = re.compile(r"\b(?P<prefix>[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z])[ ]?\d{2}[ ]?\d{2}[ ]?"
                        r"\d{2}(?:[ ]?(?P<suffix>[A-D]))?\b", re.I)
_NI_CONTEXT = re.compile(r"\b(?:N\.?I\.?|national[ ]insurance|NINO)\b", re.I)
_NI_BAD_PREFIXES = frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"})


def ni_number(text: str, context: Context) -> Iterator[Finding]:
    for match in _NI_NUMBER.finditer(text):
        if match.group("prefix").upper() in _NI_BAD_PREFIXES:
            continue
        if not match.group("suffix") and not _NI_CONTEXT.search(text, max(0, match.start() - 40),
                                                                 match.start()):
            continue
        yield Finding("ni_number", PERSONAL_DATA, match.start(), match.end(),
                      "Looks like a National Insurance number", context.field)


# --- dates of birth ---------------------------------------------------------------------------

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?[ ](?:of[ ])?{_MONTH}\.?,?[ ]\d{{2,4}}"
         rf"|{_MONTH}\.?[ ]\d{{1,2}}(?:st|nd|rd|th)?,?[ ]\d{{4}})")
_DATE_OF_BIRTH = re.compile(rf"""
    \b(?:d\.?[ ]?o\.?[ ]?b\b\.?|date[ ]of[ ]birth|birth[ ]?date|born|birthday)
    [^\d\n.!?]{{0,25}}?
    (?P<date>{_DATE})(?!\d)
""", re.X | re.I)


def date_of_birth(text: str, context: Context) -> Iterator[Finding]:
    for match in _DATE_OF_BIRTH.finditer(text):
        yield Finding("date_of_birth", PERSONAL_DATA, *match.span("date"),
                      "Looks like someone's date of birth", context.field)


# --- card and bank numbers ------------------------------------------------------------------

# Not glued to letters (an IBAN's digits) and not starting like a sort code ("20-45-77 1234...").
_CARD = re.compile(r"(?<![\w\-])(?!\d\d-\d\d-\d\d\b)[02-6]\d(?:[ \-]?\d){10,17}(?!\d)")
# Maestro numbers can be 12 digits, and old UK Maestro ones start 0604: shapes common enough in
# other numbers to need the word "card" nearby.
_CARD_CONTEXT = re.compile(r"\b(?:card|debit|credit|visa|mastercard|maestro|amex)\b", re.I)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if i % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def card_number(text: str, context: Context) -> Iterator[Finding]:
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        needs_context = len(digits) == 12 or digits[0] == "0"
        if needs_context and not _CARD_CONTEXT.search(text, max(0, match.start() - 40),
                                                      match.start()):
            continue
        if _luhn(digits):
            yield Finding("card_number", PERSONAL_DATA, match.start(), match.end(),
                          "Looks like a payment card number", context.field)


_SORT = r"\d{2}[ \-.]?\d{2}[ \-.]?\d{2}"
_BANK = (
    (re.compile(rf"\b(?i:sort[ ]?code|s/c)\b\W{{0,3}}(?:is[ ])?(?P<v>{_SORT})\b"),
     "Looks like a bank sort code"),
    (re.compile(r"\b(?i:(?:bank[ ])?(?:account|acc|acct|a/c)(?:[ ]?(?:no|number|num|\#))?)\.?"
                r"\W{0,3}(?:is[ ])?(?P<v>\d{8})\b"), "Looks like a bank account number"),
    (re.compile(r"(?<![\d/.\-])(?P<v>\d{2}-\d{2}-\d{2}[ ,/]{1,3}\d{8})\b"),
     "Looks like a sort code and account number"),
    (re.compile(r"\b(?P<v>GB\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){14})\b", re.I), "Looks like a UK IBAN"),
)


def bank_details(text: str, context: Context) -> Iterator[Finding]:
    for pattern, reason in _BANK:
        for match in pattern.finditer(text):
            yield Finding("bank_details", PERSONAL_DATA, *match.span("v"), reason, context.field)
