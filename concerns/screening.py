"""Screening a submission, through the screener named in settings.CONCERN_SCREENER.

The moderation app provides the detectors; concerns never imports moderation, it only calls
what settings name. The result is kept on the concern for moderators, never shown publicly.
What concerns needs of the screener and its result is the Protocols below;
moderation.screening binds its screener to `Screener` under TYPE_CHECKING, so mypy holds the
two apps to one shape though the setting is only a dotted path.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Finding(Protocol):
    """One thing the screener saw; the span indexes the field it was found in."""

    @property
    def detector(self) -> str: ...
    @property
    def lane(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def reason(self) -> str: ...


class ScreeningResult(Protocol):
    """What a screener returns: the lane a moderator reviews it in, whether it waits for one,
    the 999 and crime-report advice the writer is shown, and the findings behind them."""

    @property
    def lane(self) -> str: ...
    @property
    def held(self) -> bool: ...
    @property
    def is_emergency(self) -> bool: ...
    @property
    def needs_crime_report_advice(self) -> bool: ...
    @property
    def reasons(self) -> tuple[str, ...]: ...
    @property
    def findings(self) -> Sequence[Finding]: ...


class Screener(Protocol):
    def __call__(self, text: str, *, title: str = ..., at_risk: bool = ...) -> ScreeningResult: ...


def screener() -> Screener:
    """The screener settings name now: read on every call, so a test that overrides
    CONCERN_SCREENER is screened by its own; importing it is cached on the path."""
    return _imported(settings.CONCERN_SCREENER)


@cache
def _imported(path: str) -> Screener:
    return import_string(path)  # held to Screener where it is defined


def screen_submission(*, title: str, body: str, at_risk: bool = False) -> ScreeningResult:
    """The screener's result: `.lane`, `.held`, `.is_emergency`, `.needs_crime_report_advice`
    and `.findings` (each with detector, lane, start, end, reason). `at_risk`: the writer
    answered that a child or vulnerable adult is at risk (engage.safety). Cached on its
    arguments and the screener's path: a submit asks in the view (the 999 gate) and again in
    the service that stores the post, and the screener is a pure function of them."""
    return _screened(settings.CONCERN_SCREENER, title=title, body=body, at_risk=at_risk)


@lru_cache(maxsize=16)
def _screened(path: str, *, title: str, body: str, at_risk: bool) -> ScreeningResult:
    return _imported(path)(body, title=title, at_risk=at_risk)


def as_record(screening: ScreeningResult) -> list[dict[str, object]]:
    """Findings as stored on the concern; spans are into the title or the text (`field`)."""
    return [
        {
            "detector": f.detector,
            "lane": f.lane,
            "field": getattr(f, "field", "text"),
            "start": f.start,
            "end": f.end,
            "reason": f.reason,
        }
        for f in screening.findings
    ]
