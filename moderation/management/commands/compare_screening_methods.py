"""`manage.py compare_screening_methods`: the triage methods side by side (docs/moderation.md).

Each method is trained the same way on the train split (thresholds from leave-one-writer-out
cross-validation), then the whole screening (the method + the personal-data detectors + the
plain statements) is run over the test split. The test split only reports: the method kept is
the committed one. Needs scikit-learn; about ten minutes.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from moderation.screening import screen
from moderation.triage import corpus, training
from moderation.triage.evaluation import LABELS, evaluate, outcome_of
from moderation.triage.model import Model

METHODS = {
    "words": ("wbc", "words, word pairs and letter groups"),
    "cues": ("skd", "the cue lexicon only (cues, their pairs)"),
    "hybrid": (training.ALL_FEATURES, "words, letters and cues (the committed method)"),
}


class Command(BaseCommand):
    help = "Train each triage method on the train split and report all on the test split."

    def handle(self, *args: Any, **options: Any) -> None:
        train, test = corpus.load("train"), corpus.load("test")
        for name, (kinds, description) in METHODS.items():
            started = time.monotonic()
            model = Model(training.train(train, kinds=kinds))
            report = evaluate(test, lambda text, m=model: outcome_of(screen(text, model=m)))
            cv = model.figures["cross_validation"]
            self.stdout.write(f"{name}: {description} ({time.monotonic() - started:.0f}s)")
            self.stdout.write(
                "  train CV recall: "
                + ", ".join(
                    f"{s} {f['cv_recall']:.1%} (clean flagged {f['cv_clean_flagged']:.1%})"
                    for s, f in cv.items()
                )
            )
            self.stdout.write(
                "  test right: "
                + ", ".join(f"{label} {report.share(label):.1%}" for label in LABELS)
                + f"; clean urgent {report.clean_urgent_share:.1%}"
            )
