"""`manage.py screen_text --jsonl FILE`: screen posts exactly as the submit form does.

Reads lines of {"text": ...} (other keys are ignored; "title" is screened with the text when
present) and writes one JSON line per input, in order: lane (urgent, safeguarding,
personal_data, standard), held, emergency_advice (the writer would be shown the 999 page),
crime_report_advice, and the reasons a moderator reads. `-` reads standard input.

A post longer than the request reads (IN_REQUEST_CHARS) is reported as it ends up: the lane and
reasons once the background re-screen has read all of it, held, and the advice the writer was
shown at submit, which came from its first part only.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moderation.screening import IN_REQUEST_CHARS, Screening, screen, screen_in_request
from moderation.triage.evaluation import outcome_of


class Command(BaseCommand):
    help = 'Screen JSON lines of {"text": ...} and write one outcome per line.'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", required=True, help="The input file, or - for stdin.")

    def handle(self, *args: Any, jsonl: str, **options: Any) -> None:
        try:
            source = sys.stdin if jsonl == "-" else open(jsonl, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot read {jsonl}: {error.strerror}.") from error
        with source:
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                row = self._row(line, number)
                outcome = as_submitted(row["text"], title=str(row.get("title") or ""))
                self.stdout.write(json.dumps(outcome, ensure_ascii=False))

    @staticmethod
    def _row(line: str, number: int) -> dict:
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"Line {number} is not JSON ({error.msg}): fix or remove it."
            ) from error
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise CommandError(
                f'Line {number} has no "text" string: each line must be {{"text": "..."}}.'
            )
        return row


def as_submitted(text: str, *, title: str = "") -> dict:
    shown = screen_in_request(text, title=title)
    if len(text) <= IN_REQUEST_CHARS:
        return outcome_of(shown)
    ended = Screening((*shown.findings, *screen(text, title=title).findings))  # held: long_post
    return {
        **outcome_of(ended),
        "emergency_advice": shown.is_emergency,
        "crime_report_advice": shown.needs_crime_report_advice,
    }
