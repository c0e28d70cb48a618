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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from moderation.triage.features import COUNTED, Sentence, cue_features, describe, read

MODEL_PATH = Path(__file__).resolve().parent / "model.json.gz"


@dataclass(frozen=True)
class Assessment:
    """Probabilities by situation, and each situation's strongest cues as (cue, words)."""

    probabilities: dict[str, float]
    cues: dict[str, tuple[tuple[str, str], ...]]

    def why(self, situation: str) -> str:
        """The cues behind `situation`, as a moderator reads them."""
        found = [f"{describe(cue)} (\u201c{words}\u201d)" for cue, words in
                 self.cues.get(situation, ())]
        return "; ".join(found)


class Model:
    def __init__(self, data: dict) -> None:
        self.classes: list[str] = data["classes"]
        self.intercept: list[float] = data["intercept"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.thresholds: dict[str, float] = data["thresholds"]
        self.figures: dict = data.get("figures", {})
        self._zero = [0.0] * len(self.classes)

    def assess(self, text: str) -> Assessment:
        """The post's probability of each situation, and the cues behind each."""
        sentences = read(text)
        if not sentences:
            return Assessment(dict.fromkeys(self.classes, 0.0) | {"other": 1.0}, {})
        return self._window(sentences, [self._partial(sentence) for sentence in sentences])

    def _partial(self, sentence: Sentence) -> dict[str, tuple[int, list[float]]]:
        """Per counted block: its size in the sentence and the sum of its weights."""
        found = {}
        for block in COUNTED:
            sums = list(self._zero)
            size = 0
            for name, count in sentence.counts[block].items():
                size += count
                row = self.weights.get(name)
                if row is not None:
                    for index, weight in enumerate(row):
                        sums[index] += count * weight
            found[block] = (size, sums)
        return found

    def _window(self, sentences: list[Sentence], partial: list[dict]):
        scores = list(self.intercept)
        for block in COUNTED:
            size = sum(part[block][0] for part in partial)
            if size:
                scale = 1 / math.sqrt(size)
                for part in partial:
                    for index, total in enumerate(part[block][1]):
                        scores[index] += total * scale
        evidence: dict[str, str] = {}
        for sentence in sentences:
            for cue, words in sentence.cues.items():
                evidence.setdefault(cue, words)
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

    def _strongest(self, contributions: dict[str, list[float]],
                   evidence: dict[str, str]) -> dict[str, tuple[tuple[str, str], ...]]:
        """Per situation, the (up to three) cues that pushed the window towards it most."""
        found = {}
        for index, situation in enumerate(self.classes):
            pushing = sorted((-weights[index], cue) for cue, weights in contributions.items()
                             if weights[index] > 0)
            found[situation] = tuple((cue, evidence[cue]) for _, cue in pushing[:3])
        return found


def from_file(path: Path = MODEL_PATH) -> Model:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return Model(json.load(handle))


@lru_cache(maxsize=1)
def current() -> Model:
    """The committed model, loaded once per process."""
    return from_file()
