"""Screening at submit: what a post contains that a moderator must see before the public does.

`screen(text, title=..., recent_texts=...)` runs every detector in DETECTORS over the title and
the text and returns a `Screening`. Pure and fast: no models, no I/O, every pattern compiled at
import; 5,000 characters take a few milliseconds, so it runs in the request.

The lanes, most serious first:

- urgent: emergency language. The author is shown the 999 page (text relay 18000) before the
  post is accepted; never published automatically.
- safeguarding: domestic abuse, a child at risk, self-harm. Private, never published. Self-harm
  also trips the emergency detector and the urgent lane wins, so the 999 advice comes first.
- personal_data: phone numbers, emails, postcodes, addresses, plates, NI numbers, dates of birth,
  card and bank numbers, a named person next to an accusation.
- standard: everything else, including abuse and spam (held) and crime-report language (not
  held: it only makes the submit page offer 101 or the online report).

Held means a moderator must decide before publication: any finding holds the post except
crime-report language, whose advice alone does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from moderation.detectors import (LANES, STANDARD, TEXT, TITLE, URGENT, Context, Detector,
                                  Finding, fold)
from moderation.detectors.abuse import abuse
from moderation.detectors.accusation import named_accusation
from moderation.detectors.crime_report import crime_report
from moderation.detectors.emergency import emergency
from moderation.detectors.personal_data import (address, bank_details, card_number,
                                                date_of_birth, email, ni_number, phone,
                                                postcode, vehicle_plate)
from moderation.detectors.safeguarding import safeguarding
from moderation.detectors.spam import spam

__all__ = ["DETECTORS", "LANES", "NOT_HELD", "Finding", "Screening", "screen"]

DETECTORS: tuple[Detector, ...] = (
    emergency, safeguarding,
    phone, email, postcode, address, vehicle_plate, ni_number, date_of_birth, card_number,
    bank_details, named_accusation,
    crime_report, abuse, spam,
)
NOT_HELD = frozenset({"crime_report"})


@dataclass(frozen=True)
class Screening:
    """The findings on one post, and what they mean for it."""

    findings: tuple[Finding, ...] = ()

    @property
    def lane(self) -> str:
        """The most serious lane among the findings: urgent > safeguarding > personal_data >
        standard."""
        return min((finding.lane for finding in self.findings), key=LANES.index,
                   default=STANDARD)

    @property
    def held(self) -> bool:
        """True when a moderator must see the post before the public does."""
        return any(finding.detector not in NOT_HELD for finding in self.findings)

    @property
    def is_emergency(self) -> bool:
        return any(finding.lane == URGENT for finding in self.findings)

    @property
    def needs_crime_report_advice(self) -> bool:
        """Offer 101 or the online report; an emergency gets the 999 page instead."""
        return not self.is_emergency and "crime_report" in self.detectors

    @property
    def detectors(self) -> frozenset[str]:
        return frozenset(finding.detector for finding in self.findings)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Each distinct reason once, most serious lane first: what the author and moderator
        are told."""
        ordered = sorted(self.findings, key=lambda finding: LANES.index(finding.lane))
        return tuple(dict.fromkeys(finding.reason for finding in ordered))

    def spans(self, detector: str | None = None, *, field: str = TEXT) -> list[tuple[int, int]]:
        """The distinct spans to highlight in one field, in order (whole-text findings have no
        span)."""
        return sorted({(finding.start, finding.end) for finding in self.findings
                       if finding.field == field and not finding.is_whole_text
                       and (detector is None or finding.detector == detector)})


def screen(text: str, *, title: str = "", recent_texts: Sequence[str] = ()) -> Screening:
    """Run every detector over the title and the text. `recent_texts` are the author's recent
    posts, for the duplicate check."""
    findings: list[Finding] = []
    for field, value, recent in ((TITLE, title, ()), (TEXT, text, tuple(recent_texts))):
        if not value:
            continue
        context = Context(field=field, recent_texts=recent, folded=fold(value))
        for detector in DETECTORS:
            findings.extend(detector(value, context))
    findings.sort(key=lambda f: (f.field != TITLE, f.start, f.end, f.detector))
    return Screening(tuple(findings))
