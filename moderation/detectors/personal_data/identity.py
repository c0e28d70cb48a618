"""Personal data, the identity family: vehicle registration plates, National Insurance numbers
and dates of birth."""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded

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
