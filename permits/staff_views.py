"""The licensing officers' pages: the review queue and an application's review page.

Every page is a staff page (engage.two_factor.staff_view: signed in, two-factor passed) for
licensing officers only, and a case page only for the officers of its unit: anyone else gets
a 404, as if it did not exist. Every view of an application is logged (record_access).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework import access, staff_actions
from casework.models import AccessAction, Case
from casework.services import record_access
from casework.states import CaseStatus, Role, is_allowed
from engage import permissions
from engage.refusals import Refusal
from engage.two_factor import staff_view
from permits import selectors, staff_forms
from permits.models import KIND_PREFIX
from permits.services import review

if TYPE_CHECKING:
    from engage.http import SignedInRequest

View = Callable[..., HttpResponse]


def licensing_view(view: View) -> View:
    """staff_view, and a 404 (never 403) for a signed-in person who is no licensing officer."""
    guarded = staff_view(view)

    @wraps(view)
    def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not permissions.is_licensing_officer(request.user):
            raise Http404("No such page.")
        return guarded(request, *args, **kwargs)

    return wrapper


def _case_or_404(request: SignedInRequest, reference: str) -> Case:
    case = selectors.case_for_review(reference)
    if case is None or Role.LICENSING not in access.roles_on(case, request.user, verified=True):
        raise Http404("No such application.")
    return case


@licensing_view
def queue(request: SignedInRequest) -> HttpResponse:
    units = permissions.licensing_unit_ids(request.user)
    types = selectors.types_for(units)
    form = staff_forms.QueueFilterForm(request.GET, types=types)
    after = request.GET.get("after", "")
    if after and selectors.decode_cursor(after) is None:
        return HttpResponseBadRequest("That page link is not valid: start again from the queue.")
    chosen = form.cleaned_data if form.is_valid() else {}
    kind = KIND_PREFIX + chosen["type"] if chosen.get("type") else ""
    filters = selectors.QueueFilters(
        units=units, kind=kind, lane=chosen.get("lane", ""), officer_id=request.user.pk
    )
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "filters": filters,
        "page": selectors.queue_page(filters, after),
        "counts": selectors.lane_counts(filters),
        "filter_query": query.urlencode(),
        "type_names": {t.kind: t.name for t in types},
    }
    return render(request, "permits/staff/queue.html", context)


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "ask": staff_forms.RequestInformationForm,
    "visit": staff_forms.VisitForm,
    "visited": staff_forms.VersionOnlyForm,
    "resume": staff_forms.VersionOnlyForm,
    "referee": staff_forms.RefereeForm,
    "grant": staff_forms.GrantForm,
    "refuse": staff_forms.RefuseForm,
    "message": staff_forms.MessageForm,
}
DONE = {
    "ask": "Asked for more information. The review clock has stopped until they answer.",
    "visit": "Visit booked. The applicant has been told when.",
    "visited": "The application is under review again.",
    "resume": "The application is under review again; its clock is running.",
    "referee": "Referee check recorded.",
    "grant": "Granted. The applicant has been told and can download the letter.",
    "refuse": "Refused. The applicant has been told why and can download the letter.",
    "message": "Message sent to the applicant.",
}
STATE_CHANGED = (
    "Someone has already handled this application, so that is no longer possible. Nothing you "
    "did was applied; here it is as it is now."
)
# What each decision moves the application to: whether it is offered is the state table's
# answer (casework.states), so the page never offers what the service would refuse.
ACTION_TARGETS = {
    "ask": CaseStatus.MORE_INFO,
    "visit": CaseStatus.VISIT_BOOKED,
    "visited": CaseStatus.UNDER_REVIEW,
    "resume": CaseStatus.UNDER_REVIEW,
    "grant": CaseStatus.GRANTED,
    "refuse": CaseStatus.REFUSED,
}

# Both go back to under review, each from one state only.
ONLY_FROM = {"visited": CaseStatus.VISIT_BOOKED, "resume": CaseStatus.MORE_INFO}


def actions_for(case: Case) -> set[str]:
    """What the unit's officer may do on the page now (the services check again)."""
    kind = case.application.type
    allowed: set[str] = {"message"} if case.reporter_id else set()
    if case.status in review.REVIEWABLE and kind.valid_years > 0:
        allowed.add("referee")  # referees vouch for certificate holders
    allowed |= {
        action
        for action, target in ACTION_TARGETS.items()
        if is_allowed(case.status, target, {Role.LICENSING})
    }
    allowed = {a for a in allowed if case.status == ONLY_FROM.get(a, case.status)}
    if kind.is_notification:
        allowed -= {"refuse", "visit"}  # a notice is acknowledged; nobody visits a march
    return allowed


