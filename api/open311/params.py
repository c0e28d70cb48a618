"""Reading GeoReport query parameters. The spec's optional-argument rule: a parameter sent
empty is a parameter not sent. Bad values are refused (400) with the parameter named, not
silently ignored: a client that mistyped a date should learn it, not get last quarter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.http import QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from api.open311.formats import Open311Error

WINDOW = timedelta(days=90)  # the spec's default range and its widest
MAX_REQUESTS = 1000  # the spec's (and FixMyStreet's) cap on one answer
MAX_IDS = 100
STATUSES = ("open", "closed")


def given(data: QueryDict, name: str) -> str:
    """The parameter stripped, '' when absent or empty."""
    return (data.get(name) or "").strip()


def listed(data: QueryDict, name: str) -> list[str]:
    return [part.strip() for part in given(data, name).split(",") if part.strip()]


def w3c_datetime(data: QueryDict, name: str) -> datetime | None:
    """A W3C (ISO 8601) datetime; one without an offset is read in the site's time zone."""
    text = given(data, name)
    if not text:
        return None
    try:
        moment = parse_datetime(text.replace(" ", "+"))  # '+' arrives as ' ' when unescaped
    except ValueError:
        moment = None
    if moment is None:
        raise Open311Error(
            400, f"{name} must be a W3C datetime like 2026-05-01T00:00:00Z, not {text!r}."
        )
    if not YEARS[0] <= moment.year <= YEARS[1]:  # 0001 or 9999 overflow the 90-day window
        raise Open311Error(400, f"{name} must fall between {YEARS[0]} and {YEARS[1]}.")
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


YEARS = (2000, 2100)


@dataclass(frozen=True)
class RequestFilters:
    """What GET requests asks for. With ids, every other filter is ignored (the spec)."""

    ids: tuple[str, ...] = ()
    service_codes: tuple[str, ...] = ()
    start: datetime | None = None
    end: datetime | None = None
    statuses: tuple[str, ...] = ()


def _window(start: datetime | None, end: datetime | None) -> tuple[datetime, datetime]:
    """Both ends given: checked. One: the other is 90 days away. None: the last 90 days."""
    if start and end:
        if end < start:
            raise Open311Error(400, "end_date is before start_date.")
        if end - start > WINDOW:
            raise Open311Error(400, "start_date to end_date may span 90 days at most.")
        return start, end
    if start:
        return start, start + WINDOW
    end = end or timezone.now()
    return end - WINDOW, end


def request_filters(data: QueryDict) -> RequestFilters:
    ids = tuple(ref.upper() for ref in listed(data, "service_request_id"))
    if len(ids) > MAX_IDS:
        raise Open311Error(400, f"Ask for at most {MAX_IDS} service_request_id values at once.")
    if ids:
        return RequestFilters(ids=ids)
    statuses = tuple(listed(data, "status"))
    unknown = [status for status in statuses if status not in STATUSES]
    if unknown:
        raise Open311Error(400, f"status must be open or closed (or both), not {unknown[0]!r}.")
    start, end = _window(w3c_datetime(data, "start_date"), w3c_datetime(data, "end_date"))
    return RequestFilters(
        service_codes=tuple(listed(data, "service_code")),
        start=start,
        end=end,
        statuses=statuses,
    )
