"""Screening through settings.CONCERN_SCREENER: the screener the setting names when asked."""

from __future__ import annotations

from dataclasses import dataclass

from concerns.screening import as_record, screen_submission


@dataclass(frozen=True)
class Held:
    detector: str = "test"
    lane: str = "safeguarding"
    start: int = 0
    end: int = 4
    reason: str = "Held by the test's screener"


@dataclass(frozen=True)
class HoldEverything:
    findings: tuple[Held, ...] = (Held(),)
    lane: str = "safeguarding"
    held: bool = True
    is_emergency: bool = False
    needs_crime_report_advice: bool = False
    reasons: tuple[str, ...] = ("Held by the test's screener",)


def hold_everything(text: str, *, title: str = "", at_risk: bool = False) -> HoldEverything:
    return HoldEverything()


def test_a_test_overriding_the_screener_is_screened_by_it_without_clearing_a_cache(settings):
    words = {"title": "Bins", "body": "The bins on Elm Road were not collected."}
    assert not screen_submission(**words).held  # the real screener, its result now cached

    settings.CONCERN_SCREENER = f"{__name__}.hold_everything"
    screened = screen_submission(**words)

    assert screened.held and screened.lane == "safeguarding"
    assert as_record(screened) == [
        {
            "detector": "test",
            "lane": "safeguarding",
            "field": "text",
            "start": 0,
            "end": 4,
            "reason": "Held by the test's screener",
        }
    ]
