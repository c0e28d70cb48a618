"""Private people, found by name or handle, whatever is said about them.

`named_accusation` catches a name beside a listed accusation; this catches the rest, because
residents accuse in words no list holds ("lobbing nappies off the balcony", "too rough with the
kids") and a private person's name is personal data on a public page whatever the sentence
(a moderator releasing a thank-you to "Jane at the café" costs a glance). Three shapes:

- a title and a name: "Mr Hussain", "mrs hennessey", "Ms J Okafor";
- a known first name (`data/first_names.txt`, Faker's lists for London's larger communities),
  in any case, with or without a surname: "Marcus Bellamy", "darren mills", "Kemal". A first
  name that is also an English word ("Will", "Grace", "Sunny") only counts beside a surname or
  a title; a name in a place ("Victoria Park", "Albert Road"), after a police or council rank
  ("PCSO Adeyemi", "Cllr Green") or in a shop's name ("Tony's") is not a private person;
- "his name is Kyle", "called Dev", "known as Big T";

and social media handles: "@leeboi.ldn", "his insta is jordy.mvp_", "on snap as bigmike_e17".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded
from moderation.detectors.accusation import COMMON_CAPITALISED, NOT_NAMES, PLACE_WORDS

NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"
_LOWER_PLACE_WORDS = frozenset(word.lower() for word in PLACE_WORDS) | {
    "rd",
    "st",
    "ln",
    "ave",
    "gdns",
    "ct",
    "sq",
    "bridge",
    "cross",
    "palace",
    "hill",
    "lane",
    "green",
    "heath",
    "school",
    "ambulance",
    "protocol",
    "day",
    "hall",
    "church",
    "gate",
}
_NOT_SURNAMES = frozenset(word.lower() for word in COMMON_CAPITALISED | NOT_NAMES) | {
    "who",
    "from",
    "at",
    "in",
    "on",
    "is",
    "was",
    "has",
    "and",
    "the",
    "a",
    "an",
    "who's",
    "that",
    "with",
    "to",
    "of",
    "for",
    "he",
    "she",
    "they",
    "it",
    "i",
    "we",
    "you",
    "s",
}
_TITLE = re.compile(
    r"(?<![\w.])(?:mr|mrs|ms|miss|mx|dr)\.?[ ]+(?P<name>[a-z][a-z'’\-]+)"
    r"(?:[ ]+[a-z](?:[ ]|\.))?"
)
_WORD = re.compile(r"(?<![\w@.])[A-Za-z][a-z'’]+(?:-[A-Za-z][a-z]+)?")
_RANK_BEFORE = re.compile(
    r"(?i:\b(?:pc|pcso|dc|ds|di|dci|sgt|sergeant|inspector|officer|"
    r"constable|cllr|councillor|mp|detective|superintendent|chief)\.?"
    r"[ ]+(?:[a-z]+[ ]+)?)$"
)
_CALLED = re.compile(
    r"\b(?:(?:his|her|their)[ ]+name[ ]+is|(?:he|she)['’]s[ ]+called|"
    r"(?:is|was|goes|lad|guy|bloke|man|woman|girl|boy)[ ]+(?:called|named)|"
    r"known[ ]+as|goes[ ]+by)[ ]+[\"“']?(?P<name>[a-z][a-z'’\-]+)"
)
_PLATFORM = (
    r"(?:insta(?:gram)?|ig|snap(?:chat)?|sc|tik[ ]?tok|tt|twitter|x|telegram|"
    r"discord|facebook|fb|onlyfans|youtube|yt|threads|bereal)"
)
_HANDLE_AT = re.compile(
    r"(?<![\w@.])@(?P<handle>[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])?)"
    r"(?![\w@]|\.[a-z])"
)
_HANDLE_NAMED = re.compile(
    rf"\b{_PLATFORM}(?:[ ]+(?:account|page|handle|name|username|user))?"
    r"(?:['’]s)?[ ]*(?:is|:|-|=|as|called|named|@|on|at)?[ ]*(?:called[ ]+|named[ ]+|as[ ]+)?"
    r"[\"“'@]?(?P<handle>[a-z0-9_][a-z0-9_.]{2,29})"
)
_HANDLE_SHAPE = re.compile(r"[a-z]*[0-9_.][a-z0-9_.]*|[a-z0-9]*(?:ldn|uk|official|x{2,})")
_PUBLIC_HANDLES = re.compile(
    r"mps[a-z0-9_]*|metpolice[a-z0-9_]*|met_?[a-z]*|[a-z]*council"
    r"[a-z0-9_]*|tfl[a-z0-9_]*|[a-z]*_?police[a-z0-9_]*"
)


@lru_cache(maxsize=1)
def first_names() -> tuple[frozenset[str], frozenset[str]]:
    """(names, names that are also English words), lower case."""
    plain, ambiguous = set(), set()
    for line in NAMES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            (ambiguous if line.startswith("~") else plain).add(line.lstrip("~"))
    return frozenset(plain), frozenset(ambiguous)


def named_person(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    spans = sorted({*_titled(lowered), *_first_named(text, lowered), *_called(lowered)})
    kept_end = -1
    for start, end in spans:
        if start >= kept_end:
            kept_end = end
            yield Finding(
                "named_person", PERSONAL_DATA, start, end, "Names a private person", context.field
            )


def _titled(lowered: str) -> Iterator[tuple[int, int]]:
    for match in _TITLE.finditer(lowered):
        if match.group("name") not in _NOT_SURNAMES and match.group("name") != "whippy":
            yield match.start(), match.end()


def _called(lowered: str) -> Iterator[tuple[int, int]]:
    for match in _CALLED.finditer(lowered):
        if match.group("name") not in _NOT_SURNAMES:
            yield match.start("name"), match.end("name")


def _first_named(text: str, lowered: str) -> Iterator[tuple[int, int]]:
    plain, ambiguous = first_names()
    words = list(_WORD.finditer(text))
    # Which words could be names, tested in one pass over the positions (C-speed slicing):
    # a 5,000-character post has about 900 words and a handful of names.
    spans = [word.span() for word in words]
    for index in [
        i
        for i, (start, end) in enumerate(spans)
        if lowered[start:end] in plain or lowered[start:end] in ambiguous
    ]:
        word = words[index]
        name = lowered[word.start() : word.end()]
        if name in ambiguous and not word.group()[0].isupper():
            continue  # "will", "may", "bill": a word unless written as a name (cheap, so first)
        following = _next_word(text, words, index)
        if _in_a_place(text, words, index):
            continue  # Victoria Park, Lea Bridge Road, St John Ambulance
        if text[word.end() : word.end() + 2] in ("'s", "’s") and following is None:
            continue  # Tony's (a shop), at the end of a phrase
        if _RANK_BEFORE.search(text, max(0, word.start() - 30), word.start()):
            continue  # PCSO Adeyemi, Cllr Green: a public role
        surname = (
            following is not None
            and following.lower() not in _NOT_SURNAMES
            and (following[0].isupper() == word.group()[0].isupper())
        )
        if name in ambiguous and not (surname and word.group()[0].isupper()):
            continue
        end = words[index + 1].end() if surname else word.end()
        yield word.start(), end


def _in_a_place(text: str, words: list[re.Match[str]], index: int) -> bool:
    """The name starts or sits inside a run of words naming a place or a body: the next word
    or the one after is a place word, or a saint or a knight comes first."""
    if re.search(
        r"(?:\bSt\.?|\bSaint|\bSir)[ ]+$",
        text[max(0, words[index].start() - 7) : words[index].start()],
    ):
        return True
    step, position = 0, index
    while step < 2:
        following = _next_word(text, words, position)
        if following is None:
            return False
        if following.lower() in _LOWER_PLACE_WORDS:
            return True
        if not following[0].isupper():
            return False
        step, position = step + 1, position + 1
    return False


def _next_word(text: str, words: list[re.Match[str]], index: int) -> str | None:
    """The next word when only a space separates it from this one."""
    if index + 1 >= len(words):
        return None
    between = text[words[index].end() : words[index + 1].start()]
    return words[index + 1].group() if between == " " else None


def social_handle(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    seen: set[int] = set()
    for pattern, needs_shape in ((_HANDLE_AT, False), (_HANDLE_NAMED, True)):
        for match in pattern.finditer(lowered):
            handle = match.group("handle").rstrip(".")
            start = match.start("handle")
            if start in seen or _PUBLIC_HANDLES.fullmatch(handle):
                continue
            if needs_shape and not _HANDLE_SHAPE.fullmatch(handle):
                continue  # "his insta is full of..." names no account
            seen.add(start)
            yield Finding(
                "social_handle",
                PERSONAL_DATA,
                start,
                start + len(handle),
                "Looks like someone's social media account",
                context.field,
            )
