"""Spam and floods: many links, a post the author has just made, shouting, a character repeated
ten times or more.

Every spam finding holds the post: a moderator can release a real resident who shouts in
capitals faster than the public can unsee a wall of links.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterator

from moderation.detectors import STANDARD, WORD_START, Context, Finding, folded

MAX_LINKS = 2
# Matched against the folded (lower-case) text. A bare domain is found from its ending, which
# starts with a literal "." that the regex engine can search for quickly.
_SCHEME_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"'()]{1,2000}")
_DOMAIN_END = re.compile(
    r"\.(?:com|net|org|info|biz|xyz|ru|io|top|shop|club|online|site|co\.uk"
    r"|uk|me|ly|gg|tk)\b"
)
_DOMAIN_LABEL = re.compile(r"(?<![\w@.\-/])[a-z0-9][a-z0-9\-]{0,62}$")
_SALES_TALK = re.compile(
    WORD_START
    + r"""(?:
     crypto|bitcoin|forex|casino|betting[ ]tips|viagra|cialis|payday[ ]loans?|cheap[ ]loans?
    |click[ ]here|buy[ ]now|limited[ ]offer|free[ ]money|earn[ ]£?\d+|work[ ]from[ ]home
    |investment[ ]opportunity|guaranteed[ ]returns?|followers|seo[ ]services|promo[ ]code
    |discount[ ]code|onlyfans|escorts?|dating[ ]site|weight[ ]loss|replica[ ]watches)\b
""",
    re.X,
)
_WORDS = re.compile(r"\w+")
MIN_FLOOD = 10
_NO_CAPITALS = str.maketrans("", "", string.ascii_uppercase)
_NO_LETTERS = str.maketrans("", "", string.ascii_lowercase)
_LINK_HINTS = (
    "http",
    "www.",
    ".com",
    ".net",
    ".org",
    ".info",
    ".biz",
    ".xyz",
    ".ru",
    ".io",
    ".top",
    ".shop",
    ".club",
    ".online",
    ".site",
    ".uk",
    ".me",
    ".ly",
    ".gg",
    ".tk",
)
MIN_SHOUTING_LETTERS = 40
SHOUTING_SHARE = 0.7


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _repeats(text: str, recent_texts: tuple[str, ...]) -> bool:
    """The same post again: equal once capitals, punctuation and spacing are set aside, or
    (for longer posts) sharing nine in ten of its three-word phrases."""
    if not recent_texts:
        return False
    words = _words(text)
    if not words:
        return False
    shingles = _shingles(words) if len(words) >= 10 else set()
    for recent in recent_texts:
        other = _words(recent)
        if other == words:
            return True
        if shingles:
            theirs = _shingles(other)
            if theirs and len(shingles & theirs) / len(shingles | theirs) >= 0.9:
                return True
    return False


def _links(lowered: str) -> list[tuple[int, int]]:
    """Spans of links: with a scheme or www., or a bare domain ("cheap-pills.xyz") that is not
    part of one of those."""
    links = [
        match.span()
        for match in _SCHEME_LINK.finditer(lowered)
        if not _glued(lowered, match.start())
    ]
    starts = [start for start, _ in links]  # in order, and the spans do not overlap
    for match in _DOMAIN_END.finditer(lowered):
        label = _DOMAIN_LABEL.search(lowered, max(0, match.start() - 63), match.start())
        before = bisect.bisect_right(starts, label.start()) - 1 if label else -1
        if label and not (before >= 0 and label.start() < links[before][1]):
            links.append((label.start(), match.end()))
    return links


def _glued(text: str, start: int) -> bool:
    return start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_@.-/")


def _floods(text: str) -> Iterator[tuple[int, int]]:
    """Runs of one character, MIN_FLOOD or more long ("!!!!!!!!!!", "soooooooooo"); spaces and
    digits are left alone. Searched per distinct character, which str.find does in C."""
    for ch in sorted(set(text)):
        if ch.isspace() or ch.isdigit():
            continue
        start = text.find(ch * MIN_FLOOD)
        while start != -1:
            rest = text[start:]
            end = start + len(rest) - len(rest.lstrip(ch))
            yield start, end
            start = text.find(ch * MIN_FLOOD, end)


def _shouting(text: str, lowered: str) -> bool:
    # ASCII capitals and letters, counted by deleting them (str.translate runs in C); a post in
    # another script is never "shouting".
    upper = len(text) - len(text.translate(_NO_CAPITALS))
    if upper <= SHOUTING_SHARE * MIN_SHOUTING_LETTERS:
        return False
    letters = len(lowered) - len(lowered.translate(_NO_LETTERS))
    return letters > MIN_SHOUTING_LETTERS and upper >= SHOUTING_SHARE * letters


def spam(text: str, context: Context) -> Iterator[Finding]:
    def whole(reason: str) -> Finding:
        return Finding("spam", STANDARD, 0, 0, reason, context.field)

    lowered = folded(text, context)
    links = _links(lowered) if any(hint in lowered for hint in _LINK_HINTS) else []
    if len(links) > MAX_LINKS:
        yield whole(f"Has {len(links)} links: posts may carry at most {MAX_LINKS}")
    elif links and _SALES_TALK.search(lowered):
        yield whole("Looks like advertising: a link with sales talk")
    if _repeats(text, context.recent_texts):
        yield whole("The same as a post you made recently")
    if _shouting(text, lowered):
        yield whole("Mostly in capital letters")
    for start, end in _floods(text):
        yield Finding(
            "spam", STANDARD, start, end, "A long run of repeated characters", context.field
        )
