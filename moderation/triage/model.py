"""The triage model at run time: a post's situation as probabilities, and why.

A multinomial logistic regression over `moderation.triage.features`, trained offline by
`manage.py train_screening` from the corpus's train split and committed as
`moderation/triage/model.json.gz` (weights, thresholds and the figures they were chosen on).
Loading it needs no network, no library beyond the standard one, and gives the same answer for
the same text on every machine: the weights are data, not a pickle.
"""

from __future__ import annotations

import gzip
import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from moderation.triage.features import (
    cue_features,
    cue_pairs,
    describe,
    find_cues,
    letter_groups,
    sentence_words,
)

WORD_CACHE_SIZE = 50_000

MODEL_PATH = Path(__file__).resolve().parent / "model.json.gz"


@dataclass(frozen=True)
class Assessment:
    """Probabilities by situation, and each situation's strongest cues as (cue, words)."""

    probabilities: dict[str, float]
    cues: dict[str, tuple[tuple[str, str], ...]]

    def why(self, situation: str) -> str:
        """The cues behind `situation`, as a moderator reads them."""
        found = [
            f"{describe(cue)} (\u201c{words}\u201d)" for cue, words in self.cues.get(situation, ())
        ]
        return "; ".join(found)


class Model:
    def __init__(self, data: dict) -> None:
        self.classes: list[str] = data["classes"]
        self.intercept: list[float] = data["intercept"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.thresholds: dict[str, float] = data["thresholds"]
        self.figures: dict = data.get("figures", {})
        self._zero = [0.0] * len(self.classes)
        self._words: dict[str, tuple] = {}
        if len(self.classes) != 4:
            raise ValueError(
                "The in-request scorer is written for four situations; retrain "
                "with emergency, safeguarding, crime_report and other."
            )

    def assess(self, text: str) -> Assessment:
        """The post's probability of each situation, and the cues behind each.

        The same sums as `features.vector` dotted with the weights (what training fits), but
        over each distinct word once, with its letter groups' weights cached: a 5,000-character
        post repeats most of its words, and this is the in-request path."""
        sentences = sentence_words(text)
        if not sentences:
            return Assessment(dict.fromkeys(self.classes, 0.0) | {"other": 1.0}, {})
        words, pairs, cue_pair_names = Counter(), Counter(), Counter()
        evidence: dict[str, str] = {}
        for sentence in sentences:
            cues = find_cues(sentence)
            for cue, shown_by in cues.items():
                evidence.setdefault(cue, shown_by)
            words.update(sentence)
            pairs.update(
                f"b:{first} {second}"
                for first, second in zip(["<s>", *sentence], [*sentence, "</s>"], strict=True)
            )
            cue_pair_names.update(cue_pairs(cues))
        scores = list(self.intercept)
        for size, sums in (
            self._named_block(words, "w:"),
            self._named_block(pairs),
            self._letter_block(words),
            self._named_block(cue_pair_names),
        ):
            if size:
                scale = 1 / math.sqrt(size)
                for index, total in enumerate(sums):
                    scores[index] += total * scale
        names = cue_features(evidence)
        contributions: dict[str, list[float]] = {}
        for name in names:
            row = self.weights.get(name)
            if row is not None:
                value = 1 / math.sqrt(len(names))
                for index, weight in enumerate(row):
                    scores[index] += value * weight
                if name.startswith("k:"):
                    contributions[name[2:]] = row
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        probabilities = {name: e / total for name, e in zip(self.classes, exps, strict=True)}
        return Assessment(probabilities, self._strongest(contributions, evidence))

    def _named_block(self, counts: Counter, prefix: str = "") -> tuple[int, list[float]]:
        # The hot loop of a long post: four classes, accumulated in locals (three times faster
        # than indexing a list per weight).
        get = self.weights.get
        s0 = s1 = s2 = s3 = 0.0
        for name, count in counts.items():
            row = get(prefix + name)
            if row is not None:
                w0, w1, w2, w3 = row
                s0 += w0 * count
                s1 += w1 * count
                s2 += w2 * count
                s3 += w3 * count
        return sum(counts.values()), [s0, s1, s2, s3]

    def _letter_block(self, words: Counter) -> tuple[int, list[float]]:
        size, s0, s1, s2, s3 = 0, 0.0, 0.0, 0.0, 0.0
        for word, count in words.items():
            group_count, (w0, w1, w2, w3) = self._word(word)
            size += group_count * count
            s0 += w0 * count
            s1 += w1 * count
            s2 += w2 * count
            s3 += w3 * count
        return size, [s0, s1, s2, s3]

    def _word(self, word: str) -> tuple[int, list[float]]:
        """The count and summed weights of a word's letter groups."""
        cached = self._words.get(word)
        if cached is None:
            if len(self._words) >= WORD_CACHE_SIZE:
                self._words.clear()
            groups = letter_groups(word)
            sums = list(self._zero)
            for name in groups:
                row = self.weights.get(name)
                if row is not None:
                    _add(sums, row)
            cached = self._words[word] = (len(groups), sums)
        return cached

    def _strongest(
        self, contributions: dict[str, list[float]], evidence: dict[str, str]
    ) -> dict[str, tuple[tuple[str, str], ...]]:
        """Per situation, the (up to three) cues that pushed the window towards it most."""
        found = {}
        for index, situation in enumerate(self.classes):
            pushing = sorted(
                (-weights[index], cue)
                for cue, weights in contributions.items()
                if weights[index] > 0
            )
            found[situation] = tuple((cue, evidence[cue]) for _, cue in pushing[:3])
        return found


def _add(sums: list[float], row: list[float], times: int = 1) -> None:
    for index, weight in enumerate(row):
        sums[index] += weight * times


def from_file(path: Path = MODEL_PATH) -> Model:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return Model(json.load(handle))


@lru_cache(maxsize=1)
def current() -> Model:
    """The committed model, loaded once per process."""
    return from_file()
