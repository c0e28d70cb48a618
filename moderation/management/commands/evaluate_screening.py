"""`manage.py evaluate_screening [--split train|test] [--misses N]`: screening's figures on
the labelled corpus (moderation/corpus/), by label, lane and kind, against issue 11's goals.

The test split is for reporting, never for tuning (moderation/corpus/README.md).
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from moderation.screening import screen
from moderation.triage import corpus
from moderation.triage.evaluation import evaluate, outcome_of


class Command(BaseCommand):
    help = "Screen the labelled corpus and report the figures against the goals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--split", choices=("train", "test"), default="test")
        parser.add_argument(
            "--misses", type=int, default=0, help="Also print this many misses (train split only)."
        )

    def handle(self, *args: Any, split: str, misses: int, **options: Any) -> None:
        started = time.monotonic()
        posts = corpus.load(split)
        report = evaluate(posts, lambda text: outcome_of(screen(text)))
        self.stdout.write(
            f"{split} split, {len({p.writer for p in posts})} writers, "
            f"{time.monotonic() - started:.1f}s"
        )
        self.stdout.write("\n".join(report.lines()))
        if misses and split == "train":
            for post, outcome in report.misses[:misses]:
                self.stdout.write(
                    f"- [{post.label}/{post.kind}] -> {outcome['lane']}: {post.text[:160]!r}"
                )
        shortfalls = report.shortfalls()
        self.stdout.write(
            self.style.SUCCESS("every goal met")
            if not shortfalls
            else self.style.WARNING("goals missed: " + "; ".join(shortfalls))
        )
