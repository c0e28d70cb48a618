"""The resident's side of the counter: start, the steps, check your answers, the case page.

Every page works without JavaScript. Someone else's draft or case is a 404, never a 403: a 403
would confirm that it exists.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casework import selectors as case_selectors
from engage import safety
from engage.http import SignedInRequest
from engage.models import Neighbourhood
from engage.refusals import EmergencyNotAcknowledged, Refusal
from reports import evidence, reporter_reads, services
from reports.forms import (
    FORMS,
    REPEAT_MAX,
    AddInformationForm,
    ContactForm,
    StepForm,
    TypeForm,
    WhenForm,
    summary_rows,
)
from reports.forms.summary import HEADINGS
from reports.models import ReportDraft
from reports.types import TYPES, report_type, steps_of

if TYPE_CHECKING:
    from engage.models import User

FLOW = "report"


def _danger_first(request: HttpRequest) -> HttpResponse | None:
    """The danger questions (engage.safety) before anything is written."""
    if safety.answered(request, FLOW) is None:
        return redirect(safety.questions_url(FLOW, request.get_full_path()))
    return None


def _draft(request: HttpRequest, draft_id: UUID) -> ReportDraft:
    draft = reporter_reads.draft_of(
        draft_id, user=request.user, session_key=request.session.session_key
    )
    if draft is None:
        raise Http404("No report has that address.")
    return draft


def step_url(draft: ReportDraft, step: str, *, change: bool = False) -> str:
    name = {"check": "reports:check", "sent": "reports:sent"}.get(step, "reports:step")
    kwargs: dict[str, Any] = {"draft": draft.pk}
    if name == "reports:step":
        kwargs["step"] = step
    return reverse(name, kwargs=kwargs) + ("?change=1" if change else "")


def _neighbours(draft: ReportDraft, step: str, change: bool) -> tuple[str, str]:
    """(forward, back) for a step: a change made from "check your answers" returns there."""
    steps = steps_of(draft.kind)
    at = steps.index(step)
    if change:
        return step_url(draft, "check"), step_url(draft, "check")
    back = step_url(draft, steps[at - 1]) if at else step_url(draft, "type")
    return step_url(draft, steps[at + 1]), back


def resume_url(draft: ReportDraft) -> str:
    """Where a saved draft picks up: the first question not yet answered."""
    if not draft.kind:
        return step_url(draft, "type")
    for step in steps_of(draft.kind):
        if step not in draft.answers and step != "evidence":
            return step_url(draft, step)
    return step_url(draft, "check")


def _type_page(request: HttpRequest, form: TypeForm, action: str) -> HttpResponse:
    groups = [
        ("Crimes", [t for t in TYPES if t.is_crime]),
        ("Other things to report", [t for t in TYPES if not t.is_crime]),
    ]
    context = {"form": form, "groups": groups, "action": action}
    return render(request, "reports/type.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """The danger questions, then what kind of report; choosing one starts a draft."""
    if asked := _danger_first(request):
        return asked
    form = TypeForm(request.POST or None)
    if not form.is_valid():
        return _type_page(request, form, reverse("reports:start"))
    kind = form.cleaned_data["kind"]
    chosen = report_type(kind)
    if chosen is None or chosen.routed_elsewhere:
        return redirect("reports:fraud")
    user = request.user if request.user.is_authenticated else None
    if user is None and not chosen.anonymous_allowed:
        return redirect_to_login(reverse("reports:start"))
    if user is None and not request.session.session_key:
        request.session.save()  # an anonymous draft belongs to this browser's session
    draft = services.start_draft(
        kind=kind,
        owner=user,
        session_key=request.session.session_key or "",
        at_risk=safety.answered(request, FLOW) == safety.AT_RISK,
    )
    return redirect(resume_url(draft))


def fraud(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/fraud.html", {"fraud_url": settings.FRAUD_REPORT_URL})


def _step_form(request: HttpRequest, draft: ReportDraft, step: str) -> StepForm:
    form_class = FORMS[step]
    saved = draft.answers.get(step, {})
    initial = WhenForm.initial_from(saved) if step == "when" else dict(saved)
    data = request.POST if request.method == "POST" else None
    if form_class is ContactForm:
        found = report_type(draft.kind)
        if not saved and request.user.is_authenticated:
            initial["email"] = request.user.email
        return ContactForm(
            data, initial=initial, anonymous_allowed=bool(found and found.anonymous_allowed)
        )
    if step in REPEAT_MAX:
        initial = {}
    return form_class(data, initial=initial)


@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, draft: UUID, step: str) -> HttpResponse:
    """One question of the report: saved on every Continue; "Save and come back later" keeps
    it for /report/saved/."""
    found = _draft(request, draft)
    if found.case_id:
        return redirect(step_url(found, "sent"))
    if step == "type":
        return _choose_type(request, found)
    if not found.kind:
        return redirect(step_url(found, "type"))
    if step not in steps_of(found.kind) or step == "check":
        raise Http404("This report does not ask that question.")
    forward, back = _neighbours(found, step, request.GET.get("change") == "1")
    if step == "evidence":
        return evidence.evidence_step(request, found, forward=forward, back=back)
    form = _step_form(request, found, step)
    if step in REPEAT_MAX:
        return _repeat_step(request, found, step, form, forward, back)
    if request.method == "POST" and form.is_valid():
        services.save_step(found, step=step, answers=form.answers())
        return _onward(request, forward)
    return _step_page(request, found, step, form, back)


def _onward(request: HttpRequest, forward: str) -> HttpResponse:
    if "save_later" in request.POST:
        messages.success(request, "Your report is saved. Come back to it here within 30 days.")
        return redirect("reports:saved" if request.user.is_authenticated else "reports:start")
    return redirect(forward)


def _step_page(
    request: HttpRequest, draft: ReportDraft, step: str, form: StepForm, back: str, **extra: Any
) -> HttpResponse:
    context = {
        "draft": draft,
        "step": step,
        "title": HEADINGS[step],
        "type": report_type(draft.kind),
        "form": form,
        "back": back,
        "signed_in": request.user.is_authenticated,
        **extra,
    }
    return render(request, "reports/step.html", context, status=400 if form.errors else 200)


def _repeat_step(
    request: HttpRequest, draft: ReportDraft, step: str, form: StepForm, forward: str, back: str
) -> HttpResponse:
    """A list without JavaScript: each "Add another" saves one entry and shows the page again;
    Continue saves what is filled in (if anything) and moves on."""
    entries = draft.answers.get(step, {}).get("entries", [])
    here = request.get_full_path()
    if request.method == "POST":
        if "remove" in request.POST:
            raw = request.POST["remove"]  # an entry's position; "²" passes isdigit, not int()
            index = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else -1
            services.remove_entry(draft, step=step, index=index)
            return redirect(here)
        filled = any(request.POST.get(name) for name in form.fields)
        if not filled and "add" not in request.POST:
            if step not in draft.answers:
                services.save_step(draft, step=step, answers={"entries": []})
            return _onward(request, forward)
        if form.is_valid():
            try:
                services.add_entry(draft, step=step, entry=form.answers())
            except Refusal as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect(here) if "add" in request.POST else _onward(request, forward)
    limit = REPEAT_MAX[step]
    extra = {"repeat": True, "entries": entries, "limit": limit, "full": len(entries) >= limit}
    return _step_page(request, draft, step, form, back, **extra)


def _choose_type(request: HttpRequest, draft: ReportDraft) -> HttpResponse:
    form = TypeForm(request.POST or None, initial={"kind": draft.kind})
    if not form.is_valid():
        return _type_page(request, form, step_url(draft, "type"))
    chosen = report_type(form.cleaned_data["kind"])
    if chosen is None or chosen.routed_elsewhere:
        return redirect("reports:fraud")
    try:
        draft = services.choose_kind(draft, kind=chosen.kind)
    except services.SignInNeeded:
        return redirect_to_login(reverse("reports:start"))
    return redirect(resume_url(draft))


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, draft: UUID) -> HttpResponse:
    """Check your answers, with a Change link per question; sending files the case."""
    found = _draft(request, draft)
    if found.case_id:
        return redirect(step_url(found, "sent"))
    if not found.kind:
        return redirect(step_url(found, "type"))
    error = ""
    if request.method == "POST":
        user = request.user if request.user.is_authenticated else None
        try:
            services.submit_report(
                draft=found,
                reporter=user,
                acknowledged_emergency="emergency_understood" in request.POST,
            )
        except EmergencyNotAcknowledged:
            return render(request, "reports/emergency.html", {"action": step_url(found, "check")})
        except Refusal as refusal:
            error = refusal.message
        else:
            return redirect(step_url(found, "sent"))
    context = _check_context(found, error)
    return render(request, "reports/check.html", context, status=400 if error else 200)


def _check_context(draft: ReportDraft, error: str) -> dict[str, Any]:
    place = draft.answers.get("where", {}).get("neighbourhood")
    name = ""
    if place:
        name = Neighbourhood.objects.filter(pk=place).values_list("name", flat=True).first() or ""
    rows = [
        (row, step_url(draft, row.step, change=row.step != "type"))
        for row in summary_rows(draft.kind, draft.answers, name)
    ]
    has_evidence = "evidence" in steps_of(draft.kind)
    return {
        "draft": draft,
        "rows": rows,
        "type": report_type(draft.kind),
        "error": error,
        "error_url": resume_url(draft),
        "evidence_url": step_url(draft, "evidence", change=True) if has_evidence else "",
        "back": step_url(draft, steps_of(draft.kind)[-2]),
    }


def sent(request: HttpRequest, draft: UUID) -> HttpResponse:
    found = _draft(request, draft)
    if not found.case_id:
        return redirect(step_url(found, "check"))
    case = found.case
    assert case is not None
    return render(request, "reports/sent.html", {"case": case, "type": report_type(case.kind)})


@login_required
def saved(request: SignedInRequest) -> HttpResponse:
    drafts = [
        (d, resume_url(d), report_type(d.kind)) for d in reporter_reads.saved_drafts(request.user)
    ]
    return render(request, "reports/saved.html", {"drafts": drafts})


@login_required
def mine(request: SignedInRequest) -> HttpResponse:
    page = reporter_reads.my_reports(request.user, request.GET.get("after"))
    return render(request, "reports/mine.html", {"page": page})


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, reference: str) -> HttpResponse:
    """The reporter's own case: status, history, answers, and adding information."""
    case = reporter_reads.reporter_case(reference, request.user)
    if case is None:
        raise Http404("No report has that reference.")
    form = AddInformationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_report_information(
                case,
                reporter=cast("User", request.user),  # reporter_case: signed in
                body=form.cleaned_data["body"],
                acknowledged_emergency="emergency_understood" in request.POST,
            )
        except EmergencyNotAcknowledged:
            carry = {"body": form.cleaned_data["body"]}
            return render(
                request, "reports/emergency.html", {"action": request.path, "carry": carry}
            )
        except Refusal as refusal:
            form.add_error("body", refusal.message)
        else:
            messages.success(request, "Thank you: we have added that to your report.")
            return redirect(case)
    history = case_selectors.reporter_timeline(case)
    context = {
        "case": case,
        "history": history,
        "last_event_id": history[-1].pk if history else 0,
        "rows": summary_rows(case.kind, case.answers, getattr(case.neighbourhood, "name", "")),
        "type": report_type(case.kind),
        "form": form,
    }
    return render(request, "reports/status.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def from_concern(request: SignedInRequest, ref: str) -> HttpResponse:
    """A concern a moderator diverted as a crime: its author reports it privately, their own
    words filled in, in one click. Anyone else: 404."""
    concern = reporter_reads.diverted_concern(ref, request.user)
    if concern is None:
        raise Http404("No concern of yours has that reference.")
    if asked := _danger_first(request):
        return asked
    if request.method == "GET":
        return render(request, "reports/from_concern.html", {"concern": concern})
    draft = services.draft_from_concern(
        concern=concern,
        author=request.user,
        at_risk=safety.answered(request, FLOW) == safety.AT_RISK,
    )
    return redirect(resume_url(draft))
