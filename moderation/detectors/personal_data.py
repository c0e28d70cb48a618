"""Personal data: the details that let a reader find, contact or defraud a particular person.

Each detector returns the span to redact. The patterns are UK-only (this is a London service) and
lean towards holding: a moderator releasing a false alarm costs seconds, a published address can
cost far more. `phonenumbers` is not a dependency, so phone numbers are parsed here against the
Ofcom numbering plan's shapes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded

# Most patterns run over the folded (lower-case) text, and most are skipped outright when a cheap
# substring test shows they cannot match: 5,000 characters must screen in a few milliseconds.

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


# --- vehicle registration plates --------------------------------------------------------------

# On the folded text; the alternatives are tried in this order at each word start.
_PLATE = re.compile(
    r"""
    (?=[a-z0-9 ]{0,4}\d)(?<!\w)(?:    # a digit within four characters: ordinary words fail here
      # current (2001 on): memory tag, age identifier 02-29 or 51-79, three random letters
      (?P<current>[a-hj-pr-y]{2}(?:0[2-9]|[12]\d|5[1-9]|[67]\d)[ ]?[a-hj-pr-z]{3})
      # prefix (1983-2001): A123 BCD
     |(?P<prefix>[a-hj-np-tv-y][1-9]\d{0,2}[ ]?[a-hj-pr-y]{3})
      # suffix (1963-1983): ABC 123D
     |(?P<suffix>[a-hj-pr-y]{3}[ ]?[1-9]\d{0,2}[a-hj-np-tv-y])
      # dateless (before 1963, and cherished plates): ABC 123 or 123 ABC
     |(?P<dateless>[a-hj-pr-y]{3}[ ]?[1-9]\d{0,2}|[1-9]\d{0,2}[ ]?[a-hj-pr-y]{3})
    )\b
""",
    re.X,
)
_PLATE_LETTERS = re.compile(r"[a-z]{3}")
_VEHICLE_CONTEXT = re.compile(
    r"(?<!\w)(?=[a-z0-9])(?:reg|registration|plates?|number[ ]?plate|car|cars|van|vans|vehicle|"
    r"motor|motorbike|moped|mopeds|scooter|bike|lorry|truck|taxi|cab|minicab|drove|driving|"
    r"driven|driver|parked|"
    r"parks|4x4|suv|bmw|audi|mercedes|merc|ford|vauxhall|toyota|honda|range[ ]rover|golf|corsa|"
    r"fiesta|transit|tesla|prius|nissan|kia|hyundai|peugeot|renault|skoda|volvo|mini|jeep|"
    r"land[ ]rover|dvla)\b"
)
# Capital-letter words and acronyms that take a plate's shape in ordinary posts ("A406 THE",
# "NHS 111", "TFL 24H").
PLATE_STOPWORDS = frozenset(
    """
    THE AND FOR ARE BUT NOT YOU ALL ANY CAN HAD HER WAS ONE OUR OUT DAY GET HAS HIM HIS HOW
    MAN NEW NOW OLD SEE TWO WAY WHO BOY DID LET PUT SAY SHE TOO USE HRS MIN MPH KPH PER
    BBC ITV NHS TFL ASB DLR GMT BST SNT MET MPS BTP RTA MOT LTN CPZ PCN WHY YES GOT OFF
    OMG LOL ETC APR JAN FEB MAR JUN JUL AUG SEP OCT NOV DEC MON TUE WED THU FRI SAT SUN
    BUS CAB TAX FEE VAT JOB AGE END TOP AGO AWAY DRY WET HOT SET RUN WAR
