"""Officer pages: replying, moving a concern on, the outcome, and the team dashboard.

All behind `staff_view` (signed in, a staff role, two-factor passed) and then the concern's own
capacities, so an officer of another team gets a 404 for non-public concerns and a refusal for
public ones.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from concerns import selectors, services
from concerns.forms import DashboardFilterForm, OutcomeForm, ReplyForm, ReplyTemplateForm
from concerns.models import Concern, Reply, ReplyTemplate
from concerns.states import Capacity, targets
from concerns.views import visible_concern
from engage import bounds, permissions
from engage.http import SignedInRequest
from engage.models import Officer
from engage.refusals import Refusal
from engage.two_factor import staff_view


def _team_concern(request: HttpRequest, ref: str) -> Concern:
    concern = visible_concern(request, ref)
    if Capacity.TEAM not in services.capacities(concern, request.user):
        raise PermissionDenied("Only officers of this neighbourhood's team can do this.")
    return concern


@staff_view
def reply(request: SignedInRequest, ref: str) -> HttpResponse:
    concern = _team_concern(request, ref)
    allowed = targets(concern.status, {Capacity.TEAM})
    templates = ReplyTemplate.objects.filter(team_id=concern.neighbourhood.team_id)
    choice = request.GET.get("template", "")
    chosen_id = bounds.parse_id(choice)
    chosen = templates.filter(pk=chosen_id).first() if chosen_id else None
    form = ReplyForm(
        request.POST or None, allowed=allowed, initial={"body": chosen.body if chosen else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.reply_to_concern(
                concern=concern,
                author=request.user,
                body=form.cleaned_data["body"],
                move_to=form.cleaned_data["move_to"] or None,
                share_on_x=form.cleaned_data["share_on_x"],
            )
        except Refusal as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Your reply is published."
                if reply.status == "published"
                else "Your team's replies are checked before they are public: "
                "yours is waiting for a moderator, and you will be told.",
            )
            return redirect(concern)
    return render(
        request,
        "concerns/reply.html",
        {"concern": concern, "form": form, "templates": templates},
        status=400 if form.errors else 200,
    )


@staff_view
@require_POST
def change_status(request: SignedInRequest, ref: str) -> HttpResponse:
    concern = _team_concern(request, ref)
    try:
        services.transition_concern(
            concern,
            request.POST.get("to", ""),
            actor=request.user,
            note=request.POST.get("note", "")[:500],
        )
    except (Refusal, ValueError) as error:
        messages.error(request, getattr(error, "message", "Choose one of the statuses offered."))
    else:
        messages.success(request, "The status is updated and followers have been told.")
    return redirect(concern)


@staff_view
def outcome(request: SignedInRequest, ref: str) -> HttpResponse:
    concern = _team_concern(request, ref)
    form = OutcomeForm(request.POST or None, initial={"outcome": concern.outcome})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(concern=concern, actor=request.user, **form.cleaned_data)
        except Refusal as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The outcome is published and the concern is resolved.")
        return redirect(concern)
    return render(
        request,
        "concerns/outcome.html",
        {"concern": concern, "form": form},
        status=400 if form.errors else 200,
    )


def _officer(request: HttpRequest) -> Officer:
    officer = permissions.officer_of(request.user)
    if officer is None:
        raise PermissionDenied("The team dashboard is for neighbourhood officers.")
    return officer


@staff_view
def dashboard(request: SignedInRequest) -> HttpResponse:
    officer = _officer(request)
    form = DashboardFilterForm(request.GET, wards=officer.team.neighbourhoods.order_by("name"))
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_valid() else {}
    return render(
        request,
        "concerns/dashboard.html",
        {
            "officer": officer,
            "form": form,
            "filtered": bool(filters),
            "concerns": selectors.team_dashboard(officer.team_id, **filters),
            "requests": selectors.team_requests(request.user),
            "now": timezone.now(),
        },
        status=400 if form.errors else 200,
    )


@staff_view
@require_POST
def acknowledge(request: SignedInRequest) -> HttpResponse:
    _officer(request)
    refs = request.POST.getlist("concerns")
    done, skipped = services.acknowledge_many(concern_refs=refs, actor=request.user)
    if not refs:
        messages.error(request, "Tick the concerns to acknowledge first.")
    else:
        messages.success(
            request,
            f"{done} concern{'s' if done != 1 else ''} acknowledged"
            + (
                f"; {skipped} skipped (not yours, or no longer new)."
                if skipped
                else ". Followers have been told."
            ),
        )
    return redirect(
        reverse("concerns:dashboard")
        + ("?" + request.POST["back"] if request.POST.get("back") else "")
    )


@staff_view
def reply_templates(request: SignedInRequest) -> HttpResponse:
    officer = _officer(request)
    form = ReplyTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_reply_template(
                team_id=officer.team_id, actor=request.user, **form.cleaned_data
            )
        except Refusal as error:
            form.add_error("title", error.message)
        else:
            messages.success(
                request, f"“{form.cleaned_data['title']}” is ready to start replies from."
            )
            return redirect("concerns:reply_templates")
    return render(
        request,
        "concerns/reply_templates.html",
        {
            "officer": officer,
            "form": form,
            "templates": ReplyTemplate.objects.filter(team_id=officer.team_id),
        },
        status=400 if form.errors else 200,
    )


@staff_view
def edit_reply(request: SignedInRequest, ref: str, reply_id: int) -> HttpResponse:
    concern = _team_concern(request, ref)
    reply = get_object_or_404(Reply, pk=reply_id, concern=concern)
    if reply.author_id != request.user.pk:
        raise PermissionDenied("Only the officer who wrote a reply can edit it.")
    form = ReplyForm(request.POST or None, allowed=[], initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.edit_reply(
                reply=reply, editor=request.user, body=form.cleaned_data["body"]
            )
        except Refusal as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Your reply is updated. The earlier wording is kept."
                if reply.status == "published"
                else "Your corrected reply is waiting for a moderator's sign-off; "
                "until then it is not shown.",
            )
            return redirect(concern)
    return render(
        request,
        "concerns/reply.html",
        {"concern": concern, "form": form, "editing": reply},
        status=400 if form.errors else 200,
    )
