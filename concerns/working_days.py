"""Working days for reply deadlines: weekends and England and Wales bank holidays skipped.

The only import of `holidays`: its rules compute every year's bank holidays (Easter, substitute
days, one-off royal holidays) locally, so deadlines stay right after any hand-kept list would
have run out, and nothing is fetched at run time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import holidays

# England's list is also Wales's; years are filled in on first use, so no year ever runs out.
BANK_HOLIDAYS = holidays.country_holidays("GB", subdiv="ENG")


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
