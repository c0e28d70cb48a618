"""Public concern pages and residents' actions on them (POST forms with CSRF; no JS needed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from concerns import selectors, services
from concerns.feeds import public_tags
from concerns.forms import ConcernForm, ListFilterForm, UpdateForm
from concerns.models import Category, Concern
from concerns.screening import screen_submission
from concerns.states import Capacity, ConcernStatus, is_allowed, targets
from engage import permissions, ratelimit, safety
from engage.http import SignedInRequest
from engage.models import Neighbourhood
from engage.refusals import EmergencyNotAcknowledged, Refusal
from engage.selectors import neighbourhood_page
from engage.text import render_markdown

if TYPE_CHECKING:
    from engage.models import User


def request_capacities(request: HttpRequest, concern: Concern) -> set[str]:
    """Capacities over HTTP: moderator and team powers only after two-factor this session."""
    found = services.capacities(concern, request.user)
    verified = getattr(request.user, "is_verified", lambda: False)()
    return found if verified else found - {Capacity.MODERATOR, Capacity.TEAM}


def visible_concern(request: HttpRequest, ref: str) -> Concern:
    """The concern if this person may see it; 404 otherwise (never 403: it would confirm a
    hidden concern exists)."""
    concern = selectors.concern_detail(ref)
    if concern is None:
        raise Http404("No concern has that reference.")
    if not concern.is_public and not request_capacities(request, concern):
        raise Http404("No concern has that reference.")
    return concern


def concern_list(request: HttpRequest) -> HttpResponse:
    form = ListFilterForm(request.GET)
    filters = form.valid_filters()
    page = selectors.concern_list(**filters)
    user = request.user if request.user.is_authenticated else None
    tag = filters.get("tag")
    return render(
        request,
        "concerns/list.html",
        {
            "page": page,
            "filters": filters,
            "form": form,
            "following_tag": bool(user and tag and user.follows.filter(tag__name=tag).exists()),
            "categories": Category.objects.filter(is_active=True),
            "status_choices": ListFilterForm.base_fields["status"].choices,
        },
    )


def concern_redirect(request: HttpRequest, ref: str) -> HttpResponse:
    return redirect(visible_concern(request, ref), permanent=False)


def concern_detail(request: HttpRequest, ref: str, slug: str) -> HttpResponse:
    concern = visible_concern(request, ref)
    if slug != concern.slug:
        return redirect(concern, permanent=True)
    capacities = request_capacities(request, concern)
    user = request.user if request.user.is_authenticated else None
    history = selectors.timeline(concern)
    return render(
        request,
        "concerns/detail.html",
        {
            "concern": concern,
            "timeline": history.entries,
            "capacities": capacities,
            "moves": [
                (state, ConcernStatus(state).label)
                for state in targets(concern.status, {Capacity.TEAM})
            ]
            if Capacity.TEAM in capacities
            else [],
            "is_team": Capacity.TEAM in capacities,
            # An officer of this ward is the team here, not a resident: no support, update, report.
            "serves_here": permissions.serves(permissions.officer_of(user), concern.neighbourhood),
            "can_record_outcome": services.can_record_outcome(concern),
            "can_withdraw": is_allowed(concern.status, ConcernStatus.WITHDRAWN, capacities),
            "following": bool(user and concern.follows.filter(user=user).exists()),
            "supported": bool(user and concern.supports.filter(user=user).exists()),
            "update_form": UpdateForm(),
            "last_event_id": history.last_event_id,
        },
    )


def neighbourhood(request: HttpRequest, slug: str) -> HttpResponse:
    place = neighbourhood_page(slug)
    if place is None:
        raise Http404("No neighbourhood has that address.")
    user = request.user if request.user.is_authenticated else None
    return render(
        request,
        "concerns/neighbourhood.html",
        {
            "neighbourhood": place,
            "concerns": selectors.open_concerns(place, request.GET.get("after")),
            "advice": selectors.advice_for(place),
            "figures": selectors.accountability(place),
            "following": bool(user and place.follows.filter(user=user).exists()),
            "reply_target": settings.REPLY_TARGET_WORKING_DAYS,
            "last_event_id": selectors.last_event_id(neighbourhood=place),
        },
    )


@login_required
def new_concern(request: SignedInRequest) -> HttpResponse:
    """The danger questions first (engage.safety), then write, preview (exactly what will be
    public, plus similar concerns) and submit."""
    answer = safety.answered(request, "concern")
    if answer is None:
        return redirect(safety.questions_url("concern", request.get_full_path()))
    place = Neighbourhood.objects.filter(slug=request.GET.get("neighbourhood", "")).first()
    initial = {"neighbourhood": place.name if place else ""}
    form = ConcernForm(request.POST or None, initial=initial)
    at_risk = answer == safety.AT_RISK
    quota = services.posting_quota(author=request.user)
    if form.is_bound and not quota.left:
        form.add_error(None, services.quota_message(quota))  # before the preview, not after
    if request.method != "POST" or not form.is_valid() or "edit" in request.POST:
        return render(
            request,
            "concerns/new.html",
            {
                "form": form,
                "popular_tags": selectors.popular_tags(),
                "at_risk": at_risk,
                "quota": quota,
                "quota_message": services.quota_message(quota),
            },
            status=400 if form.errors else 200,
        )
    data = form.cleaned_data
    screened = screen_submission(title=data["title"], body=data["body"], at_risk=at_risk)
    if "submit" not in request.POST:
        return render(
            request,
            "concerns/preview.html",
            {
                "form": form,
                "preview": preview_of(data, request.user),
                "screening": screened,
                "preview_tags": data["tags"],
                "similar": selectors.similar_concerns(data["neighbourhood"], data["title"]),
            },
        )
    try:
        concern = services.submit_concern(
            author=request.user,
            ip=ratelimit.client_ip(request),
            at_risk=at_risk,
            acknowledged_emergency="emergency_understood" in request.POST,
            **data,
        )
    except EmergencyNotAcknowledged:
        return render(
            request,
            "concerns/emergency.html",
            {"form": form, "data": data, "form_action": reverse("concerns:new")},
        )
    except Refusal as error:
        form.add_error(None, error.message)
        return render(
            request,
            "concerns/new.html",
            {"form": form, "popular_tags": selectors.popular_tags(), "at_risk": at_risk},
            status=400,
        )
    return redirect("concerns:submitted", ref=concern.ref)


def preview_of(data: dict, user: User) -> Concern:
    return Concern(
        title=data["title"],
        body_html=render_markdown(data["body"]),
        neighbourhood=data["neighbourhood"],
        category=data["category"],
        location=data["location"],
        author=user,
        show_author_name=data["show_author_name"],
    )


@login_required
def submitted(request: SignedInRequest, ref: str) -> HttpResponse:
    concern = get_object_or_404(Concern, ref=ref.upper(), author=request.user)
    return render(request, "concerns/submitted.html", {"concern": concern})


def _act(
    request: HttpRequest, ref: str, action: Callable[[Concern], object], success: str
) -> HttpResponse:
    """Run one resident action and come back to the concern with a message either way."""
    concern = visible_concern(request, ref)
    try:
        action(concern)
    except EmergencyNotAcknowledged:
        raise  # the caller shows the 999 page, not a message
    except Refusal as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(concern)


@login_required
@require_POST
def follow_concern(request: SignedInRequest, ref: str) -> HttpResponse:
    return _act(
        request,
        ref,
        lambda c: services.follow(user=request.user, concern=c),
        "You are following this concern. We will tell you when it changes.",
    )


@login_required
@require_POST
def unfollow_concern(request: SignedInRequest, ref: str) -> HttpResponse:
    return _act(
        request,
        ref,
        lambda c: services.unfollow(user=request.user, concern=c),
        "You are no longer following this concern.",
    )


@login_required
@require_POST
def support_concern(request: SignedInRequest, ref: str) -> HttpResponse:
    if request.POST.get("support") == "no":
        return _act(
            request,
            ref,
            lambda c: services.withdraw_support(user=request.user, concern=c),
            "We no longer count this as affecting you. You still follow it.",
        )
    return _act(
        request,
        ref,
        lambda c: services.support(user=request.user, concern=c),
        "Thank you. We have counted that this affects you too, and you now follow it.",
    )


@login_required
def withdraw_concern(request: SignedInRequest, ref: str) -> HttpResponse:
    """Withdrawing cannot be undone, so it is asked first (GET) and done only when confirmed."""
    if request.method != "POST":
        concern = visible_concern(request, ref)
        if not is_allowed(
            concern.status, ConcernStatus.WITHDRAWN, request_capacities(request, concern)
        ):
            return redirect(concern)
        return render(request, "concerns/withdraw.html", {"concern": concern})
    return _act(
        request,
        ref,
        lambda c: services.transition_concern(
            c, "withdrawn", actor=request.user, note="Withdrawn by its author"
        ),
        "You have withdrawn this concern. It is no longer public.",
    )


@login_required
@require_POST
def add_update(request: SignedInRequest, ref: str) -> HttpResponse:
    form = UpdateForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(visible_concern(request, ref))
    if form.cleaned_data["danger"] == "yes":
        return render(request, "engage/call_999.html", status=200)  # nothing is accepted
    at_risk = form.cleaned_data["at_risk"] == "yes"
    try:
        return _act(
            request,
            ref,
            lambda c: services.add_update(
                concern=c,
                author=request.user,
                ip=ratelimit.client_ip(request),
                at_risk=at_risk,
                acknowledged_emergency="emergency_understood" in request.POST,
                body=form.cleaned_data["body"],
                submission_key=form.cleaned_data["submission_key"],
            ),
            "Thank you. Your update goes only to trained staff and will not be published."
            if at_risk
            else "Thank you. A moderator will check your update before it is public.",
        )
    except EmergencyNotAcknowledged:
        return render(
            request,
            "concerns/emergency.html",
            {
                "form_action": reverse("concerns:add_update", kwargs={"ref": ref}),
                "hidden": [
                    (name, form.cleaned_data[name])
                    for name in ("danger", "at_risk", "body", "submission_key")
                ],
            },
        )


def _toggle_follow(request: HttpRequest, back: str, name: str, **target: Any) -> HttpResponse:
    """Follow or (with follow=no) stop following a neighbourhood or a tag, then go back."""
    if request.POST.get("follow") == "no":
        services.unfollow(user=request.user, **target)
        messages.success(request, f"You no longer follow {name}.")
    else:
        services.follow(user=request.user, **target)
        messages.success(request, f"You follow {name}: we will tell you about new concerns.")
    return redirect(back)


@login_required
@require_POST
def follow_neighbourhood(request: SignedInRequest, slug: str) -> HttpResponse:
    place = get_object_or_404(Neighbourhood, slug=slug)
    return _toggle_follow(request, place.get_absolute_url(), place.name, neighbourhood=place)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100].strip()
    page = selectors.search_concerns(query, request.GET.get("after")) if query else None
    return render(request, "concerns/search.html", {"query": query, "page": page})


@login_required
def edit_returned(request: SignedInRequest, ref: str) -> HttpResponse:
    """A moderator returned the concern: the author fixes it and sends it back for checking."""
    concern = get_object_or_404(Concern, ref=ref.upper(), author=request.user, status="returned")
    initial = {
        "neighbourhood": concern.neighbourhood.name,
        "title": concern.title,
        "body": concern.body,
        "category": concern.category_id,
        "location": concern.location,
        "tags": ", ".join(concern.tags.names()),
        "show_author_name": "name" if concern.show_author_name else "anonymous",
    }
    form = ConcernForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v
            for k, v in form.cleaned_data.items()
            if k not in {"neighbourhood", "submission_key"}
        }
        try:
            services.resubmit_concern(
                concern=concern,
                author=request.user,
                acknowledged_emergency="emergency_understood" in request.POST,
                **data,
            )
        except EmergencyNotAcknowledged:
            return render(
                request,
                "concerns/emergency.html",
                {
                    "form_action": request.path,
                    "hidden": [
                        (name, value)
                        for name, value in request.POST.items()
                        if name != "csrfmiddlewaretoken"
                    ],
                },
            )
        except Refusal as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Thank you. Your concern is back with the moderators.")
        return redirect("concerns:redirect", ref=concern.ref)
    note = concern.events.filter(to_status="returned").order_by("-id").first()
    return render(
        request,
        "concerns/edit_returned.html",
        {"form": form, "concern": concern, "note": note},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def follow_tag(request: SignedInRequest, tag: str) -> HttpResponse:
    found = get_object_or_404(public_tags(), name=tag)
    back = f"{reverse('concerns:list')}?{urlencode({'tag': found.name})}"
    return _toggle_follow(request, back, f"“{found.name}”", tag=found)
