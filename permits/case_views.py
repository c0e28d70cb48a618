"""The applicant's own applications: the list, one application's page (its status in words,
its history and messages, answering a request for more information, the decision letter),
and withdrawing it. Anyone but the applicant gets a 404, staff included: they use the
licensing pages."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casework import selectors as case_selectors
from casework.models import Case
from casework.states import DECIDED, IN_REVIEW, CaseStatus
from engage.http import SignedInRequest
from engage.refusals import EmergencyNotAcknowledged, Refusal
from permits import flow, reads
from permits.forms import AnswerRequestForm, WithdrawForm
from permits.models import PublicNotice
from permits.services.applicant import answer_request, stop_showing, withdraw_application

LETTER_STATES = frozenset({CaseStatus.GRANTED, CaseStatus.REFUSED})


def _case(request: SignedInRequest, reference: str) -> Case:
    case = reads.applicant_case(reference, request.user)
    if case is None:
        raise Http404("No application has that reference.")
    return case


@login_required
def mine(request: SignedInRequest) -> HttpResponse:
    page = reads.my_applications(request.user, request.GET.get("after"))
    return render(request, "permits/mine.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def status(request: SignedInRequest, reference: str) -> HttpResponse:
    """The applicant's application; until it is decided, a form to write to the reviewers
    (their answer, while more information is asked for)."""
    case = _case(request, reference)
    posted = request.method == "POST"
    form = AnswerRequestForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            answer_request(
                case,
                applicant=request.user,
                body=form.cleaned_data["body"],
                clean=form.checked_file,
                acknowledged_emergency="emergency_understood" in request.POST,
            )
        except EmergencyNotAcknowledged:
            carry = {"body": form.cleaned_data["body"]}
            context = {"action": request.path, "carry": carry, "dropped": bool(form.checked_file)}
            return render(request, "permits/emergency.html", context)
        except Refusal as refusal:
            form.add_error("body", refusal.message)
        else:
            messages.success(request, "Thank you: the licensing officers have your message.")
            return redirect(case)
    context = _status_context(case, form)
    return render(request, "permits/status.html", context, status=400 if form.errors else 200)


def _status_context(case: Case, form: AnswerRequestForm) -> dict[str, Any]:
    application = getattr(case, "application", None)
    kind = application.type if application else None
    history = case_selectors.reporter_timeline(case)
    questions = flow.all_questions(kind) if kind else []
    return {
        "case": case,
        "application": application,
        "type": kind,
        "history": history,
        "last_event_id": history[-1].pk if history else 0,
        "rows": flow.rows(questions, case.answers),
        "form": form,
        "may_withdraw": case.status not in DECIDED,
        "may_write": case.status in IN_REVIEW | {CaseStatus.MORE_INFO},
        "has_letter": case.status in LETTER_STATES,
        "notice": PublicNotice.objects.listed().filter(case=case).first(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: SignedInRequest, reference: str) -> HttpResponse:
    """Are you sure? Then the application is withdrawn: only until it is decided."""
    case = _case(request, reference)
    if case.status in DECIDED:
        messages.error(request, "This application has been decided, so it cannot be withdrawn.")
        return redirect(case)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["confirm"] != "yes":
            return redirect(case)
        try:
            withdraw_application(case, applicant=request.user)
        except Refusal as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, "Your application has been withdrawn.")
        return redirect(case)
    context = {"case": case, "form": form}
    return render(request, "permits/withdraw.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["POST"])
def unpublish(request: SignedInRequest, reference: str) -> HttpResponse:
    """The organiser takes their march or event off the neighbourhood page."""
    case = _case(request, reference)
    if stop_showing(case, applicant=request.user):
        messages.success(request, "It is no longer shown on the neighbourhood page.")
    return redirect(case)
