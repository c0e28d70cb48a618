"""Resident pages of moderation: report a published concern, appeal a decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from concerns.views import visible_concern
from engage import bounds
from engage.refusals import Refusal
from moderation.forms import AppealForm, FlagForm
from moderation.services import appeals, flags


@login_required
def report_concern(request: HttpRequest, ref: str) -> HttpResponse:
    concern = visible_concern(request, ref)
    if not concern.is_public:
        raise Http404("Only published concerns can be reported.")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            flags.flag_concern(concern=concern, user=request.user, **form.cleaned_data)
        except Refusal as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Thank you. Moderators will look at it; if anyone is in danger now, call 999.",
            )
            return redirect(concern)
    return render(
        request,
        "moderation/report.html",
        {"concern": concern, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def appeal(request: HttpRequest, ref: str) -> HttpResponse:
    concern = visible_concern(request, ref)
    wanted = request.POST.get("decision") or request.GET.get("decision") or ""
    decision = appeals.appealable_decision(concern, request.user, bounds.parse_id(wanted))
    if decision is None:
        raise Http404("There is no decision on this concern that you can appeal.")
    form = AppealForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            appeals.appeal(decision=decision, author=request.user, text=form.cleaned_data["text"])
        except Refusal as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                "Your appeal is sent. A different moderator will review "
                "the decision and we will tell you the outcome.",
            )
            return redirect("concerns:mine")
    return render(
        request,
        "moderation/appeal.html",
        {"concern": concern, "decision": decision, "form": form},
        status=400 if form.errors else 200,
    )
