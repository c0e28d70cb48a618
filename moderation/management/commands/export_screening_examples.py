"""`manage.py export_screening_examples [--output FILE] [--disagreements-only]`: moderators'
judgements as JSON lines in the corpus's format (text, label, kind, also, writer) plus what
screening said, for the next training round. The file holds residents' words: keep it where
staff data is kept, and delete it after training."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moderation.models import ScreeningExample
from moderation.services.learning import as_row


class Command(BaseCommand):
    help = "Write moderators' screening examples as JSON lines (stdout, or --output FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default="-", help="The file to write, or - for stdout.")
        parser.add_argument(
            "--disagreements-only",
            action="store_true",
            help="Only examples where the moderator's label differs from screening's.",
        )

    def handle(self, *args: Any, output: str, disagreements_only: bool, **options: Any) -> None:
        if output == "-":
            written = self._write(self.stdout.write, disagreements_only)  # adds the newline
        else:
            try:
                with open(output, "w", encoding="utf-8") as sink:
                    written = self._write(lambda line: sink.write(line + "\n"), disagreements_only)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        self.stderr.write(f"{written} example{'s' if written != 1 else ''} written.")

    @staticmethod
    def _write(write: Callable[[str], object], disagreements_only: bool) -> int:
        written = 0
        for example in ScreeningExample.objects.order_by("id").iterator(chunk_size=500):
            row = as_row(example)
            if disagreements_only and row["label"] == row["screened_label"]:
                continue
            write(json.dumps(row, ensure_ascii=False))
            written += 1
        return written
