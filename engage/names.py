"""Rules for the public display names residents choose.

Officer badges come from a verified role, never from the display name, so a
resident's name must never be able to pass as police: no ranks, titles or
force names, however they are disguised (look-alike letters from other
alphabets, fullwidth or mathematical letters, leetspeak, dots and spaces,
invisible characters). Pure functions: no models, no settings.
"""

import re
import unicodedata
from functools import lru_cache

from confusable_homoglyphs.categories import alias
from confusable_homoglyphs.confusables import confusables_data
from django.core.exceptions import ValidationError

MIN_LENGTH, MAX_LENGTH = 2, 50
MESSAGES = {
    "police_term": "Display names can't include police ranks or titles such as 'PC' or "
    "'Officer', because only verified officers are shown as police.",
    "length": f"Use {MIN_LENGTH} to {MAX_LENGTH} characters.",
    "invisible": "Display names can't contain invisible or control characters.",
    "mixed_script": "Display names can't mix look-alike letters from different alphabets.",
}

# Short terms are only refused as whole tokens: as substrings they would hit
# ordinary names (Metcalfe, Desmond, Emmett).
_TOKEN_TERMS = (
    "pc",
    "pcso",
    "sgt",
    "sergeant",
    "dc",
    "ds",
    "dci",
    "dsu",
    "insp",
    "inspector",
    "constable",
    "detective",
    "supt",
    "superintendent",
    "commander",
    "cmdr",
    "commissioner",
    "met",
    "snt",
    "mps",
)
# Long terms are refused anywhere, even run together with other words.
_WORD_TERMS = (
    "police",
    "policing",
    "officer",
    "constabulary",
    "metpolice",
    "scotlandyard",
    "neighbourhoodteam",
    "neighborhoodteam",
    "saferneighbourhood",
    "saferneighborhood",
)
# "Di" is also a name (Di for Diana, Di Marco), so the rank DI is refused only in
# capitals, or with a capital I's look-alikes (l, 1, |).
_CAPS_DI = re.compile(r"D[Il]\d*")
# Splits a name into words, CamelCase parts and digit runs (PCSmith -> PC, Smith).
_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[^\W_A-Za-z]+")
# Digits and symbols used as letters; capitals because they stand in for
# capitals ("P0LICE", "D1 Smith").
_LEET = str.maketrans(
    {
        "0": "O",
        "1": "I",
        "3": "E",
        "4": "A",
        "5": "S",
        "7": "T",
        "$": "S",
        "@": "A",
        "|": "I",
        "!": "I",
    }
)
_MARKS = frozenset({"Mn", "Me"})
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs"})
# Not category Cf, yet render blank: Hangul fillers, braille blank, CGJ, Khmer
# inherent vowels. A known way to make a name look empty or split a word.
_BLANK_CHARS = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# Japanese and Korean names legitimately mix these scripts.
_SCRIPT_GROUPS = dict.fromkeys(("HAN", "HIRAGANA", "KATAKANA", "HANGUL", "BOPOMOFO"), "CJK")
_NEUTRAL_SCRIPTS = frozenset({"COMMON", "INHERITED", "Unknown"})


def _strip_marks(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) not in _MARKS
    )


def _latin_candidates() -> dict[str, list[str]]:
    """Non-ASCII char -> ASCII letters it looks like, read from the confusables
    data in both directions (Cyrillic 'р' lists 'p'; 'p' lists Greek 'ρ')."""
    found: dict[str, list[str]] = {}
    for key, entries in confusables_data.items():
        key = key.replace("\u200e", "")  # RTL entries are wrapped in LRM marks
        for entry in entries:
            glyph = entry["c"].replace("\u200e", "")
            if len(glyph) > 1:
                glyph = _strip_marks(glyph)  # 'ø' lists 'o̸'
            if len(key) != 1 or len(glyph) != 1:
                continue
            if key.isascii() and key.isalpha() and not glyph.isascii():
                found.setdefault(glyph, []).append(key)
            elif glyph.isascii() and glyph.isalpha() and not key.isascii():
                found.setdefault(key, []).append(glyph)
    return found


def _build_latin_map() -> dict[int, str]:
    """Translate table: look-alike char -> Latin letter. Case is kept (Cyrillic
    'Р' -> 'P', 'р' -> 'p') so the CamelCase and 'DI' checks still see capitals."""
    found = _latin_candidates()
    # The data leaves out small capitals (ᴘᴄ), a common disguise.
    for code in (*range(0x0250, 0x02B0), *range(0x1D00, 0x1D2C), *range(0xA720, 0xA800)):
        name = unicodedata.name(chr(code), "")
        if name.startswith("LATIN LETTER SMALL CAPITAL ") and len(name) == 28:
            found.setdefault(chr(code), []).append(name[-1].lower())
    # One more hop: Cyrillic 'т' is listed only as a look-alike of small capital 'ᴛ'.
    for key, entries in confusables_data.items():
        if len(key) == 1 and not key.isascii() and key not in found:
            hops = [found[e["c"]] for e in entries if e["c"] in found]
            if hops:
                found[key] = hops[0]
    # The data never offers two different letters for one char, so take the first.
    return {ord(char): letters[0] for char, letters in found.items()}


