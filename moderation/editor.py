"""What the item page shows and how its decision form becomes a Verdict: the post re-screened
now (so highlighted spans always match the text as it stands), cut into segments the moderator
can remove with one click, or edit freely."""

from __future__ import annotations

from dataclasses import dataclass

from moderation import redaction
from moderation.forms import DecisionForm
from moderation.models import Action, QueueItem
from moderation.redaction import Segment
from moderation.screening import screen
from moderation.services import Verdict

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class ItemView:
    title: str | None            # None for a resident update (no title)
    body: str
    title_segments: list[Segment]
    body_segments: list[Segment]
    findings: list[dict]
    lane: str

    @property
    def span_ids(self) -> list[str]:
        return [s.span for s in self.title_segments + self.body_segments if s.span]


def item_view(item: QueueItem) -> ItemView:
    subject = item.subject
    title = subject.title if item.has_title else None
    result = screen(subject.body, title=title or "")
    findings = [{"detector": f.detector, "lane": f.lane, "field": f.field, "start": f.start,
                 "end": f.end, "reason": f.reason} for f in result.findings]
    return ItemView(title=title, body=subject.body,
                    title_segments=redaction.segments(title or "", findings, "title"),
                    body_segments=redaction.segments(subject.body, findings, "text"),
                    findings=findings, lane=result.lane)


def verdict_from(form: DecisionForm, item: QueueItem) -> Verdict:
    """Turn the decision form into a Verdict. Redactions: ticked spans become [removed]; a
    free edit of the text (when the moderator changed it) wins over ticks."""
    data = form.cleaned_data
    verdict = Verdict(action=data["action"], version=data["version"],
                      reason_code=form.reason_code(), reason_extra=data["reason_extra"],
                      diverted_to=data["diverted_to"])
    if verdict.action == Action.REDACT:
        verdict.title, verdict.body = redacted_text(item, data)
    return verdict


def redacted_text(item: QueueItem, data: dict) -> tuple[str | None, str]:
    subject = item.subject
    title = subject.title if item.has_title else None
    spans = [parsed for parsed in map(redaction.parse_span, data.get("remove") or []) if parsed]
    body = redaction.remove_spans(subject.body, [(s, e) for f, s, e in spans if f == "text"])
    if title is not None:
        title = redaction.remove_spans(title, [(s, e) for f, s, e in spans if f == "title"])
    if data.get("edited_body", "").strip() and data["edited_body"].strip() != subject.body.strip():
        body = data["edited_body"]
    if title is not None and data.get("edited_title", "").strip() and \
            data["edited_title"].strip() != subject.title:
        title = data["edited_title"]
    return title, body


def csv_safe(value: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula (CSV injection)."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value
