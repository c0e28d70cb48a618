"""Public: a neighbourhood's granted marches and events whose organisers agreed to publish
them (permits.PublicNotice, nothing else about an application)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from engage.models import Neighbourhood
from permits import public_selectors


def upcoming(request: HttpRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Neighbourhood.objects.only("id", "name", "slug"), slug=slug)
    page = public_selectors.upcoming_notices(place.pk, after=request.GET.get("after"))
    context = {"neighbourhood": place, "page": page}
    return render(request, "permits/public/upcoming.html", context)
