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

import html
import re
import unicodedata
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
    posts, for the duplicate check. Text written to slip past the detectors but shown plainly
    once rendered (HTML entities, full-width digits, invisible characters, Markdown emphasis or
    tags inside a number) is screened in its plain form too; what only the plain form shows is
    reported for the whole field, since its spans do not index what the author typed."""
    findings: list[Finding] = []
    for field, value, recent in ((TITLE, title, ()), (TEXT, text, tuple(recent_texts))):
        if not value:
            continue
        found = _run(value, field, tuple(recent))
        plain = plain_form(value)
        if plain != value:
            seen = {finding.detector for finding in found}
            found += [Finding(f.detector, f.lane, 0, 0, f"{f.reason} (written in disguise)",
                              field)
                      for f in _run(plain, field, ()) if f.detector not in seen]
        findings.extend(found)
    findings.sort(key=lambda f: (f.field != TITLE, f.start, f.end, f.detector))
    return Screening(tuple(findings))


def _run(value: str, field: str, recent: tuple[str, ...]) -> list[Finding]:
    context = Context(field=field, recent_texts=recent, folded=fold(value))
    return [finding for detector in DETECTORS for finding in detector(value, context)]


_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
     *range(0x2060, 0x2070), 0xFEFF], None)
_MARKUP = re.compile(r"</?[A-Za-z][^>]{0,200}>|\*\*|__|[*_`~]")


def plain_form(value: str) -> str:
    """What a reader sees: entities decoded, compatibility forms folded (full-width digits,
    ligatures), invisible characters and Markdown/HTML markup removed."""
    plain = html.unescape(value)
    plain = unicodedata.normalize("NFKC", plain).translate(_INVISIBLE)
    return _MARKUP.sub("", plain)
