"""Screening at submit: what a post contains that a moderator must see before the public does.

`screen(text, title=..., recent_texts=...)` returns a `Screening` from two kinds of reader:

- the triage model (`moderation.triage`): what SITUATION the post describes (an emergency now,
  a safeguarding concern, a crime that has happened, or none), judged from cues composed by a
  model trained on a labelled corpus, never from one phrase (docs/moderation.md says how it
  was built and measured). Its findings are about the whole post;
- pattern detectors (DETECTORS): what DETAILS it holds (phone numbers, emails, postcodes,
  addresses, plates, NI numbers, dates of birth, card and bank numbers, handles, a named
  person), and abuse and spam, each with the span a moderator may redact.

Pure: no I/O. A submit runs `screen_in_request` (at most IN_REQUEST_CHARS read, p99 about
5 ms); the background re-screen runs `screen()` on the whole post.
The lanes, most serious first:

- urgent: an emergency. The author is shown the 999 page (text relay 18000) before the post is
  accepted; never published automatically.
- safeguarding: a child or vulnerable adult at risk, domestic abuse, self-harm. Private, never
  published.
- personal_data: the personal-data detectors.
- standard: everything else, including abuse and spam (held) and a crime to report (not held:
  it only makes the submit page offer 101 or the online report).

Held means a moderator must decide before publication: any finding holds the post except a
crime to report, whose advice alone does not.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from moderation.detectors import (
    LANES,
    SAFEGUARDING,
    STANDARD,
    TEXT,
    TITLE,
    URGENT,
    Context,
    Detector,
    Finding,
    fold,
)
from moderation.detectors.abuse import abuse
from moderation.detectors.accusation import named_accusation
from moderation.detectors.people import named_person, social_handle
from moderation.detectors.personal_data import (
    address,
    bank_details,
    card_number,
    date_of_birth,
    email,
    ni_number,
    phone,
    postcode,
    vehicle_plate,
)
from moderation.detectors.spam import spam
from moderation.detectors.spelt_numbers import spelt_phone
from moderation.lanes import lane_rank, most_serious
from moderation.triage import model as triage
from moderation.triage import statements

if TYPE_CHECKING:
    from concerns.screening import Screener

__all__ = [
    "DETECTORS",
    "IN_REQUEST_CHARS",
    "LANES",
    "NOT_HELD",
    "Finding",
    "Screening",
    "screen",
    "screen_in_request",
]

DETECTORS: tuple[Detector, ...] = (
    phone,
    spelt_phone,
    email,
    postcode,
    address,
    vehicle_plate,
    ni_number,
    date_of_birth,
    card_number,
    bank_details,
    named_accusation,
    named_person,
    social_handle,
    abuse,
    spam,
)
# The situations the triage model judges, as findings: (lane, what the moderator reads).
SITUATIONS = {
    "emergency": (URGENT, "Reads as an emergency now: call 999"),
    "safeguarding": (
        SAFEGUARDING,
        "Reads as a safeguarding concern: this goes privately to trained staff",
    ),
    "crime_report": (
        STANDARD,
        "Reads as a crime to report: 101 or the online form gets a reference",
    ),
}
NOT_HELD = frozenset({"crime_report"})


@dataclass(frozen=True)
class Screening:
    """The findings on one post, and what they mean for it."""

    findings: tuple[Finding, ...] = ()

    @property
    def lane(self) -> str:
        """The most serious lane among the findings: urgent > safeguarding > personal_data >
        standard."""
        return most_serious(finding.lane for finding in self.findings)

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
        ordered = sorted(self.findings, key=lambda finding: lane_rank(finding.lane))
        return tuple(dict.fromkeys(finding.reason for finding in ordered))

    def spans(self, detector: str | None = None, *, field: str = TEXT) -> list[tuple[int, int]]:
        """The distinct spans to highlight in one field, in order (whole-text findings have no
        span)."""
        return sorted(
            {
                (finding.start, finding.end)
                for finding in self.findings
                if finding.field == field
                and not finding.is_whole_text
                and (detector is None or finding.detector == detector)
            }
        )


SAID_AT_RISK = (
    "The writer said a child or vulnerable adult is at risk of harm: this goes "
    "privately to trained staff"
)
SAYS_WANTS_TO_DIE = (
    "Says someone wants to die or to harm themselves: this goes privately to "
    "trained staff (Samaritans: 116 123)"
)
SAYS_WANTS_TO_DIE_NOW = (
    "Says someone wants to die and it may happen now: call 999 (Samaritans: 116 123)"
)


def screen(
    text: str,
    *,
    title: str = "",
    recent_texts: Sequence[str] = (),
    at_risk: bool = False,
    model: triage.Model | None = None,
) -> Screening:
    """Run every detector over the title and the text. `recent_texts` are the author's recent
    posts, for the duplicate check; `at_risk`, the writer's answer that a child or vulnerable
    adult is at risk (the safeguarding lane, whatever the text says). Text written to slip past
    the detectors but shown plainly once rendered (HTML entities, full-width digits, invisible
    characters, Markdown emphasis or tags inside a number) is screened in its plain form too;
    what only the plain form shows is reported for the whole field, since its spans do not index
    what the author typed."""
    findings: list[Finding] = situation_findings(text, title=title, model=model)
    if at_risk:
        findings.append(Finding("at_risk", SAFEGUARDING, 0, 0, SAID_AT_RISK, TEXT))
    for field, value, recent in ((TITLE, title, ()), (TEXT, text, tuple(recent_texts))):
        if not value:
            continue
        found = _run(value, field, tuple(recent))
        plain = plain_form(value)
        if plain != value:
            seen = {finding.detector for finding in found}
            found += [
                Finding(f.detector, f.lane, 0, 0, f"{f.reason} (written in disguise)", field)
                for f in _run(plain, field, ())
                if f.detector not in seen
            ]
        findings.extend(found)
    findings.sort(key=lambda f: (f.field != TITLE, f.start, f.end, f.detector))
    return Screening(tuple(findings))


# How much of a post is read while the resident waits: p99 under 10 ms of CPU (issue 11's
# budget; `python -m bench.screening` measures it). A longer post is held, and read whole by the
# background re-screen (moderation/services/rescreening.py), which can only make its lane more
# serious.
IN_REQUEST_CHARS = 1200
LONG_POST = (
    "Longer than we can read while you wait: a moderator reads it all before it is "
    "published. If anyone is in danger now, call 999"
)


def screen_in_request(text: str, *, title: str = "", at_risk: bool = False) -> Screening:
    """`screen()` within the request's budget: the whole post when it is short, else its first
    IN_REQUEST_CHARS (cut between words) plus a `long_post` finding that holds it for the
    moderator until the background re-screen has read the rest. Spans index the text as typed,
    since the part read is its prefix."""
    if len(text) <= IN_REQUEST_CHARS:
        return screen(text, title=title, at_risk=at_risk)
    first = screen(text[: _between_words(text, IN_REQUEST_CHARS)], title=title, at_risk=at_risk)
    return Screening((*first.findings, Finding("long_post", STANDARD, 0, 0, LONG_POST, TEXT)))


def situation_findings(
    text: str, *, title: str = "", model: triage.Model | None = None
) -> list[Finding]:
    """The triage model's judgement of the whole post, read as a reader sees it (its plain
    form): a whole-text finding per situation whose probability reaches its threshold, with
    the cues behind it in the reason. `model`: the committed one unless comparing methods."""
    model = model or triage.current()
    plain = f"{plain_form(title)}\n{plain_form(text)}"
    assessments = [model.assess(plain)]
    if len(text) > IN_REQUEST_CHARS:  # never in the request, which reads at most this much
        assessments += [model.assess(part) for part in windows(plain)]
    findings = []
    for situation, (lane, reason) in SITUATIONS.items():
        assessment = max(assessments, key=lambda each: each.probabilities[situation])
        if assessment.probabilities[situation] >= model.thresholds[situation]:
            why = assessment.why(situation)
            findings.append(
                Finding(situation, lane, 0, 0, f"{reason} ({why})" if why else reason, TEXT)
            )
    said = statements.wanting_to_die(plain)
    found = {finding.detector for finding in findings}
    if said and "safeguarding" not in found:
        findings.append(Finding("safeguarding", SAFEGUARDING, 0, 0, SAYS_WANTS_TO_DIE, TEXT))
    if said == "now" and "emergency" not in found:
        findings.append(Finding("emergency", URGENT, 0, 0, SAYS_WANTS_TO_DIE_NOW, TEXT))
    return findings


# The model weighs a text as a whole, so calm sentences dilute an alarming one: one emergency
# sentence after 160 calm characters scored 0.29 (threshold 0.35), after 320 scored 0.10. The
# corpus's posts are short (median 185 characters, 99% under 420). A post longer than the
# request reads is also read sentence by sentence, and in pairs of adjacent sentences, and
# its most serious part counts. Shorter posts are judged whole, as the frozen test split
# measured the model.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def windows(plain: str) -> list[str]:
    """The parts of a long post read on their own: each sentence and each adjacent pair."""
    sentences = [part for part in _SENTENCE_END.split(plain) if part.strip()]
    return [*sentences, *(f"{one} {two}" for one, two in itertools.pairwise(sentences))]


def _between_words(text: str, at: int) -> int:
    """`at`, moved back to the last space or line break before it (at most 60 characters)."""
    if at >= len(text):
        return len(text)
    space = max(text.rfind(" ", 0, at), text.rfind("\n", 0, at))
    return space if space > at - 60 else at


def _run(value: str, field: str, recent: tuple[str, ...]) -> list[Finding]:
    context = Context(field=field, recent_texts=recent, folded=fold(value))
    return [finding for detector in DETECTORS for finding in detector(value, context)]


_INVISIBLE = dict.fromkeys(
    [
        0x00AD,
        0x034F,
        0x061C,
        0x180E,
        *range(0x200B, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2060, 0x2070),
        0xFEFF,
    ],
    None,
)
_MARKUP = re.compile(r"</?[A-Za-z][^>]{0,200}>|\*\*|__|[*_`~]")


def plain_form(value: str) -> str:
    """What a reader sees: entities decoded, compatibility forms folded (full-width digits,
    ligatures), invisible characters and Markdown/HTML markup removed."""
    plain = html.unescape(value)
    plain = unicodedata.normalize("NFKC", plain).translate(_INVISIBLE)
    return _MARKUP.sub("", plain)


if TYPE_CHECKING:
    # settings.CONCERN_SCREENER names it by path, which mypy cannot follow: held here to the
    # shape concerns calls it with.
    _as_concern_screener: Screener = screen_in_request
