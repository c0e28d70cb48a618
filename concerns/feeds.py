"""Atom feeds of public concerns: per neighbourhood, per tag, and one concern's replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.module_loading import import_string
from django.utils.text import capfirst
from taggit.models import Tag

from concerns.models import Concern, Reply
from concerns.states import PUBLIC_STATES
from engage.models import Neighbourhood

ITEMS = 30


class ConcernsFeed(Feed):
    feed_type = Atom1Feed

    def items(self, obj: Any) -> QuerySet[Concern]:
        return (
            self.concerns(obj)
            .select_related("neighbourhood", "author")
            .order_by("-published_at")[:ITEMS]
        )

    def item_title(self, item: Concern) -> str:
        return f"{item.title} ({item.get_status_display()})"

    def item_description(self, item: Concern) -> str:
        return item.body_html  # already cleaned once by engage.text

    if TYPE_CHECKING:  # each feed below says which concerns it lists

        def concerns(self, obj: Any) -> QuerySet[Concern]: ...

    def item_pubdate(self, item: Concern) -> datetime | None:
        return item.published_at

    def item_author_name(self, item: Concern) -> str | None:
        return capfirst(item.public_author)


@dataclass(frozen=True)
class FeedExtra:
    """An entry another app adds to a neighbourhood's feed (settings.NEIGHBOURHOOD_FEED_EXTRAS
    names functions of the neighbourhood returning dicts with these keys), so concerns imports
    none of those apps. `summary` is HTML, escaped by the app that made it."""

    title: str
    link: str
    updated: datetime
    summary: str

    def get_absolute_url(self) -> str:
        return self.link


def feed_extras(neighbourhood: Neighbourhood) -> list[FeedExtra]:
    return [
        FeedExtra(**entry)
        for path in settings.NEIGHBOURHOOD_FEED_EXTRAS
        for entry in import_string(path)(neighbourhood)
    ]


class NeighbourhoodFeed(ConcernsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Neighbourhood:
        return get_object_or_404(Neighbourhood, slug=slug)

    # The syndication view only iterates the items: a list of both kinds will do.
    def items(self, obj: Neighbourhood) -> list[Concern | FeedExtra]:  # type: ignore[override]
        entries: list[Concern | FeedExtra] = [*super().items(obj), *feed_extras(obj)]
        return sorted(entries, key=_updated, reverse=True)[:ITEMS]

    def item_title(self, item: Concern | FeedExtra) -> str:
        return item.title if isinstance(item, FeedExtra) else super().item_title(item)

    def item_description(self, item: Concern | FeedExtra) -> str:
        return item.summary if isinstance(item, FeedExtra) else super().item_description(item)

    def item_pubdate(self, item: Concern | FeedExtra) -> datetime | None:
        return item.updated if isinstance(item, FeedExtra) else super().item_pubdate(item)

    def item_author_name(self, item: Concern | FeedExtra) -> str | None:
        return None if isinstance(item, FeedExtra) else super().item_author_name(item)

    def title(self, obj: Neighbourhood) -> str:
        return f"Concerns in {obj.name}"

    def link(self, obj: Neighbourhood) -> str:
        return obj.get_absolute_url()

    def concerns(self, obj: Neighbourhood) -> QuerySet[Concern]:
        return Concern.objects.public().filter(neighbourhood=obj)


def _updated(item: Concern | FeedExtra) -> datetime:
    when = item.updated if isinstance(item, FeedExtra) else item.published_at
    return when or datetime.min.replace(tzinfo=UTC)


def public_tags() -> QuerySet[Tag]:
    """Tags are saved at submission, before moderation: only those on a public concern exist
    as far as the public can tell."""
    return Tag.objects.filter(concern__status__in=PUBLIC_STATES).distinct()


class TagFeed(ConcernsFeed):
    def get_object(self, request: HttpRequest, tag: str) -> Tag:
        return get_object_or_404(public_tags(), name=tag)

    def title(self, obj: Tag) -> str:
        return f"Concerns tagged “{obj.name}”"

    def link(self, obj: Tag) -> str:
        return reverse("concerns:list") + "?" + urlencode({"tag": obj.name})

    def concerns(self, obj: Tag) -> QuerySet[Concern]:
        return Concern.objects.public().filter(tags=obj)


class ConcernRepliesFeed(Feed):
    """Officers' replies to one public concern; 404 for any concern not public."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, ref: str) -> Concern:
        concern = Concern.objects.filter(ref=ref.upper(), status__in=PUBLIC_STATES).first()
        if concern is None:
            raise Http404("No public concern has that reference.")
        return concern

    def title(self, obj: Concern) -> str:
        return f"Replies to “{obj.title}”"

    def link(self, obj: Concern) -> str:
        return obj.get_absolute_url()

    def items(self, obj: Concern) -> QuerySet[Reply]:
        return obj.replies.published().order_by("-created_at")[:ITEMS]

    def item_title(self, item: Reply) -> str:
        return f"Reply from {item.badge}"

    def item_description(self, item: Reply) -> str:
        return item.body_html

    def item_link(self, item: Reply) -> str:
        return item.concern.get_absolute_url() + f"#reply-{item.pk}"

    def item_pubdate(self, item: Reply) -> datetime:
        return item.created_at
