"""Training the triage model from the corpus's train split (never the test split).

`train()` fits a multinomial logistic regression (scikit-learn, a training-time dependency
only) on `features()`, then chooses each situation's threshold from leave-one-writer-out
cross-validation on the train split: every post is scored by a model that never saw its
writer, which is what a new resident is. The thresholds meet the recall targets at the least
cost in false alarms on ordinary posts (`TARGETS`). Deterministic: the same corpus gives the
same file (sorted vocabulary, lbfgs from zero, weights rounded).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from moderation.triage.corpus import SITUATIONS, Post
from moderation.triage.features import read, vector

C = 10.0  # inverse regularisation, chosen by cross-validation on the train split
MIN_POSTS = 2  # a feature seen in fewer training posts is left out
DIGITS = 4
# Per situation: the most ordinary posts (label clean) we accept flagging in cross-validation.
# The threshold is the one with the best recall under that ceiling (the higher on a tie): a
# missed emergency costs far more than a moderator's glance at a false alarm, so recall is
# bought up to the ceiling. The ceilings leave room under the goals for the test split
# (urgent <= 2% and held <= 5% of ordinary posts, the personal-data detectors included).
CEILINGS = {"emergency": 0.01, "safeguarding": 0.01, "crime_report": 0.02}


ALL_FEATURES = "wbcskd"  # words, pairs, letters, cue pairs in a sentence, cues, cue pairs


def fit(posts: Sequence[Post], *, c: float = C, kinds: str = ALL_FEATURES) -> dict:
    """The model's data (classes, intercepts, weights by feature) trained on `posts`, from
    the feature kinds named (by their first letter; all of them unless comparing methods)."""
    from sklearn.linear_model import LogisticRegression

    readings = [
        {name: value for name, value in vector(read(post.text)).items() if name[0] in kinds}
        for post in posts
    ]
    counts = Counter(name for reading in readings for name in reading)
    vocabulary = sorted(name for name, count in counts.items() if count >= MIN_POSTS)
    matrix = _matrix(readings, {name: i for i, name in enumerate(vocabulary)})
    labels = [post.situation for post in posts]
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(matrix, labels)
    order = [list(model.classes_).index(name) for name in SITUATIONS]
    weights = {}
    for column, name in enumerate(vocabulary):
        row = [round(float(model.coef_[i, column]), DIGITS) for i in order]
        if any(row):
            weights[name] = row
    return {
        "format": 1,
        "classes": list(SITUATIONS),
        "intercept": [round(float(model.intercept_[i]), DIGITS) for i in order],
        "weights": weights,
        "thresholds": {},
    }


def _matrix(readings: list[dict[str, float]], columns: dict[str, int]) -> Any:  # a scipy CSR matrix
    from scipy.sparse import csr_matrix

    data, indices, pointers = [], [], [0]
    for reading in readings:
        for name, value in sorted(reading.items()):
            if name in columns:
                indices.append(columns[name])
                data.append(value)
        pointers.append(len(indices))
    return csr_matrix((data, indices, pointers), shape=(len(readings), len(columns)))


def cross_validated(
    posts: Sequence[Post],
    *,
    c: float = C,
    kinds: str = ALL_FEATURES,
    progress: Callable[[str], None] = lambda _: None,
) -> list[dict[str, float]]:
    """Each post's probabilities from a model trained without its writer."""
    from moderation.triage.model import Model

    scored: list[dict[str, float] | None] = [None] * len(posts)
    for writer in sorted({post.writer for post in posts}):
        progress(f"cross-validation: leaving out {writer}")
        model = Model(fit([p for p in posts if p.writer != writer], c=c, kinds=kinds))
        for index, post in enumerate(posts):
            if post.writer == writer:
                scored[index] = model.assess(post.text).probabilities
    return [s for s in scored if s is not None]


def choose_thresholds(posts: Sequence[Post], scored: list[dict[str, float]]) -> dict:
    """Per situation: the threshold, and the cross-validated recall and false alarms at it."""
    chosen = {}
    for situation, ceiling in CEILINGS.items():
        candidates = []
        for step in range(5, 96):
            threshold = step / 100
            recall, alarms = _rates(posts, scored, situation, threshold)
            candidates.append((threshold, recall, alarms))
        allowed = [c for c in candidates if c[2] <= ceiling] or candidates[-1:]
        threshold, recall, alarms = max(allowed, key=lambda c: (c[1], c[0]))
        chosen[situation] = {
            "threshold": threshold,
            "cv_recall": round(recall, 4),
            "cv_clean_flagged": round(alarms, 4),
        }
    return chosen


def _rates(
    posts: Sequence[Post], scored: Sequence[dict[str, float]], situation: str, threshold: float
) -> tuple[float, float]:
    flagged = [probabilities[situation] >= threshold for probabilities in scored]
    mine = [f for f, post in zip(flagged, posts, strict=True) if post.situation == situation]
    clean = [f for f, post in zip(flagged, posts, strict=True) if post.label == "clean"]
    return sum(mine) / max(1, len(mine)), sum(clean) / max(1, len(clean))


def train(
    posts: Sequence[Post],
    *,
    kinds: str = ALL_FEATURES,
    progress: Callable[[str], None] = lambda _: None,
) -> dict:
    """The model file's content: weights fitted on every post, thresholds from CV."""
    scored = cross_validated(posts, kinds=kinds, progress=progress)
    chosen = choose_thresholds(posts, scored)
    progress("fitting on the whole train split")
    data = fit(posts, kinds=kinds)
    data["thresholds"] = {s: figures["threshold"] for s, figures in chosen.items()}
    data["figures"] = {
        "cross_validation": chosen,
        "posts": len(posts),
        "writers": sorted({post.writer for post in posts}),
        "C": C,
        "min_posts": MIN_POSTS,
        "features": kinds,
    }
    return data


def write(data: dict, path: Path) -> None:
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    with gzip.GzipFile(path, "wb", mtime=0) as handle:  # no timestamp: same corpus, same bytes
        handle.write(text.encode("utf-8"))
