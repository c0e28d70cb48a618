"""What Open311 reads, shaped as the spec's trees. Only published concerns ever leave: every
read starts from `Concern.objects.public()`, so held, returned, rejected, diverted, hidden and
withdrawn concerns are neither listed nor fetchable by id, at any state. No author, no email,
no screening, ever: a request carries its reference, category, text, neighbourhood, team,
dates and the team's official answer.

Status mapping (our state -> Open311 status):
    published, acknowledged, in_progress, responded -> open   (concerns.states.OPEN_STATES)
    resolved, closed                                -> closed
`status_notes` is the team's "you said, we did" outcome if one is recorded, else its latest
published reply, else absent. `requested_datetime` is when the concern was published (when it
entered the public record: what happened before moderation is not public), and the range
filters match it. `updated_datetime` is the later of the last status change and the latest
published reply. Our concerns carry no point (only a neighbourhood and a street or landmark),
so `lat`/`long` are left out rather than invented: georeport and the spec's other consumers
read requests without them. `address` is the neighbourhood's name, `address_id` its slug.
"""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from api.models import ApiSubmission
from api.open311.formats import Open311Error, w3c
from api.open311.params import MAX_REQUESTS, RequestFilters
from concerns.models import Category, Concern, ConcernQuerySet, Reply
from concerns.states import OPEN_STATES, PUBLIC_STATES
from engage import geometry
from engage.models import Neighbourhood

CLOSED_STATES = PUBLIC_STATES - OPEN_STATES
STATES_FOR = {"open": OPEN_STATES, "closed": CLOSED_STATES}
GROUP = "Neighbourhood concerns"
SERVICE_TYPE = "batch"  # a POST answers with a token: the concern is public only once moderated
REQUEST_FIELDS = (
    "ref",
    "title",
    "body",
    "status",
    "outcome",
    "published_at",
    "status_changed_at",
    "category__name",
    "category__slug",
    "neighbourhood__name",
    "neighbourhood__slug",
    "neighbourhood__team__name",
)


def open311_status(status: str) -> str:
    return "open" if status in OPEN_STATES else "closed"


def active_categories() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).order_by("position", "name")


def service_tree(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.slug,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": False,  # the attributes are all optional: no definition call is needed
        "type": SERVICE_TYPE,
        "keywords": "",
        "group": GROUP,
    }


def service_list() -> list[dict[str, Any]]:
    """Our active concern categories, as services (one query)."""
    return [service_tree(category) for category in active_categories()]


def service_for(code: str) -> Category | None:
    return active_categories().filter(slug=code).first()


def required_service(code: str) -> Category:
    """The active category with this service_code, or the spec's 404."""
    category = service_for(code) if code else None
    if category is None:
        if not code:
            raise Open311Error(400, "service_code is required: GET services lists them.")
        raise Open311Error(404, f"No service has service_code {code!r}: GET services lists them.")
    return category


def _published_replies() -> QuerySet[Reply]:
    return Reply.objects.published().filter(concern=OuterRef("pk")).order_by("-created_at", "-id")


def public_requests() -> ConcernQuerySet:
    """Published concerns with what a request shows, in one query (a constant count)."""
    latest = _published_replies()
    return (
        Concern.objects.public()
        .select_related("category", "neighbourhood__team")
        .only(*REQUEST_FIELDS)
        .annotate(
            latest_reply=Subquery(latest.values("body")[:1]),
            latest_reply_at=Subquery(latest.values("created_at")[:1]),
        )
    )


def request_tree(concern: Any) -> dict[str, Any]:
    team = concern.neighbourhood.team
    updated = max(filter(None, (concern.status_changed_at, concern.latest_reply_at)))
    return {
        "service_request_id": concern.ref,
        "status": open311_status(concern.status),
        "status_notes": concern.outcome or concern.latest_reply or None,
        "service_name": concern.category.name,
        "service_code": concern.category.slug,
        "title": concern.title,  # FixMyStreet's extension: our concerns have one
        "description": concern.body,
        "agency_responsible": team.name if team else None,
        "requested_datetime": w3c(concern.published_at),
        "updated_datetime": w3c(updated),
        "address": concern.neighbourhood.name,
        "address_id": concern.neighbourhood.slug,
        "media_url": "",
    }


def service_requests(filters: RequestFilters) -> list[Concern]:
    """Newest first, at most MAX_REQUESTS, no OFFSET: ids override every other filter."""
    queryset = public_requests()
    if filters.ids:
        queryset = queryset.filter(ref__in=filters.ids)
    else:
        queryset = queryset.filter(published_at__gte=filters.start, published_at__lte=filters.end)
        if filters.service_codes:
            queryset = queryset.filter(category__slug__in=filters.service_codes)
        if filters.statuses:
            wanted = set().union(*(STATES_FOR[status] for status in filters.statuses))
            queryset = queryset.filter(status__in=wanted)
    return list(queryset.order_by("-published_at", "-id")[:MAX_REQUESTS])


def service_request(ref: str) -> Concern | None:
    return public_requests().filter(ref=ref.upper()).first()


def published_ref_for_token(token: str) -> tuple[bool, str | None]:
    """(whether the token exists, the concern's reference if it is now published)."""
    row = (
        ApiSubmission.objects.filter(token=token)
        .values_list("concern__ref", "concern__status")
        .first()
    )
    if row is None:
        return False, None
    ref, status = row
    return True, ref if status in PUBLIC_STATES else None


def neighbourhood_at(lat: float, lng: float) -> Neighbourhood | None:
    """The neighbourhood whose boundary holds the point (engage's ward shapes)."""
    for place in Neighbourhood.objects.filter(boundary__isnull=False).only("slug", "boundary"):
        if geometry.contains(place.boundary, lat, lng):
            return place
    return None
