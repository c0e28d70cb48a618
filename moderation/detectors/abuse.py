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

from moderation.detectors import STANDARD, WORD_START, Context, Finding, folded

# A trailing "+" accepts the usual endings (-s, -ing, -er, -ed, -y, -head ...).
PROFANITY = (
    "fuck+",
    "fck+",
    "fuk+",
    "fuq+",
    "motherfucker+",
    "fuckwit+",
    "shit+",
    "shite+",
    "bullshit+",
    "shithead+",
    "shithole+",
    "cunt+",
    "twat+",
    "wank+",
    "wanker+",
    "bellend+",
    "dickhead+",
    "knobhead+",
    "prick",
    "pricks",
    "bastard+",
    "arsehole+",
    "asshole+",
    "bollocks",
    "tosser+",
    "slag+",
    "slut+",
    "whore+",
    "bitch+",
    "scumbag+",
    "scum",
    "dickwad+",
)
SLURS = (
    "nigger+",
    "nigga+",
    "niggah+",
    "paki+",
    "chink+",
    "spic",
    "spics",
    "wog+",
    "gyppo+",
    "pikey+",
    "kike+",
    "coon+",
    "raghead+",
    "towelhead+",
    "golliwog+",
    "darkie+",
    "kaffir+",
    "sambo+",
    "yid+",
    "faggot+",
    "dyke+",
    "tranny+",
    "poof+",
    "poofter+",
    "retard+",
    "spastic+",
    "spaz+",
    "spacker+",
    "mong+",
    "nonce+",
)
# Whole phrases of abuse or hate aimed at someone.
ABUSIVE_PHRASES = (
    r"go[ ]+back[ ]+to[ ]+(?:your|their|ur)[ ]+(?:own[ ]+)?country",
    r"kill[ ]+your[ ]?self",
    r"\bkys\b",
    r"hope[ ]+(?:you|they|he|she)[ ]+(?:die|dies|get[ ]+cancer)",
    r"should[ ]+be[ ]+(?:shot|hanged|hung|gassed)",
)
_ENDINGS = (
    "",
    "s",
    "es",
    "ing",
    "in",
    "er",
    "ers",
    "ed",
    "y",
    "ty",
    "head",
    "heads",
    "face",
    "hole",
    "holes",
    "bag",
    "bags",
    "wit",
    "wits",
)
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
_INITIALS = frozenset(term[0] for term in _TERMS)
_TERMS_BY_INITIAL = {
    initial: tuple(sorted(term for term in _TERMS if term[0] == initial)) for initial in _INITIALS
}
_TERM_PREFIXES = frozenset(term[:i] for term in _TERMS for i in range(1, len(term) + 1))
_TOKEN = re.compile(r"(?<![\w*@$!|])[\w*@$!|]{2,40}(?![\w*@$!|])")
_SPELT_OUT = re.compile(
    r"(?=.[ ._\-])(?<![\w*@$])[a-z0-9*@$](?:[ ._\-][a-z0-9*@$]){2,15}"
    r"(?![\w*@$])"
)
_DOUBLED = re.compile(r"(.)\1")
_PHRASE_INITIALS = "".join(sorted({phrase.removeprefix(r"\b")[0] for phrase in ABUSIVE_PHRASES}))
_PHRASES = re.compile(
    f"(?=[{_PHRASE_INITIALS}])"
    + WORD_START
    + "(?:"
    + "|".join(f"(?:{phrase})" for phrase in ABUSIVE_PHRASES)
    + ")"
)


@lru_cache(maxsize=4096)
def _is_term(word: str) -> bool:
    """`word` is folded to lower case; look-alike digits and symbols are read as letters."""
    if word.isalpha():  # the usual case: a set lookup or two
        if word in _TERMS:
            return True
        return word[0] in _INITIALS and _DOUBLED.search(word) is not None and _stretched_term(word)
    if word.isdigit():
        return False
    word = word.strip("!|").translate(_LEET).replace("_", "")
    if "*" in word:
        return len(word) >= 3 and _starred(word)
    return word in _TERMS or _stretched_term(word)


def _stretched_term(word: str) -> bool:
    return _stretch(word) in _TERMS or _squash(word) in _TERMS_WITHOUT_DOUBLES


@lru_cache(maxsize=256)
def _starred(word: str) -> bool:
    """ "f*ck", "c**t", "sh*tty": stars stand for one to three letters of a listed word."""
    word = re.sub(r"\*+", "*", word)
    if word[0] == "*" or len(word) > 16 or word.count("*") > 2:
        return False
    pattern = re.compile("".join("[a-z]{1,3}" if ch == "*" else re.escape(ch) for ch in word))
    return any(pattern.fullmatch(term) for term in _TERMS_BY_INITIAL.get(word[0], ()))


def _spelt_out_term(match: re.Match[str]) -> tuple[int, int] | None:
    """The span of a listed word inside "a f u c k i n g state": every start is tried, so the
    article in front does not hide the word, and the longest listed word from there wins."""
    letters = match.group()[::2].translate(_LEET)  # one letter, one separator
    for i in range(len(letters) - 2):
        longest, j = 0, i + 1
        while j <= len(letters) and letters[i:j] in _TERM_PREFIXES:
            if letters[i:j] in _TERMS:
                longest = j
            j += 1
        if longest:
            return match.start() + 2 * i, match.start() + 2 * longest - 1
    return None


def _listed_tokens(lowered: str) -> Iterator[tuple[int, int]]:
    """Tokens that are listed words, plain or disguised: the distinct tokens are looked up
    first, and only a hit is searched for again to find where it is."""
    hits = [token for token in set(_TOKEN.findall(lowered)) if _is_term(token)]
    if hits:
        where = re.compile(
            r"(?<![\w*@$!|])(?:" + "|".join(map(re.escape, hits)) + r")(?![\w*@$!|])"
        )
        yield from (match.span() for match in where.finditer(lowered))


def abuse(text: str, context: Context) -> Iterator[Finding]:
    reason = "Contains abusive, hateful or offensive language"
    lowered = folded(text, context)
    for start, end in _listed_tokens(lowered):
        yield Finding("abuse", STANDARD, start, end, reason, context.field)
    for match in _SPELT_OUT.finditer(lowered):
        if span := _spelt_out_term(match):
            yield Finding("abuse", STANDARD, *span, reason, context.field)
    for match in _PHRASES.finditer(lowered):
        yield Finding("abuse", STANDARD, match.start(), match.end(), reason, context.field)
