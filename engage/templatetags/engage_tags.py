"""Words for times: "just now", "5 minutes ago", "2 hours 10 minutes"; never "0 minutes"."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone

register = template.Library()

UNITS = [("day", 86400), ("hour", 3600), ("minute", 60)]


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


@register.filter
def duration(value: timedelta | None, parts: int = 2) -> str:
    """A length of time in at most `parts` units: "8 minutes", "2 hours 5 minutes", "3 days"."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    if seconds < 60:
        return "less than a minute"
    words = []
    for unit, size in UNITS:
        if seconds >= size and len(words) < parts:
            words.append(_count(seconds // size, unit))
            seconds %= size
        elif words:
            break  # "2 days 3 minutes" reads oddly: stop at the first unit skipped
    return " ".join(words)


@register.filter
def ago(value: datetime | None) -> str:
    """How long ago, in its largest unit: "just now", "5 minutes ago", "yesterday"."""
    if value is None:
        return ""
    seconds = (timezone.now() - value).total_seconds()
    if seconds < 60:
        return "just now"
    if 86400 <= seconds < 2 * 86400:
        return "yesterday"
    return f"{duration(timedelta(seconds=seconds), parts=1)} ago"
