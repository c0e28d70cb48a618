"""What the triage model reads in a post: words, word pairs, letter groups and cues.

A post is read sentence by sentence (`read`): each sentence gives counts of its features in
four blocks, and the cues it holds; the post is the sum of its sentences (`vector`). (Scoring
each sentence and pair of sentences on its own as well, and keeping the highest, was tried:
it raised false alarms more than recall in cross-validation, so the post is judged whole.)

Blocks (each scaled by 1/sqrt(its count in the post), so that length does not decide):

- "w" words and "b" word pairs, after `normalise` (lower case, accents off, letters repeated
  three or more times collapsed, censored and coded spellings restored, emoji as words);
- "c" letter groups (3 to 5 letters, inside words, edges marked): what a misspelling keeps of a
  word ("ambulence" shares "mbul" with "ambulance");
- "s" pairs of cues in the same sentence ("weapon & now");
- "k" the cues of the window (`moderation.triage.cues`, typos of long cue words included) and
  their pairs, present or not.

Pure Python, no I/O.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from moderation.triage.cues import CODED_WORDS, CUES, EMOJI_WORDS

_REPEATS = re.compile(r"([a-z])\1{2,}")
_WORD = re.compile(r"[a-z0-9£]+(?:'[a-z]+)?|[!?]")
_SENTENCE = re.compile(r"[.!?\n]+")
_CODED = re.compile(
    "|".join(re.escape(word) for word in sorted(CODED_WORDS, key=len, reverse=True))
)
MAX_WORDS = 2_000  # a post is at most 5,000 characters; anything longer is read in part
COUNTED = ("w", "b", "c", "s")


@lru_cache(maxsize=16)  # screening reads the same text for the model and the statements
def normalise(text: str) -> str:
    """Lower case, accents and compatibility forms folded, emoji as words, coded spellings
    restored, letters repeated 3+ times collapsed to one ("pleaseee" -> "please")."""
    text = text.lower()
    if not text.isascii():  # most posts are: skip the per-character pass
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    for emoji, words in EMOJI_WORDS.items():
        if emoji in text:
            text = text.replace(emoji, words)
    text = _CODED.sub(lambda match: CODED_WORDS[match.group()], text)
    return _REPEATS.sub(r"\1", text.replace("’", "'"))


@dataclass
class Sentence:
    """One sentence's features: counts per counted block, and its cues with their words."""

    counts: dict[str, Counter] = field(default_factory=lambda: {b: Counter() for b in COUNTED})
    cues: dict[str, str] = field(default_factory=dict)  # cue -> the words that showed it


def read(text: str) -> list[Sentence]:
    """The post's sentences, read."""
    return [_sentence(words) for words in sentence_words(text)]


def sentence_words(text: str) -> list[list[str]]:
    """The post's sentences as lists of normalised words (at most MAX_WORDS in all)."""
    sentences = []
    words_seen = 0
    for part in _SENTENCE.split(normalise(text)):
        words = _WORD.findall(part)[: max(0, MAX_WORDS - words_seen)]
        words_seen += len(words)
        if words:
            sentences.append(words)
    return sentences


def letter_groups(word: str) -> tuple[str, ...]:
    return _letter_groups(word)


def find_cues(words: list[str]) -> dict[str, str]:
    """One sentence's cues, each with the first words that showed it."""
    found: dict[str, str] = {}
    _find_cues(words, found)
    return found


def cue_pairs(cues: Iterable[str]) -> list[str]:
    """The "s" block of a sentence: each pair of its cues."""
    found = sorted(cues)
    return [f"s:{first}&{second}" for i, first in enumerate(found) for second in found[i + 1 :]]


def _sentence(words: list[str]) -> Sentence:
    sentence = Sentence()
    counts = sentence.counts
    previous = "<s>"
    for word in words:
        counts["w"][f"w:{word}"] += 1
        counts["b"][f"b:{previous} {word}"] += 1
        counts["c"].update(_letter_groups(word))
        previous = word
    counts["b"][f"b:{previous} </s>"] += 1
    _find_cues(words, sentence.cues)
    counts["s"].update(cue_pairs(sentence.cues))
    return sentence


