"""Abuse, hate and profanity: a small curated en-GB list, matched as whole words.

The lists are data only. Matching works on whole tokens, so place names that contain a term
("Scunthorpe", "Penistone", "Cockfosters") never match. A token is read through the usual
disguises before it is looked up: capitals, look-alike digits and symbols ("sh1t", "$hite"),
stretched letters ("fuuuuck"), stars for letters ("f*ck", "c**t"), and letters spelt out with
spaces or dots ("f u c k", "c.u.n.t"). Mild words residents use about a nuisance ("bloody",
"crap", "pissed off") are not on the list: they are not worth a moderator's time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from moderation.detectors import STANDARD, Context, Finding

# A trailing "+" accepts the usual endings (-s, -ing, -er, -ed, -y, -head ...).
PROFANITY = (
    "fuck+", "fck+", "fuk+", "fuq+", "motherfucker+", "fuckwit+", "shit+", "shite+", "bullshit+",
    "shithead+", "shithole+", "cunt+", "twat+", "wank+", "wanker+", "bellend+", "dickhead+",
    "knobhead+", "prick", "pricks", "bastard+", "arsehole+", "asshole+", "bollocks", "tosser+",
    "slag+", "slut+", "whore+", "bitch+", "scumbag+", "scum", "dickwad+",
)
SLURS = (
    "nigger+", "nigga+", "niggah+", "paki+", "chink+", "spic", "spics", "wog+", "gyppo+",
    "pikey+", "kike+", "coon+", "raghead+", "towelhead+", "golliwog+", "darkie+", "kaffir+",
    "sambo+", "yid+", "faggot+", "dyke+", "tranny+", "poof+", "poofter+", "retard+", "spastic+",
    "spaz+", "spacker+", "mong+", "nonce+",
)
# Whole phrases of abuse or hate aimed at someone.
ABUSIVE_PHRASES = (
    r"go[ ]+back[ ]+to[ ]+(?:your|their|ur)[ ]+(?:own[ ]+)?country",
    r"kill[ ]+your[ ]?self", r"\bkys\b",
    r"hope[ ]+(?:you|they|he|she)[ ]+(?:die|dies|get[ ]+cancer)",
    r"should[ ]+be[ ]+(?:shot|hanged|hung|gassed)",
)
_ENDINGS = ("", "s", "es", "ing", "in", "er", "ers", "ed", "y", "ty", "head", "heads", "face",
            "hole", "holes", "bag", "bags", "wit", "wits")
_LEET = str.maketrans("013457@$!|8", "oieastasiib")


def _stretch(word: str) -> str:
    """Runs of three or more of a letter become one: "fuuuuck" -> "fuck"."""
    return re.sub(r"(.)\1{2,}", r"\1", word)


def _squash(word: str) -> str:
    """Every run of a letter becomes one: "fuuck" -> "fuck" (checked only against terms with no
    doubled letters, so "coon" cannot be read into "con")."""
    return re.sub(r"(.)\1+", r"\1", word)


def _forms(terms: tuple[str, ...]) -> frozenset[str]:
    forms = set()
    for term in terms:
        base = term.rstrip("+")
        forms.update(base + ending for ending in (_ENDINGS if term.endswith("+") else ("",)))
    return frozenset(forms)


_TERMS = _forms(PROFANITY + SLURS)
_TERMS_WITHOUT_DOUBLES = frozenset(term for term in _TERMS if _squash(term) == term)
_TERMS_BY_INITIAL: dict[str, tuple[str, ...]] = {}
for _term in sorted(_TERMS):
    _TERMS_BY_INITIAL[_term[0]] = (*_TERMS_BY_INITIAL.get(_term[0], ()), _term)
_TOKEN = re.compile(r"(?<![\w*@$!|])[\w*@$!|]{2,40}")
_SPELT_OUT = re.compile(r"(?<![\w*@$])[A-Za-z0-9*@$](?:[ ._\-][A-Za-z0-9*@$]){2,12}(?![\w*@$])")
_PHRASES = re.compile("|".join(f"(?:{phrase})" for phrase in ABUSIVE_PHRASES), re.I)


def _is_term(raw: str) -> bool:
    word = raw.lower().strip("!|").translate(_LEET).replace("_", "")
    if len(word) < 3 or raw.isdigit():
        return False
    if "*" in word:
        return _starred(word)
    return (word in _TERMS or _stretch(word) in _TERMS
            or _squash(word) in _TERMS_WITHOUT_DOUBLES)


@lru_cache(maxsize=256)
def _starred(word: str) -> bool:
    """ "f*ck", "c**t", "sh*tty": stars stand for one to three letters of a listed word."""
    word = re.sub(r"\*+", "*", word)
    if word[0] == "*" or len(word) > 16 or word.count("*") > 2:
        return False
    pattern = re.compile("".join("[a-z]{1,3}" if ch == "*" else re.escape(ch) for ch in word))
    return any(pattern.fullmatch(term) for term in _TERMS_BY_INITIAL.get(word[0], ()))


def _spelt_out_term(match: re.Match[str]) -> tuple[int, int] | None:
    """The span of a listed word inside "a f u c k i n g state": letters are tried from each
    start, longest first, so the article in front does not hide the word."""
    letters = list(range(match.start(), match.end(), 2))  # one letter, one separator
    text = match.string
    for i in range(len(letters) - 2):
        for j in range(len(letters), i + 2, -1):
            if _is_term("".join(text[k] for k in letters[i:j])):
                return letters[i], letters[j - 1] + 1
    return None


def abuse(text: str, context: Context) -> Iterator[Finding]:
    reason = "Contains abusive, hateful or offensive language"
    for match in _TOKEN.finditer(text):
        if _is_term(match.group()):
            yield Finding("abuse", STANDARD, match.start(), match.end(), reason, context.field)
    for match in _SPELT_OUT.finditer(text):
        if span := _spelt_out_term(match):
            yield Finding("abuse", STANDARD, *span, reason, context.field)
    for match in _PHRASES.finditer(text):
        yield Finding("abuse", STANDARD, match.start(), match.end(), reason, context.field)
