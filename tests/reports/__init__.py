"""Helpers for the report counter's tests: a stolen bike's answers, step by step."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from reports.models import ReportDraft

BIKE_STEPS = {
    "when": {
        "day": "2",
        "month": "3",
        "year": "2026",
        "precision": "between",
        "start": "08:00",
        "end": "17:30",
    },
    "where": {"postcode": "nw1 7ab", "place": "The bike racks outside Camden library"},
    "what": {"text": "My bike was taken from the rack outside the library while I was at work."},
    "people": {"suspect_known": "no", "descriptions": ""},
    "witnesses": {"any": "no", "details": ""},
    "contact": {
        "phone": "07700 900 982",
        "email": "resident@example.com",
        "best_times": "Evenings",
        "avoid_times": "Not before 9am",
        "needs": "",
    },
}
BIKE_ITEM = {"description": "Black Brompton folding bike", "value": "1450", "serial": "BR12345"}


def url(draft: ReportDraft, step: str, change: bool = False) -> str:
    if step in ("check", "sent"):
        path = reverse(f"reports:{step}", kwargs={"draft": draft.pk})
    else:
        path = reverse("reports:step", kwargs={"draft": draft.pk, "step": step})
    return path + ("?change=1" if change else "")


def start(client: Client, kind: str = "crime.theft") -> ReportDraft:
    """Choose a type on /report/ (the danger questions already answered): a new draft."""
    before = set(ReportDraft.objects.values_list("pk", flat=True))
    response = client.post(reverse("reports:start"), {"kind": kind})
    assert response.status_code == 302, response.content
    return ReportDraft.objects.exclude(pk__in=before).get()
