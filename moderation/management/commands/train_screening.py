"""`manage.py train_screening`: retrain the triage model from the corpus's train split.

Writes moderation/triage/model.json.gz (commit it). Needs scikit-learn (requirements-test.txt);
the product itself only reads the file. About a minute: most of it is the leave-one-writer-out
cross-validation that chooses the thresholds.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from moderation.triage import corpus, training
from moderation.triage.model import MODEL_PATH


class Command(BaseCommand):
    help = "Retrain the screening triage model from moderation/corpus/train (never test)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            default=MODEL_PATH,
            help="Where to write the model (default: the committed file).",
        )

    def handle(self, *args: Any, output: Path, **options: Any) -> None:
        started = time.monotonic()
        posts = corpus.load("train")
        self.stdout.write(
            f"training on {len(posts)} posts from {len({p.writer for p in posts})} writers"
        )

        def progress(message: str) -> None:
            self.stdout.write(f"  [{time.monotonic() - started:5.1f}s] {message}")

        data = training.train(posts, progress=progress)
        training.write(data, output)
        for situation, figures in data["figures"]["cross_validation"].items():
            self.stdout.write(
                f"  {situation}: threshold {figures['threshold']:.2f}, "
                f"cross-validated recall {figures['cv_recall']:.1%}, "
                f"ordinary posts flagged {figures['cv_clean_flagged']:.1%}"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"wrote {output} ({output.stat().st_size // 1024} KB, "
                f"{len(data['weights'])} features) in {time.monotonic() - started:.0f}s"
            )
        )
