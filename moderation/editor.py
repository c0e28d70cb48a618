"""What the item page shows and how its decision form becomes a Ruling: the post re-screened
now (so highlighted spans always match the text as it stands), cut into segments the moderator
can remove with one click, or edit freely."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from engage.refusals import NotAllowed
from moderation import redaction
from moderation.detectors import PERSONAL_DATA, SAFEGUARDING, URGENT, Finding
from moderation.forms import DecisionForm
from moderation.models import Action, QueueItem
from moderation.redaction import Segment
from moderation.screening import screen
from moderation.services import Ruling

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
STILL_HELD = frozenset({URGENT, SAFEGUARDING, PERSONAL_DATA})


@dataclass
class ItemView:
    title: str | None  # None for a resident update (no title)
    body: str
    title_segments: list[Segment]
    body_segments: list[Segment]
    findings: list[dict]
    lane: str

    @property
    def span_ids(self) -> list[str]:
        return [s.span for s in self.title_segments + self.body_segments if s.span]

    @property
    def reasons(self) -> list[str]:
        """What screening found, each reason once (a reason found twice is one concern)."""
        return list(dict.fromkeys(f["reason"] for f in self.findings))


def item_view(item: QueueItem) -> ItemView:
    subject = item.subject
    title = subject.title if item.has_title else None
    result = screen(subject.body, title=title or "")
    findings = [_as_dict(f) for f in result.findings]
    # What the background pass found that the text alone does not show (a repeat of the
    # author's earlier posts): kept on the post, listed with the rest.
    seen = {(f["detector"], f["field"]) for f in findings}
    findings += [
        f
        for f in getattr(subject, "screening", []) or []
        if (f["detector"], f.get("field", "text")) not in seen
    ]
    # Only personal data is offered for removal: "break-in" or "happening now" is why a post
    # is urgent, not something to cut out of it.
    removable = [f for f in findings if f.get("lane") == PERSONAL_DATA]
    return ItemView(
        title=title,
        body=subject.body,
        title_segments=redaction.segments(title or "", removable, "title"),
        body_segments=redaction.segments(subject.body, removable, "text"),
        findings=findings,
        lane=result.lane,
    )


@dataclass(frozen=True)
class Change:
    kind: str  # "same", "removed" or "added"
    text: str


def version_diff(before: str, after: str) -> list[Change]:
    """Word by word, what changed between the returned version and the resubmitted one."""
    old, new = re.findall(r"\S+|\s+", before), re.findall(r"\S+|\s+", after)
    changes: list[Change] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            changes.append(Change("same", "".join(old[i1:i2])))
            continue
        if i2 > i1:
            changes.append(Change("removed", "".join(old[i1:i2])))
        if j2 > j1:
            changes.append(Change("added", "".join(new[j1:j2])))
    return changes


def _as_dict(finding: Finding) -> dict[str, object]:
    return {
        "detector": finding.detector,
        "lane": finding.lane,
        "field": finding.field,
        "start": finding.start,
        "end": finding.end,
        "reason": finding.reason,
    }


class RedactionIncomplete(NotAllowed):
    """The redacted text still holds what screening treats as personal or urgent."""


def ruling_from(form: DecisionForm, item: QueueItem) -> Ruling:
    """Turn the decision form into a Ruling. Redactions: ticked spans become [removed]; the
    moderator's own edit is used only when they say so; the result is screened again."""
    data = form.cleaned_data
    ruling = Ruling(
        action=data["action"],
        version=data["version"],
        reason_code=form.reason_code(),
        reason_extra=data["reason_extra"],
        diverted_to=data["diverted_to"],
    )
    if ruling.action == Action.REDACT:
        ruling.title, ruling.body = redacted_text(item, data)
        if not data.get("accept_remaining"):
            check_redaction(ruling.title or "", ruling.body)
    return ruling


def redacted_text(item: QueueItem, data: dict) -> tuple[str | None, str]:
    subject = item.subject
    title = subject.title if item.has_title else None
    if data.get("use_edit"):
        body = _newlines(data.get("edited_body") or "")
        if not body.strip():
            raise NotAllowed(
                "Your edited text is empty. Untick “publish my edited text” to "
                "use the ticked removals instead."
            )
        if title is not None and (data.get("edited_title") or "").strip():
            title = data["edited_title"]
        return title, body
    spans = [parsed for parsed in map(redaction.parse_span, data.get("remove") or []) if parsed]
    if not spans:
        raise NotAllowed(
            "Tick what to remove, or edit the text yourself, to approve with redactions."
        )
    body = redaction.remove_spans(subject.body, [(s, e) for f, s, e in spans if f == "text"])
    if title is not None:
        title = redaction.remove_spans(title, [(s, e) for f, s, e in spans if f == "title"])
    return title, body


def check_redaction(title: str, body: str) -> None:
    remaining = [f for f in screen(body, title=title).findings if f.lane in STILL_HELD]
    if remaining:
        found = "; ".join(sorted({f.reason for f in remaining}))
        raise RedactionIncomplete(
            f"The text still contains: {found}. Tick it too, edit it out, "
            "or confirm you have checked it is not personal information."
        )


def _newlines(text: str) -> str:
    """Browsers send \r\n; stored text has \n. Compare and store one form."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def csv_safe(value: str) -> str:
    """Text a spreadsheet will show as text, never run as a formula (CSV injection)."""
    return "'" + value if value.startswith(CSV_FORMULA_START) else value
