"""Reads shaped for the foundation pages."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django_otp.plugins.otp_static.models import StaticToken

from engage.models import Neighbourhood, PostcodeArea, TeamPriority, User
from engage.postcodes import postcode_prefixes

MAX_RESULTS = 20


@dataclass(frozen=True)
class NeighbourhoodSearch:
    query: str
    matches: list[Neighbourhood] = field(default_factory=list)
    by_postcode: bool = False


def _listing() -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.select_related("borough", "team").order_by("name")


def find_neighbourhoods(query: str) -> NeighbourhoodSearch:
    """Neighbourhoods for a postcode (sector before district), a ward code, or a name."""
    query = " ".join(query.split())
    for prefix in postcode_prefixes(query):
        ids = PostcodeArea.objects.filter(code=prefix).values("neighbourhood_id")
        matches = list(_listing().filter(pk__in=ids)[:MAX_RESULTS])
        if matches:
            return NeighbourhoodSearch(query, matches, by_postcode=True)
    text = Q(name__icontains=query) | Q(borough__name__iexact=query)
    text |= Q(ward_code__iexact=query.removesuffix("N").removesuffix("n"))
    return NeighbourhoodSearch(query, list(_listing().filter(text)[:MAX_RESULTS]))


def neighbourhoods_by_borough() -> QuerySet[Neighbourhood]:
    return Neighbourhood.objects.select_related("borough").order_by("borough__name", "name")


def neighbourhood_page(slug: str) -> Neighbourhood | None:
    """One neighbourhood with its borough, team, postcode areas and current priorities."""
    current = TeamPriority.objects.filter(is_current=True).order_by("-set_on", "title")
    return (
        Neighbourhood.objects.select_related("borough", "team")
        .prefetch_related(
            Prefetch("team__priorities", queryset=current, to_attr="current_priorities"),
            "postcode_areas",
        )
        .filter(slug=slug)
        .first()
    )


def recovery_codes_left(user: User) -> int:
    """How many unused recovery codes `user` holds (at most ten: a bounded count)."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
