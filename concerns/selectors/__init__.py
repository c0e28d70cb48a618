"""Reads shaped for concern pages. Lists use keyset pagination: no COUNT(*), no OFFSET.

One module per kind of page; callers import the package (`from concerns import selectors`) and
find every selector here.
"""

from concerns.selectors.listings import (
    CARD_FIELDS,
    concern_detail,
    concern_list,
    popular_tags,
    search_concerns,
)
from concerns.selectors.neighbourhoods import (
    ACCOUNTABILITY_SECONDS,
    ADVICE_WINDOW,
    Accountability,
    accountability,
    advice_for,
    open_concerns,
    similar_concerns,
)
from concerns.selectors.paging import PAGE_SIZE, Page, keyset_page, newest_per_status
from concerns.selectors.personal import (
    followed,
    my_concerns,
    notifications_page,
    team_dashboard,
    team_requests,
    unread_count,
    visible_notifications,
)
from concerns.selectors.timeline import (
    EVENT_ITEM_KINDS,
    TIMELINE_STATUS_KINDS,
    Timeline,
    TimelineItem,
    last_event_id,
    timeline,
    timeline_item,
)

__all__ = [
    "ACCOUNTABILITY_SECONDS",
    "ADVICE_WINDOW",
    "CARD_FIELDS",
    "EVENT_ITEM_KINDS",
    "PAGE_SIZE",
    "TIMELINE_STATUS_KINDS",
    "Accountability",
    "Page",
    "Timeline",
    "TimelineItem",
    "accountability",
    "advice_for",
    "concern_detail",
    "concern_list",
    "followed",
    "keyset_page",
    "last_event_id",
    "my_concerns",
    "newest_per_status",
    "notifications_page",
    "open_concerns",
    "popular_tags",
    "search_concerns",
    "similar_concerns",
    "team_dashboard",
    "team_requests",
    "timeline",
    "timeline_item",
    "unread_count",
    "visible_notifications",
]
