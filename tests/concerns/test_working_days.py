"""Reply deadlines count working days: weekends and England and Wales bank holidays skipped,
in any year (the holidays package computes them; nothing is fetched)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from concerns.working_days import add_working_days, is_working_day

LONDON = ZoneInfo("Europe/London")


def test_an_ordinary_weekday_is_a_working_day_and_a_weekend_is_not():
    assert is_working_day(date(2029, 6, 13))  # a Wednesday
    assert not is_working_day(date(2029, 6, 16))  # a Saturday
    assert not is_working_day(date(2029, 6, 17))  # a Sunday


@pytest.mark.parametrize(
    "holiday",
    [
        "2026-04-06",  # Easter Monday, from the list this module used to keep by hand
        "2027-12-28",  # Boxing Day's substitute, from the same list
        "2028-01-03",  # New Year's Day's substitute: past the end of that list
        "2028-04-14",  # Good Friday
        "2028-08-28",  # the late summer bank holiday
        "2030-05-27",  # the spring bank holiday
        "2030-12-26",  # Boxing Day
    ],
)
def test_a_weekday_bank_holiday_is_not_a_working_day(holiday):
    assert not is_working_day(date.fromisoformat(holiday))


def test_easter_2028_is_skipped_when_adding_working_days():
    thursday = datetime(2028, 4, 13, 9, 30, tzinfo=LONDON)

    # Good Friday, the weekend and Easter Monday are all skipped.
    assert add_working_days(thursday, 1) == datetime(2028, 4, 18, 9, 30, tzinfo=LONDON)


def test_christmas_2030_is_skipped_and_the_time_of_day_is_kept():
    christmas_eve = datetime(2030, 12, 24, 16, 5, tzinfo=LONDON)

    assert add_working_days(christmas_eve, 1) == datetime(2030, 12, 27, 16, 5, tzinfo=LONDON)
    assert add_working_days(christmas_eve, 2) == datetime(2030, 12, 30, 16, 5, tzinfo=LONDON)


def test_five_working_days_over_an_ordinary_week_end_a_week_later():
    monday = datetime(2029, 6, 11, 12, 0, tzinfo=LONDON)

    assert add_working_days(monday, 5) == datetime(2029, 6, 18, 12, 0, tzinfo=LONDON)
    assert add_working_days(monday, 0) == monday