_TO_LATIN = _build_latin_map()


def _fold(text: str) -> str:
    """'l' and 'i' (from a capital I), 'rn' and 'm' differ only by font."""
    return text.replace("rn", "m").replace("l", "i")


_TOKEN_RE = re.compile("(?:{})\\d*".format("|".join(map(_fold, _TOKEN_TERMS))))
# Lets the token search stop extending a run of parts that can't become a term.
_TERM_PREFIXES = frozenset(_fold(t)[:i] for t in _TOKEN_TERMS for i in range(1, len(t) + 1))
_WORD_RE = re.compile("|".join(map(_fold, _WORD_TERMS)))


def _latinise(value: str) -> str:
    """NFKC, diacritics stripped, look-alikes mapped to Latin; case kept.
    Marks go first so a Cyrillic 'ё' becomes 'е' and then 'e'."""
    return _strip_marks(unicodedata.normalize("NFKC", value)).translate(_TO_LATIN)


def normalise_display_name(value: str) -> str:
    """Return the stored form: NFKC-normalised, stripped, whitespace runs
    collapsed to one space."""
    return " ".join(unicodedata.normalize("NFKC", value).split())


def police_skeleton(value: str, *, leet: bool = False) -> str:
    """Return the form compared with police terms: NFKC, casefolded, Unicode
    look-alikes mapped to Latin letters, diacritics stripped, 'l' folded to 'i'
    and 'rn' to 'm'. With leet=True, 0 1 3 4 5 7 $ @ | ! also become letters.
    Separators are kept, so callers can still split words."""
    text = _latinise(value.casefold())  # casefold first: NFKC may undo it
    if leet:
        text = text.translate(_LEET)
    return _fold(text.lower())


def _spells_short_term(latin: str) -> bool:
    """True if some run of consecutive parts, joined, is a short police term:
    "PC", "P.C.", "S G T", "Sg.t", "DC4521", "SgtPepper"."""
    parts = _PART.findall(latin)
    skeletons = [police_skeleton(part) for part in parts]
    for start in range(len(parts)):
        for end in range(start + 1, len(parts) + 1):
            joined = "".join(skeletons[start:end])
            if _TOKEN_RE.fullmatch(joined) or _CAPS_DI.fullmatch("".join(parts[start:end])):
                return True
            if joined not in _TERM_PREFIXES:
                break
    return False


def _looks_like_police(name: str) -> bool:
    """Short terms are checked as tokens, long ones anywhere; both with and
    without leetspeak, since a digit can be either ('PC123' vs 'P0LICE')."""
    for leet in (False, True):
        joined = "".join(filter(str.isalnum, police_skeleton(name, leet=leet)))
        if _WORD_RE.search(joined):
            return True
    latin = _latinise(name)
    return _spells_short_term(latin) or _spells_short_term(latin.translate(_LEET))


@lru_cache(maxsize=8192)
def _script(char: str) -> str:
    script = alias(char)
    return _SCRIPT_GROUPS.get(script, script)


_LATIN_TWINS: dict[str, list[str]] = {}
for _code, _letter in _TO_LATIN.items():
    _LATIN_TWINS.setdefault(_letter, []).append(chr(_code))


@lru_cache(maxsize=8192)
def _lookalike_scripts(char: str) -> frozenset[str]:
    """Scripts with a letter that looks like char: listed in the data, or
    sharing its Latin look-alike (Greek Ο and Cyrillic О both look like O)."""
    twins = [c for entry in confusables_data.get(char, ()) for c in entry["c"]]
    latin = _TO_LATIN.get(ord(char))
    if latin:
        twins += [latin, *_LATIN_TWINS[latin]]
    return frozenset(_script(c) for c in twins if c.isalpha())


def _mixes_lookalike_scripts(name: str) -> bool:
    """True if the letters come from several scripts and one of them has a
    look-alike in another script used in the same name ('Jаne' with a Cyrillic
    а). One script alone, or scripts with no look-alikes, is fine."""
    letters = {c for c in name if c.isalpha()}
    scripts = {_script(c) for c in letters} - _NEUTRAL_SCRIPTS
    if len(scripts) < 2:
        return False
    return any((_lookalike_scripts(c) & scripts) - {_script(c)} for c in letters)


def validate_display_name(value: str) -> None:
    """Raise ValidationError unless the normalised name is acceptable.

    Checked in this order, each with its own code: no control, format
    (zero-width, bidi) or private-use characters ("invisible"); 2 to 50
    characters ("length"); nothing that reads as a police rank, title or force
    name ("police_term"); no look-alike letters from different scripts mixed
    ("mixed_script"). Callers should store normalise_display_name(value).
    """
    name = normalise_display_name(value)
    if any(unicodedata.category(c) in _INVISIBLE_CATEGORIES or c in _BLANK_CHARS for c in name):
        code = "invisible"
    elif not MIN_LENGTH <= len(name) <= MAX_LENGTH:
        code = "length"
    elif _looks_like_police(name):
        code = "police_term"
    elif _mixes_lookalike_scripts(name):
        code = "mixed_script"
    else:
        return
    raise ValidationError(MESSAGES[code], code=code)
