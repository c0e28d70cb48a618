"""`{% load team_reports %}{% team_reports officer %}`: the reports passed to an officer's team,
on the team dashboard (a concerns page) without concerns importing reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import template

from casework.models import Case, Counter

if TYPE_CHECKING:
    from engage.models import Officer

register = template.Library()
SHOWN = 5


@register.inclusion_tag("reports/_team_reports.html")
def team_reports(officer: Officer) -> dict[str, object]:
    """The newest open reports with the team (the dashboard is for verified officers after
    two-factor, who may see exactly these: casework.access)."""
    cases = list(
        Case.objects.filter(counter=Counter.REPORT)
        .of_team(officer.team_id)
        .open()
        .select_related("neighbourhood")
        .order_by("-triaged_at", "-id")[: SHOWN + 1]
    )
    return {"cases": cases[:SHOWN], "more": len(cases) > SHOWN}