def cue_features(cues: Iterable[str]) -> list[str]:
    """The "k" block of a post: each cue, and each pair of cues anywhere in it."""
    found = sorted(cues)
    names = [f"k:{cue}" for cue in found]
    names += [f"d:{first}&{second}" for i, first in enumerate(found) for second in found[i + 1 :]]
    return names


def vector(sentences: list[Sentence]) -> dict[str, float]:
    """A post's features as values (what training sees; `Model` computes the same sums
    sentence by sentence): counts scaled per block, and the "k" block present-or-not."""
    values: dict[str, float] = {}
    for block in COUNTED:
        total = Counter()
        for sentence in sentences:
            total.update(sentence.counts[block])
        size = sum(total.values())
        for name, count in total.items():
            values[name] = count / math.sqrt(size)
    cues = cue_features({cue for sentence in sentences for cue in sentence.cues})
    for name in cues:
        values[name] = 1 / math.sqrt(len(cues))
    return values


@lru_cache(maxsize=65_536)
def _letter_groups(word: str) -> tuple[str, ...]:
    padded = f"<{word}>"
    return tuple(f"c:{padded[i : i + n]}" for n in (3, 4, 5) for i in range(len(padded) - n + 1))


def _find_cues(words: list[str], found: dict[str, str]) -> None:
    """The cues in one sentence; the first phrase that showed each is kept as evidence."""
    for start in range(len(words)):
        for cue in _single_word_cues(words[start]):
            found.setdefault(cue, words[start])
        node = _TRIE
        for position in range(start, min(len(words), start + _LONGEST)):
            node = node.get(words[position])
            if node is None:
                break
            for cue in node.get(_END, ()):
                found.setdefault(cue, " ".join(words[start : position + 1]))


_END = "\0"


def _build() -> tuple[dict, dict[str, frozenset[str]], list[tuple[str, str]], dict, int]:
    """A word trie of the multi-word phrases; single words exactly, by prefix (`stab*`) and
    one letter off (long words); and the longest phrase in words."""
    trie: dict = {}
    exact: dict[str, set[str]] = {}
    prefixes: list[tuple[str, str]] = []
    typos: dict[str, set[str]] = {}
    longest = 1
    for cue, (_, phrases) in CUES.items():
        for phrase in phrases:
            words = _WORD.findall(normalise(phrase))
            if not words:
                continue
            if len(words) == 1 and phrase.endswith("*"):
                prefixes.append((words[0], cue))
            elif len(words) == 1:
                exact.setdefault(words[0], set()).add(cue)
                if len(words[0]) >= 6 and words[0].isalpha():
                    for variant in _one_letter_off(words[0]):
                        typos.setdefault(variant, set()).add(cue)
            else:
                node = trie
                for word in words:
                    node = node.setdefault(word, {})
                node.setdefault(_END, set()).add(cue)
                longest = max(longest, len(words))
    return (
        trie,
        {w: frozenset(c) for w, c in exact.items()},
        prefixes,
        {w: frozenset(c) for w, c in typos.items()},
        longest,
    )


def _one_letter_off(word: str) -> set[str]:
    """The word with one letter deleted: two words one edit apart share such a form."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_TRIE, _EXACT, _PREFIXES, _TYPOS, _LONGEST = _build()


@lru_cache(maxsize=65_536)
def _single_word_cues(word: str) -> frozenset[str]:
    cues = set(_EXACT.get(word, ()))
    cues.update(cue for prefix, cue in _PREFIXES if word.startswith(prefix))
    if not cues and len(word) >= 5 and word.isalpha():
        for variant in (word, *_one_letter_off(word)):
            cues.update(_TYPOS.get(variant, ()))  # a letter missing, or one changed
            if variant != word and len(variant) >= 6:
                cues.update(_EXACT.get(variant, ()))  # a letter too many
    return frozenset(cues)


def describe(cue: str) -> str:
    return CUES[cue][0]
