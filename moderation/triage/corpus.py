"""The labelled screening corpus (moderation/corpus/, protocol in its README.md).

Posts were written in batches by writers who never saw the detectors, one brief each; whole
writers are held out as the test split (chosen at random before any file was read) and nothing
is ever tuned on it: training, cross-validation and threshold choice read `train/` only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
LABELS = ("emergency", "safeguarding", "personal_data", "crime_report", "clean")
SITUATIONS = ("emergency", "safeguarding", "crime_report", "other")


@dataclass(frozen=True)
class Post:
    text: str
    label: str
    kind: str
    writer: str
    also: tuple[str, ...] = ()

    @property
    def situation(self) -> str:
        """What the triage model is taught: the situation, whatever personal data a post also
        holds (personal data is the detectors' job, by pattern, and a post naming someone is
        otherwise an ordinary concern or a crime to report)."""
        if self.label in SITUATIONS:
            return self.label
        return next((label for label in self.also if label in SITUATIONS), "other")


def load(split: str, root: Path = CORPUS) -> list[Post]:
    """Every post of `split` ("train" or "test"), in file then line order."""
    posts = []
    for path in sorted((root / split).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                posts.append(
                    Post(
                        text=row["text"],
                        label=row["label"],
                        kind=row["kind"],
                        writer=row["writer"],
                        also=tuple(row.get("also", ())),
                    )
                )
    return posts