""".split()
)


def vehicle_plate(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    for match in _PLATE.finditer(lowered):
        kind, (start, end) = match.lastgroup or "", match.span()
        letters = _PLATE_LETTERS.search(match.group()).group().upper()
        plain = text[start:end].isupper() and letters not in PLATE_STOPWORDS
        near_vehicle = bool(
            _VEHICLE_CONTEXT.search(lowered, max(0, start - 40), start)
            or _VEHICLE_CONTEXT.search(lowered, end, end + 40)
        )
        # Only the current format is distinctive enough to trust in lower case, and only next
        # to a vehicle word; a dateless plate ("ABC 123") always needs one; a vehicle word also
        # vouches for letters that spell a word ("DEC 51R").
        capitals = text[start:end].isupper()
        if kind == "current":
            wanted = plain or near_vehicle
        elif kind == "dateless":
            wanted = capitals and near_vehicle
        else:
            wanted = capitals and (near_vehicle or letters not in PLATE_STOPWORDS)
        if wanted:
            yield Finding(
                "vehicle_plate",
                PERSONAL_DATA,
                start,
                end,
                f"Looks like a vehicle registration ({kind} format)",
                context.field,
            )


# --- National Insurance numbers -------------------------------------------------------------

_NI_NUMBER = re.compile(
    r"(?=[a-z]{2}[ ]?\d)(?<!\w)"
    r"(?P<prefix>[a-ceghj-pr-tw-z][a-ceghj-npr-tw-z])[ ]?"
    r"\d{2}[ ]?\d{2}[ ]?\d{2}(?:[ ]?(?P<suffix>[a-d]))?\b"
)
_NI_CONTEXT = re.compile(r"\b(?:n\.?i\.?|national[ ]insurance|nino)\b")
_NI_BAD_PREFIXES = frozenset({"bg", "gb", "kn", "nk", "nt", "tn", "zz"})


_ANY_NI_SHAPE = re.compile(r"(?<!\w)[a-z]{2}[ ]?\d{2}[ ]?\d{2}[ ]?\d{2}[ ]?[a-z]?\b")


def ni_number(text: str, context: Context) -> Iterator[Finding]:
    """HMRC's shape; beside the words "national insurance" or "NI", any two letters and six
    digits (HMRC's own example prefix QQ, typed as people copy it from a letter)."""
    lowered = folded(text, context)
    for match in _NI_NUMBER.finditer(lowered):
        if match.group("prefix") in _NI_BAD_PREFIXES:
            continue
        if not match.group("suffix") and not _NI_CONTEXT.search(
            lowered, max(0, match.start() - 40), match.start()
        ):
            continue
        yield Finding(
            "ni_number",
            PERSONAL_DATA,
            match.start(),
            match.end(),
            "Looks like a National Insurance number",
            context.field,
        )
    for context_match in _NI_CONTEXT.finditer(lowered):
        shaped = _ANY_NI_SHAPE.search(lowered, context_match.end(), context_match.end() + 40)
        if shaped and not _NI_NUMBER.fullmatch(shaped.group()):
            yield Finding(
                "ni_number",
                PERSONAL_DATA,
                shaped.start(),
                shaped.end(),
                "Looks like a National Insurance number",
                context.field,
            )


# --- dates of birth ---------------------------------------------------------------------------

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[ ](?:of[ ])?{_MONTH}\.?,?[ ]\d{{2,4}}"
    rf"|{_MONTH}\.?[ ]\d{{1,2}}(?:st|nd|rd|th)?,?[ ]\d{{4}})"
)
_DATE_OF_BIRTH = re.compile(
    rf"""
    \b(?:d\.?[ ]?o\.?[ ]?b\b\.?|date[ ]of[ ]birth|birth[ ]?date|born|birthday)
    [^\d\n.!?]{{0,25}}?
    \b(?=[\dadfjmnos])(?P<date>{_DATE})(?!\d)    # a date starts a word: digits or a month
""",
    re.X,
)
_BIRTH_HINTS = ("dob", "d.o.b", "d o b", "d. o. b", "birth", "born")


def date_of_birth(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    if not any(hint in lowered for hint in _BIRTH_HINTS):
        return
    for match in _DATE_OF_BIRTH.finditer(lowered):
        yield Finding(
            "date_of_birth",
            PERSONAL_DATA,
            *match.span("date"),
            "Looks like someone's date of birth",
            context.field,
        )


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
