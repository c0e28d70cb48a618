"""The neighbourhood's Atom feed (concerns.feeds) lists its granted marches and events too,
through settings.NEIGHBOURHOOD_FEED_EXTRAS, so concerns never imports permits. Each entry is
made from a PublicNotice alone: what, when, where, route and road closures, nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.urls import reverse

from permits import public_selectors

if TYPE_CHECKING:
    from engage.models import Neighbourhood

FEED_NOTICES = 10


def notice_entries(neighbourhood: Neighbourhood) -> list[dict[str, object]]:
    """Entries (title, link, updated, summary as escaped HTML) for the upcoming notices."""
    page = reverse("notices:upcoming", kwargs={"slug": neighbourhood.slug})
    return [
        {
            "title": f"March or event: {notice.title}",
            "link": f"{page}#notice-{notice.pk}",
            "updated": notice.published_at,
            "summary": render_to_string("permits/public/feed_summary.html", {"notice": notice}),
        }
        for notice in public_selectors.feed_notices(neighbourhood.pk, FEED_NOTICES)
    ]
