"""Screening a submission, through the screener named in settings.CONCERN_SCREENER.

The moderation app provides the detectors; concerns never imports moderation, it only calls
what settings name. The result is kept on the concern for moderators, never shown publicly.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


@lru_cache(maxsize=None)
def _screener():
    return import_string(settings.CONCERN_SCREENER)


@lru_cache(maxsize=16)
def screen_submission(*, title: str, body: str, at_risk: bool = False):
    """The screener's result: `.lane`, `.held`, `.is_emergency`, `.needs_crime_report_advice`
    and `.findings` (each with detector, lane, start, end, reason). `at_risk`: the writer
    answered that a child or vulnerable adult is at risk (engage.safety). Cached on its
    arguments: a submit asks in the view (the 999 gate) and again in the service that stores
    the post, and the screener is a pure function of them."""
    return _screener()(body, title=title, at_risk=at_risk)


def as_record(screening) -> list[dict]:
    """Findings as stored on the concern; spans are into the title or the text (`field`)."""
    return [{"detector": f.detector, "lane": f.lane, "field": getattr(f, "field", "text"),
             "start": f.start, "end": f.end, "reason": f.reason} for f in screening.findings]
