"""Moderator pages: the queue, one item, the decision log (and its CSV), the dashboard.

Every view is behind `moderator_view`: signed in, a moderator, two-factor passed. Items outside
a scoped moderator's neighbourhoods are 404s, exactly like items that do not exist.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from engage import bounds, permissions
from engage.http import SignedInRequest
from engage.models import Neighbourhood
from engage.refusals import Refusal
from engage.two_factor import staff_view
from moderation import editor, selectors, services
from moderation.forms import (
    BulkForm,
    DecisionForm,
    EscalateForm,
    MoveLaneForm,
    NoteForm,
    QueueFilterForm,
    SanctionForm,
)
from moderation.models import Lane, QueueItem
from moderation.services import escalation, learning, queue, sanctions

if TYPE_CHECKING:
    from engage.models import User


def moderator_view(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @staff_view
    @wraps(view)
    def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not permissions.is_moderator(request.user):
            raise PermissionDenied("This page is for moderators.")
        return view(request, *args, **kwargs)

    return wrapper


def _neighbourhoods(user: User) -> QuerySet[Neighbourhood]:
    return user.moderator.scope.filter(Neighbourhood.objects.order_by("name"), "pk")


@moderator_view
def queue_page(request: SignedInRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET, neighbourhoods=_neighbourhoods(request.user))
    filters = (
        selectors.QueueFilters(**form.cleaned_data) if form.is_valid() else selectors.QueueFilters()
    )
    after = request.GET.get("after", "")
    if after and selectors.decode_cursor(after) is None:
        return HttpResponseBadRequest("That page link is not valid: start again from the queue.")
    page = selectors.queue_page(request.user, filters, after)
    query = request.GET.copy()
    query.pop("after", None)
    lanes = _lanes(request.user)
    return render(
        request,
        "moderation/queue.html",
        {
            "form": form,
            "page": page,
            "lanes": lanes,
            "urgent_count": next(count for lane, _, count in lanes if lane == Lane.URGENT),
            "filter_query": query.urlencode(),
            "bulk_form": BulkForm(),
            "now": timezone.now(),
        },
    )


def _lanes(user: User) -> list[tuple[str, str, int]]:
    counts = selectors.lane_counts(user)
    return [(lane, label, counts[lane]) for lane, label in Lane.choices]


@moderator_view
@require_POST
def bulk(request: SignedInRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    ids = [bounds.parse_id(value) for value in request.POST.getlist("items")][:100]
    if None in ids:
        return HttpResponseBadRequest("Those items are not ones on the queue.")
    if not form.is_valid() or not ids:
        messages.error(request, "Tick the items you want to decide, then choose approve or reject.")
        return redirect("moderation:queue")
    items = []
    for item in QueueItem.objects.in_scope_of(request.user).filter(pk__in=ids):
        version = request.POST.get(f"version-{item.pk}", "")
        items.append((item, bounds.parse_count(version)))
    try:
        result = services.decide_many(
            items=items,
            moderator=request.user,
            action=form.cleaned_data["action"],
            reason_code=form.cleaned_data["reject_reason"],
            reason_extra=form.cleaned_data["reason_extra"],
        )
    except Refusal as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{result.done} item{'s' if result.done != 1 else ''} decided.")
        for skipped in result.skipped:
            messages.warning(request, f"Skipped {skipped}")
    return redirect("moderation:queue")


def _item_or_404(request: SignedInRequest, pk: int) -> QueueItem:
    item = selectors.item_for(request.user, pk)
    if item is None:
        raise Http404("No such item in your queue.")
    return item


@moderator_view
def item_page(request: SignedInRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    view = editor.item_view(item)
    previous, following = selectors.neighbour_items(request.user, item)
    form = DecisionForm(initial={"version": item.version}, spans=view.span_ids)
    return _render_item(request, item, view, form, previous, following)


def _render_item(
    request: SignedInRequest,
    item: QueueItem,
    view: editor.ItemView,
    form: DecisionForm,
    previous: QueueItem | None = None,
    following: QueueItem | None = None,
    status: int = 200,
) -> HttpResponse:
    returned = selectors.returned_version(item)
    current = (
        f"{item.subject.title}\n\n{item.subject.body}" if item.has_title else item.subject.body
    )
    return render(
        request,
        "moderation/item.html",
        {
            "returned": returned,
            "changes": editor.version_diff(returned.text_after, current) if returned else [],
            "queue_items": selectors.workspace_list(request.user, selectors.QueueFilters()),
            "item": item,
            "view": view,
            "form": form,
            "note_form": NoteForm(),
            "escalate_form": EscalateForm(),
            "sanction_form": SanctionForm(),
            "move_form": MoveLaneForm(
                initial={"version": item.version, "lane": item.lane}, prefix="move"
            )
            if item.kind in learning.LEARNS_FROM
            else None,
            "actions": services.ACTIONS_BY_KIND[item.kind],
            "claimed_by_other": item.claimed_by_other(request.user),
            "history": item.decisions.select_related("moderator", "original").order_by("id"),
            "notes": item.notes.select_related("author"),
            "author_sanctions": sanctions.in_force(item.subject.author),
            "previous": previous,
            "following": following,
            "urgent_count": selectors.lane_counts(request.user)[Lane.URGENT],
        },
        status=status,
    )


@moderator_view
@require_POST
def decide(request: SignedInRequest, pk: int) -> HttpResponse:
    item = _item_or_404(request, pk)
    view = editor.item_view(item)
    form = DecisionForm(request.POST, spans=view.span_ids)
    ruling = None
    if form.is_valid():
        try:
            ruling = editor.ruling_from(form, item)
        except Refusal as error:  # the moderator's input: shown on the form, kept
            form.add_error(None, error.message)
    if ruling is not None:
        try:
            services.decide(item=item, moderator=request.user, ruling=ruling)
        except Refusal as error:
            messages.error(request, error.message)
            return redirect("moderation:item", pk=item.pk)
        messages.success(request, f"Decided: {item.concern.ref}.")
        _, following = selectors.neighbour_items(request.user, item)
        return redirect(following.get_absolute_url() if following else reverse("moderation:queue"))
    return _render_item(request, item, view, form, status=400)


def _item_action(
    handler: Callable[[SignedInRequest, QueueItem], str],
) -> Callable[..., HttpResponseBase]:
    """POST-only item actions with a form: run the service, say what happened, go back."""

    @moderator_view
    @require_POST
    @wraps(handler)
    def wrapper(request: SignedInRequest, pk: int) -> HttpResponse:
        item = _item_or_404(request, pk)
        try:
            done = handler(request, item)
        except Refusal as error:
            messages.error(request, error.message)
        else:
            messages.success(request, done)
        return redirect("moderation:item", pk=item.pk)

    return wrapper


@_item_action
def claim(request: SignedInRequest, item: QueueItem) -> str:
    services.check_may_act(request.user, item)
    queue.claim(item, moderator=request.user)
    return "You are reviewing this item; other moderators can see that."


@_item_action
def release(request: SignedInRequest, item: QueueItem) -> str:
    queue.release(item, moderator=request.user)
    return "Released: another moderator can pick it up."


@_item_action
def note(request: SignedInRequest, item: QueueItem) -> str:
    form = NoteForm(request.POST)
    services.add_note(
        item=item,
        moderator=request.user,
        text=form.data.get("text", "") if not form.is_valid() else form.cleaned_data["text"],
    )
    return "Note added (moderators only)."


@_item_action
def escalate(request: SignedInRequest, item: QueueItem) -> str:
    services.escalate(item=item, moderator=request.user, note=request.POST.get("note", "")[:1000])
    return "The neighbourhood team has been asked to look."


@_item_action
def move_lane(request: SignedInRequest, item: QueueItem) -> str:
    form = MoveLaneForm(request.POST, prefix="move")
    if not form.is_valid():
        raise Refusal("Choose the lane this item belongs in.")
    services.move_lane(item=item, moderator=request.user, **form.cleaned_data)
    return f"Moved to the {Lane(form.cleaned_data['lane']).label.lower()} lane."


@_item_action
def sanction(request: SignedInRequest, item: QueueItem) -> str:
    form = SanctionForm(request.POST)
    if not form.is_valid():
        raise Refusal("Choose a sanction and record the reason (days for restrictions).")
    if not services.may_moderate(request.user, item):
        raise Refusal("This item is outside the neighbourhoods you moderate.")
    sanctions.sanction(
        user=item.subject.author, by=request.user, concern=item.concern, **form.cleaned_data
    )
    return f"{form.cleaned_data['kind'].capitalize()} recorded for the author."


@moderator_view
def decision_log(request: SignedInRequest) -> HttpResponse:
    before = request.GET.get("before", "")
    rows = selectors.decision_log(
        request.user, before=bounds.parse_id(before), concern_ref=request.GET.get("ref", "")
    )
    return render(
        request,
        "moderation/log.html",
        {
            "decisions": rows,
            "ref": request.GET.get("ref", ""),
            "next_before": rows[-1].pk if len(rows) == 50 else None,
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@moderator_view
def decision_log_csv(request: SignedInRequest) -> StreamingHttpResponse:
    """Every decision in the moderator's scope, streamed (for complaints and FOI requests)."""
    writer = csv.writer(_Echo())

    def rows() -> Iterator[object]:
        yield writer.writerow(
            [
                "decision id",
                "when (UTC)",
                "concern",
                "kind",
                "moderator",
                "action",
                "reason code",
                "reason",
                "diverted to",
                "text before",
                "text after",
            ]
        )
        before = None
        while True:
            batch = selectors.decision_log(
                request.user, before=before, limit=500, concern_ref=request.GET.get("ref", "")
            )
            for d in batch:
                yield writer.writerow(
                    [
                        editor.csv_safe(str(cell))
                        for cell in (
                            d.pk,
                            d.created_at.isoformat(),
                            d.concern.ref,
                            d.item.get_kind_display(),
                            d.moderator.display_name,
                            d.get_action_display(),
                            d.reason_code,
                            d.reason,
                            d.diverted_to,
                            d.text_before,
                            d.text_after,
                        )
                    ]
                )
            if len(batch) < 500:
                return
            before = batch[-1].pk

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="moderation-decisions.csv"'
    return response


@moderator_view
def dashboard(request: SignedInRequest) -> HttpResponse:
    board = selectors.dashboard(request.user)
    return render(
        request,
        "moderation/dashboard.html",
        {
            "board": board,
            "urgent_count": board.lanes[Lane.URGENT],
            "lane_rows": [(lane, Lane(lane).label, count) for lane, count in board.lanes.items()],
            "escalations": escalation.recent(request.user),
            "escalate_minutes": settings.URGENT_ESCALATE_MINUTES,
        },
    )