def _render_case(
    request: SignedInRequest, case: Case, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    record_access(case, user=request.user, action=AccessAction.VIEW)
    allowed = actions_for(case)
    initial = {"version": case.version}
    action_forms = {
        name: form_class(initial=initial, prefix=name)
        for name, form_class in ACTION_FORMS.items()
        if name in allowed
    } | (bound or {})
    context = {
        "case": case,
        "application": case.application,
        "answers": selectors.answer_rows(case, list(case.application.type.questions.all())),
        "history": selectors.staff_history(case),
        "forms": action_forms,
        "now": timezone.now(),
        "time_left": selectors.time_left(case, timezone.now()),
        "letter": case.status in (CaseStatus.GRANTED, CaseStatus.REFUSED),
    }
    return render(request, "permits/staff/case.html", context, status=400 if bound else 200)


@licensing_view
def case_page(request: SignedInRequest, reference: str) -> HttpResponse:
    return _render_case(request, _case_or_404(request, reference))


def _apply(name: str, case: Case, data: dict[str, Any], officer: Any) -> None:
    """Hands the cleaned form to its one service call."""
    version = data.get("version", 0)
    if name == "ask":
        review.request_information(case, officer=officer, body=data["body"], version=version)
    elif name == "visit":
        review.book_visit(
            case, officer=officer, at=data["when"], note=data["note"], version=version
        )
    elif name == "visited":
        review.visit_done(case, officer=officer, version=version)
    elif name == "resume":
        review.resume_review(case, officer=officer, version=version)
    elif name == "referee":
        review.record_referee_check(
            case, officer=officer, referee=data["referee"], outcome=data["outcome"],
            note=data["note"],
        )  # fmt: skip
    elif name == "grant":
        review.grant(
            case, officer=officer, version=version, reason=data["reason"],
            conditions=data["conditions"],
        )  # fmt: skip
    elif name == "refuse":
        review.refuse(case, officer=officer, version=version, reason=data["reason"])
    else:
        review.message_applicant(case, officer=officer, body=data["body"])


@licensing_view
@require_POST
def act(request: SignedInRequest, reference: str, action: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    if action not in ACTION_FORMS:
        raise Http404("No such action on this application.")
    if action not in actions_for(case):
        messages.warning(request, STATE_CHANGED)
        return redirect("licensing:case", reference=case.reference)
    return staff_actions.perform(
        request,
        ACTION_FORMS[action](request.POST, prefix=action),
        apply=lambda data: _apply(action, case, data, request.user),
        again=lambda form: _render_case(request, case, {action: form}),
        done=DONE[action],
        back=reverse("licensing:case", kwargs={"reference": case.reference}),
    )


@licensing_view
@require_POST
def claim(request: SignedInRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    try:
        review.claim_application(case, officer=request.user)
    except Refusal as error:
        messages.warning(request, error.message)
    return redirect("licensing:case", reference=case.reference)


@licensing_view
@require_POST
def release(request: SignedInRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    if review.release_application(case, officer=request.user):
        messages.success(request, "You gave the application back to the queue.")
    return redirect("licensing:queue")
