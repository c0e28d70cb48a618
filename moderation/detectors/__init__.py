"""The detectors behind screening at submit, one module per family.

A detector is a pure function `(text, context) -> Iterable[Finding]`: no Django, no I/O. Every
pattern is compiled once, at import, and written so that it cannot backtrack catastrophically:
repeats are bounded or run over classes that do not overlap their neighbours, and patterns that
start with a repeated class are anchored by a look-behind so they are tried once per run, not
once per character. `moderation.screening` registers the detectors in one list and combines
what they find.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

# Detectors name the lane of what they find; the lanes and their order are moderation.lanes'.
from moderation.lanes import LANES, PERSONAL_DATA, SAFEGUARDING, STANDARD, URGENT  # noqa: F401

TEXT, TITLE = "text", "title"


@dataclass(frozen=True)
class Finding:
    """One thing a detector saw, with the span to highlight in the redaction editor.

    `start`/`end` index into the field named by `field` ("text" or "title"); a finding about the
    whole field (shouting, a duplicate, too many links) has the span 0, 0.
    """

    detector: str
    lane: str
    start: int
    end: int
    reason: str
    field: str = TEXT

    @property
    def is_whole_text(self) -> bool:
        return self.start == self.end == 0


@dataclass(frozen=True)
class Context:
    """What a detector may know besides the text: which field it is reading, the text folded to
    lower case (computed once for all detectors), and, for the duplicate check, the author's
    recent posts."""

    field: str = TEXT
    recent_texts: tuple[str, ...] = ()
    folded: str | None = None


def fold(text: str) -> str:
    """Lower case, one character for one, so that spans found in the result index the text.

    Matching folded text with case-sensitive patterns is several times faster than re.I."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)  # "İ" -> "i̇"


def folded(text: str, context: Context) -> str:
    return context.folded if context.folded is not None else fold(text)


# Put in front of a pattern of lower-case words: positions inside a word are rejected by one
# cheap test instead of by every alternative in turn.
WORD_START = r"(?<![a-z0-9_'’])(?=[a-z])"


Detector = Callable[[str, Context], Iterable[Finding]]

# A sentence ends at . ! ? or a line break, except after the abbreviations names carry.
_SENTENCE_END = re.compile(
    r"(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)"
    r"[.!?](?=\s|$)|\n"
)


def same_sentence(text: str, start: int, end: int) -> bool:
    """True when nothing in text[start:end] ends a sentence."""
    return start >= end or _SENTENCE_END.search(text, start, end) is None


def phrase_findings(
    pattern: re.Pattern[str],
    text: str,
    context: Context,
    *,
    detector: str,
    lane: str,
    reasons: dict[str, str],
) -> Iterator[Finding]:
    """One finding per match of a lower-case `pattern` in the folded text; the reason is looked
    up by the named group that matched."""
    for match in pattern.finditer(folded(text, context)):
        yield Finding(
            detector,
            lane,
            match.start(),
            match.end(),
            reasons[match.lastgroup or ""],
            context.field,
        )
