"""The redaction editor's two halves: cut a text into plain and flagged segments for display,
and replace chosen spans with "[removed]". Pure functions over the stored screening findings."""

from __future__ import annotations

from dataclasses import dataclass

REMOVED = "[removed]"


@dataclass(frozen=True)
class Segment:
    text: str
    span: str = ""  # "field:start:end" for a flagged span, empty for plain text
    reason: str = ""
    detector: str = ""


def spans_of(findings: list[dict], field: str, length: int) -> list[dict]:
    """Findings with a real span in `field`, inside the text, without overlaps (the earlier,
    longer span wins), in order."""
    chosen: list[dict] = []
    candidates = sorted(
        (
            f
            for f in findings
            if f.get("field", "text") == field and f["end"] > f["start"] and f["end"] <= length
        ),
        key=lambda f: (f["start"], -(f["end"] - f["start"])),
    )
    for finding in candidates:
        if not chosen or finding["start"] >= chosen[-1]["end"]:
            chosen.append(finding)
    return chosen


def segments(text: str, findings: list[dict], field: str) -> list[Segment]:
    out: list[Segment] = []
    cursor = 0
    for finding in spans_of(findings, field, len(text)):
        if finding["start"] > cursor:
            out.append(Segment(text[cursor : finding["start"]]))
        out.append(
            Segment(
                text[finding["start"] : finding["end"]],
                span=f"{field}:{finding['start']}:{finding['end']}",
                reason=finding["reason"],
                detector=finding["detector"],
            )
        )
        cursor = finding["end"]
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out


def parse_span(value: str) -> tuple[str, int, int] | None:
    try:
        field, start, end = value.split(":")
        start_i, end_i = int(start), int(end)
    except ValueError:
        return None
    if field not in ("title", "text") or not 0 <= start_i < end_i:
        return None
    return field, start_i, end_i


def remove_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each (start, end) with [removed]; spans outside the text or overlapping an
    earlier one are ignored, so a tampered form can't garble the text."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if end <= len(text) and (not kept or start >= kept[-1][1]):
            kept.append((start, end))
    for start, end in reversed(kept):
        text = text[:start] + REMOVED + text[end:]
    return text
