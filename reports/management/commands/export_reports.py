"""`manage.py export_reports --date YYYY-MM-DD [--output FILE]`: a day's recorded reports as
CSV (reports.services.export says which day, and the columns). Progress goes to stderr, the
CSV to the file or stdout; every case written is logged as an export in its access log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reports.services import export


class Command(BaseCommand):
    help = "Write a day's recorded reports (by the time the crime was recorded) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", required=True, help="The day, as YYYY-MM-DD.")
        parser.add_argument("--output", help="A file to write (default: standard output).")

    def handle(self, *args: Any, **options: Any) -> None:
        day = _day(options["date"])
        out = (
            open(options["output"], "w", newline="", encoding="utf-8")
            if options["output"]
            else None
        )
        try:
            written = export.export_day(day, out or self.stdout, progress=self._progress)
        finally:
            if out is not None:
                out.close()
        self.stderr.write(f"Exported {written} recorded report(s) of {day.isoformat()}.")

    def _progress(self, done: int, total: int) -> None:
        if total > export.CHUNK:
            self.stderr.write(f"  {done} of {total} written")


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%Y-%m-%d").date()
    except ValueError:
        raise CommandError(
            f"--date {text!r} is not a date. Give the day as YYYY-MM-DD, for example "
            f"--date 2026-12-01."
        ) from None
