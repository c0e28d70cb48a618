"""Phone numbers spelt out in words: "oh seven seven double oh, nine hundred, five two six".

People write numbers in words to keep them off a page or because that is how they say them;
the digits are just as public. A run of number words (digits, "oh", "double", "triple",
"hundred", separated by spaces, commas or dashes) that spells nine or more digits is held,
with the run as the span to redact. Runs written only in digits are the phone detector's.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from moderation.detectors import PERSONAL_DATA, Context, Finding, folded

_DIGITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nought": "0",
    "nil": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_REPEAT = {"double": 2, "triple": 3, "treble": 3}
# Only the tokens a number can be made of (a whole run of letters, or of digits): the text
# between two of them must be joiners only, so a word in between ends the run just as it would
# if every word were a token.
_NUMBER_WORDS = sorted([*_DIGITS, *_REPEAT, "hundred"], key=len, reverse=True)
_TOKEN = re.compile(r"(?<![a-z])(?:" + "|".join(_NUMBER_WORDS) + r")(?![a-z])|\d+")
_JOINERS = re.compile(r"[ ,\-–.]*")
MIN_DIGITS = 9


def spelt_phone(text: str, context: Context) -> Iterator[Finding]:
    lowered = folded(text, context)
    if not any(word in lowered for word in ("seven", "oh", "zero", "double", "nine")):
        return
    tokens = list(_TOKEN.finditer(lowered))
    index = 0
    while index < len(tokens):
        run = _run(lowered, tokens, index)
        if run is None:
            index += 1
            continue
        end_index, digits, spelt = run
        if spelt and len(digits) >= MIN_DIGITS:
            yield Finding(
                "phone",
                PERSONAL_DATA,
                tokens[index].start(),
                tokens[end_index].end(),
                "Looks like a phone number written in words",
                context.field,
            )
        index = end_index + 1


def _run(text: str, tokens: list[re.Match[str]], start: int) -> tuple[int, str, bool] | None:
    """From tokens[start]: the last token of the number run, its digits, and whether any of
    it was a word (not digits); None if no run starts here."""
    digits, spelt, index, last = "", False, start, None
    while index < len(tokens):
        if last is not None and not _JOINERS.fullmatch(
            text, tokens[last].end(), tokens[index].start()
        ):
            break
        word = tokens[index].group()
        if word.isdigit():
            digits += word
        elif word in _DIGITS:
            digits += _DIGITS[word]
            spelt = True
        elif word in _REPEAT and index + 1 < len(tokens) and tokens[index + 1].group() in _DIGITS:
            digits += _DIGITS[tokens[index + 1].group()] * _REPEAT[word]
            spelt, index = True, index + 1
        elif word == "hundred" and digits:
            digits += "00"
            spelt = True
        else:
            break
        last = index
        index += 1
    if last is None:
        return None
    return last, digits, spelt
