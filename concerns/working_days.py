"""Working days for reply deadlines: weekends and England and Wales bank holidays skipped."""

from __future__ import annotations

from datetime import date, datetime, timedelta

# From GOV.UK's published list. Extend each year (a missing year only makes deadlines stricter).
BANK_HOLIDAYS = frozenset(date.fromisoformat(d) for d in (
    "2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31",
    "2026-12-25", "2026-12-28",
    "2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30",
    "2027-12-27", "2027-12-28",
))


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in BANK_HOLIDAYS


def add_working_days(start: datetime, days: int) -> datetime:
    """The same time of day `days` working days after `start`."""
    moment = start
    remaining = days
    while remaining > 0:
        moment += timedelta(days=1)
        if is_working_day(moment.date()):
            remaining -= 1
    return moment
