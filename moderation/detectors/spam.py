"""Spam and floods: many links, a post the author has just made, shouting, stretched characters.

Every spam finding holds the post: a moderator can release a real resident who shouts in
capitals faster than the public can unsee a wall of links.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import STANDARD, Context, Finding

MAX_LINKS = 2
_LINK = re.compile(r"""
    (?<![\w@.\-/])(?:https?://|www\.)[^\s<>"'()]{1,2000}
   |(?<![\w@.\-/])[a-z0-9][a-z0-9\-]{0,62}\.(?:com|net|org|info|biz|xyz|ru|io|top|shop|club|
      online|site|co\.uk|uk|me|ly|gg|tk)\b(?:/[^\s<>"'()]{0,2000})?
""", re.X | re.I)
_SALES_TALK = re.compile(r"""
    \b(?:crypto|bitcoin|forex|casino|betting[ ]tips|viagra|cialis|payday[ ]loans?|cheap[ ]loans?
    |click[ ]here|buy[ ]now|limited[ ]offer|free[ ]money|earn[ ]£?\d+|work[ ]from[ ]home
    |investment[ ]opportunity|guaranteed[ ]returns?|followers|seo[ ]services|promo[ ]code
    |discount[ ]code|onlyfans|escorts?|dating[ ]site|weight[ ]loss|replica[ ]watches)\b
""", re.X | re.I)
_REPEATED = re.compile(r"(\S.{0,5}?)\1{5,}")
_WORDS = re.compile(r"\w+")
MIN_FLOOD = 10
MIN_SHOUTING_LETTERS = 40
SHOUTING_SHARE = 0.7


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def _repeats(text: str, recent_texts: tuple[str, ...]) -> bool:
    """The same post again: equal once capitals, punctuation and spacing are set aside, or
    (for longer posts) sharing nine in ten of its three-word phrases."""
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


def _shouting(text: str) -> bool:
    letters = sum(map(str.isalpha, text))
    upper = sum(map(str.isupper, text))
    return letters > MIN_SHOUTING_LETTERS and upper >= SHOUTING_SHARE * letters


def spam(text: str, context: Context) -> Iterator[Finding]:
    def whole(reason: str) -> Finding:
        return Finding("spam", STANDARD, 0, 0, reason, context.field)

    links = _LINK.findall(text)
    if len(links) > MAX_LINKS:
        yield whole(f"Has {len(links)} links: posts may carry at most {MAX_LINKS}")
    elif links and _SALES_TALK.search(text):
        yield whole("Looks like advertising: a link with sales talk")
    if _repeats(text, context.recent_texts):
        yield whole("The same as a post you made recently")
    if _shouting(text):
        yield whole("Mostly in capital letters")
    for match in _REPEATED.finditer(text):
        if match.end() - match.start() >= MIN_FLOOD and not match.group(1).isdigit():
            yield Finding("spam", STANDARD, match.start(), match.end(),
                          "A long run of repeated characters", context.field)
