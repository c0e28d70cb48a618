"""The staff figures page (/staff/report-figures/): reports per type and ward, time to triage
and share within target, for call handlers (every report) and verified officers (their team's
neighbourhoods). Two-factor first; anyone else gets a 404, as for a page that is not there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from engage import bounds, permissions
from engage.http import SignedInRequest
from engage.two_factor import staff_view
from reports.figures import public_safe, report_figures

PERIODS = (7, 30, 90)
DEFAULT_DAYS = 30


def figures_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Call handlers and verified officers only (after two-factor); a moderator, an admin or a
    resident is told the page does not exist rather than that it is not for them."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not (
            permissions.is_call_handler(user) or permissions.is_officer(user)
        ):
            raise Http404
        return staff_view(view)(request, *args, **kwargs)

    return wrapper


@figures_view
def index(request: SignedInRequest) -> HttpResponse:
    days = _days(request.GET.get("days", ""))
    until = timezone.now()
    officer = permissions.officer_of(request.user)
    everywhere = permissions.is_call_handler(request.user) or officer is None
    figures = report_figures(
        since=until - timedelta(days=days),
        until=until,
        team_id=None if everywhere or officer is None else officer.team_id,
    )
    if not everywhere:
        # An officer sees their patch's reports counted, not only those passed to their team,
        # so small numbers are hidden as in public: "1 hate crime in your ward" names a report
        # they may not open.
        figures = public_safe(figures)
    context = {"figures": figures, "days": days, "periods": PERIODS, "everywhere": everywhere}
    if not everywhere and officer is not None:
        context["team"] = officer.team
    return render(request, "reports/figures.html", context)


def _days(text: str) -> int:
    days = bounds.parse_id(text)
    return days if days in PERIODS else DEFAULT_DAYS
