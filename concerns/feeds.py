"""Atom feeds of public concerns: per neighbourhood, per tag, and one concern's replies."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
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

    def item_author_name(self, item: Concern) -> str:
        return capfirst(item.public_author)


class NeighbourhoodFeed(ConcernsFeed):
    def get_object(self, request: HttpRequest, slug: str) -> Neighbourhood:
        return get_object_or_404(Neighbourhood, slug=slug)

    def title(self, obj: Neighbourhood) -> str:
        return f"Concerns in {obj.name}"

    def link(self, obj: Neighbourhood) -> str:
        return obj.get_absolute_url()

    def concerns(self, obj: Neighbourhood) -> QuerySet[Concern]:
        return Concern.objects.public().filter(neighbourhood=obj)


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
