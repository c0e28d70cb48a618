"""The contact centre's pages (call handlers) and the team's reports (verified officers).

Every page is a staff page (engage.two_factor.staff_view: signed in, two-factor passed) and
also needs its role: anyone else gets a 404, as if the page did not exist, so nothing confirms
a case is there. Every view of a case is logged (casework.services.record_access).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from casework import access, staff_actions
from casework.models import AccessAction, Case, CaseEvent
from casework.services import claim_case, record_access, release_case
from casework.states import CaseStatus, Role, is_allowed
from engage import bounds, permissions
from engage.models import Neighbourhood
from engage.refusals import Refusal
from engage.two_factor import staff_view
from reports import selectors, staff_forms
from reports.services import triage
from reports.types import report_type

if TYPE_CHECKING:
    from engage.http import SignedInRequest

View = Callable[..., HttpResponse]


def _only(role: Callable[[Any], bool]) -> Callable[[View], View]:
    """staff_view, and a 404 (never 403) for a signed-in person without `role`."""

    def decorate(view: View) -> View:
        guarded = staff_view(view)

        @wraps(view)
        def wrapper(request: SignedInRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.user.is_authenticated and not role(request.user):
                raise Http404("No such page.")
            return guarded(request, *args, **kwargs)

        return wrapper

    return decorate


handler_view = _only(permissions.is_call_handler)
officer_view = _only(permissions.is_officer)
case_view = _only(lambda user: permissions.is_call_handler(user) or permissions.is_officer(user))


def _case_or_404(request: SignedInRequest, reference: str) -> Case:
    case = selectors.case_for_staff(reference)
    if case is None or not access.is_staff_on(case, request.user, verified=True):
        raise Http404("No such case.")
    return case


@handler_view
def queue(request: SignedInRequest) -> HttpResponse:
    places = Neighbourhood.objects.order_by("name").only("name")
    form = staff_forms.QueueFilterForm(request.GET, neighbourhoods=places)
    filters = selectors.QueueFilters(**form.cleaned_data) if form.is_valid() else None
    after = request.GET.get("after", "")
    if after and selectors.decode_queue_cursor(after) is None:
        return HttpResponseBadRequest("That page link is not valid: start again from the queue.")
    filters = filters or selectors.QueueFilters()
    query = request.GET.copy()
    query.pop("after", None)
    context = {
        "form": form,
        "page": selectors.queue_page(filters, after),
        "lanes": selectors.lanes(filters.neighbourhood),
        "filter_query": query.urlencode(),
        "bulk_form": staff_forms.BulkForm(),
        "now": timezone.now(),
        # The live queue resumes from here (reports/consumers.py): the newest history row.
        "last_event_id": CaseEvent.objects.aggregate(last=Max("id"))["last"] or 0,
    }
    return render(request, "reports/staff/queue.html", context)


@handler_view
@require_POST
def bulk(request: SignedInRequest) -> HttpResponse:
    form = staff_forms.BulkForm(request.POST)
    parsed = [bounds.parse_id(value) for value in request.POST.getlist("cases")][:100]
    ids = [pk for pk in parsed if pk is not None]
    if len(ids) != len(parsed):
        return HttpResponseBadRequest("Those are not reports on the queue.")
    if not ids or not form.is_valid():
        errors = [str(e) for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors) or "Tick the reports you want to act on.")
        return redirect("contact_centre:queue")
    rows = [
        (case, bounds.parse_count(request.POST.get(f"version-{case.pk}", "")))
        for case in selectors.reports().filter(pk__in=ids).order_by("pk")
    ]
    result = triage.triage_many(cases=rows, handler=request.user, **form.cleaned_data)
    if result.done:
        messages.success(request, f"Done: {', '.join(result.done)}.")
    for skipped in result.skipped:
        messages.warning(request, f"Already handled, nothing applied to {skipped}")
    return redirect("contact_centre:queue")


ACTION_FORMS: dict[str, type[forms.Form]] = {
    "regrade": staff_forms.RegradeForm,
    "record": staff_forms.RecordCrimeForm,
    "refer": staff_forms.ReferForm,
    "close": staff_forms.CloseForm,
    "duplicate": staff_forms.DuplicateForm,
    "message": staff_forms.MessageForm,
}
DONE = {
    "regrade": "Grade changed.",
    "record": "Crime recorded. The reporter has been told.",
    "refer": "Passed to the team. The reporter has been told.",
    "close": "Closed. The reporter has been told why.",
    "duplicate": "Closed as a duplicate. The reporter has been told.",
    "message": "Message sent to the reporter.",
}


STATE_CHANGED = (
    "Someone has already handled this report, so that is no longer possible. Nothing you did "
    "was applied; here it is as it is now."
)
HANDLER_ACTIONS = frozenset(ACTION_FORMS) | {"claim"}
TEAM_ACTIONS = frozenset({"message", "close"})


def _role_actions(case: Case, request: SignedInRequest) -> frozenset[str]:
    """What the person's capacity on the case could ever allow (anything else is a 404)."""
    roles = access.roles_on(case, request.user, verified=True)
    return HANDLER_ACTIONS if Role.HANDLER in roles else TEAM_ACTIONS


# What each outcome moves the case to: whether it is offered is the state table's answer
# (casework.states), so the page never offers what the service would refuse.
ACTION_TARGETS = {
    "record": CaseStatus.CRIME_RECORDED,
    "refer": CaseStatus.WITH_TEAM,
    "close": CaseStatus.CLOSED,
    "duplicate": CaseStatus.CLOSED,
}
TRIAGE_ONLY = frozenset({"claim", "regrade", "duplicate"})  # decisions of triage itself


def actions_for(case: Case, request: SignedInRequest) -> set[str]:
    """What this person may do on the case page now (the services check again)."""
    roles = set(access.roles_on(case, request.user, verified=True))
    allowed: set[str] = {"message"} if case.reporter_id else set()
    if Role.HANDLER in roles and case.is_untriaged:
        allowed |= {"claim", "regrade"}
    allowed |= {
        action
        for action, target in ACTION_TARGETS.items()
        if is_allowed(case.status, target, roles)
        and (action not in TRIAGE_ONLY or case.is_untriaged)
    }
    return allowed


def _render_case(
    request: SignedInRequest, case: Case, bound: dict[str, forms.Form] | None = None
) -> HttpResponse:
    record_access(case, user=request.user, action=AccessAction.VIEW)
    allowed = actions_for(case, request)
    initial = {"version": case.version, "grade": case.grade}
    action_forms = {
        name: form_class(initial=initial, prefix=name)
        for name, form_class in ACTION_FORMS.items()
        if name in allowed
    } | (bound or {})
    previous, following = selectors.neighbour_cases(case)
    context = {
        "case": case,
        "type": report_type(case.kind),
        "answers": selectors.answer_rows(case),
        "screening": selectors.screening_lines(case),
        "thrive": selectors.thrive_rows(case),
        "history": selectors.staff_history(case),
        "forms": action_forms,
        "allowed": allowed,
        "is_handler": permissions.is_call_handler(request.user),
        "previous": previous,
        "following": following,
        "now": timezone.now(),
    }
    return render(request, "reports/staff/case.html", context, status=400 if bound else 200)


@case_view
def case_page(request: SignedInRequest, reference: str) -> HttpResponse:
    return _render_case(request, _case_or_404(request, reference))


def _apply(name: str, case: Case, data: dict[str, Any], user: Any) -> None:
    """Hands the cleaned form to its one service call."""
    version = data.get("version", 0)
    if name == "regrade":
        triage.regrade(
            case, grade=data["grade"], reason=data["reason"], version=version, handler=user
        )
    elif name == "record":
        triage.record_crime(
            case, crime_reference=data["crime_reference"], version=version, handler=user
        )
    elif name == "refer":
        triage.refer_to_team(
            case, team=data["team"], explanation=data["explanation"], version=version, handler=user
        )
    elif name == "close":
        triage.close_no_further_action(
            case, explanation=data["explanation"], version=version, handler=user
        )
    elif name == "duplicate":
        triage.mark_duplicate(
            case, of_reference=data["of_reference"], version=version, handler=user
        )
    else:
        triage.message_reporter(case, author=user, body=data["body"])


@case_view
@require_POST
def act(request: SignedInRequest, reference: str, action: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    if action not in ACTION_FORMS or action not in _role_actions(case, request):
        raise Http404("No such action on this case.")
    if action not in actions_for(case, request):
        messages.warning(request, STATE_CHANGED)
        return redirect("contact_centre:case", reference=case.reference)
    return staff_actions.perform(
        request,
        ACTION_FORMS[action](request.POST, prefix=action),
        apply=lambda data: _apply(action, case, data, request.user),
        again=lambda form: _render_case(request, case, {action: form}),
        done=DONE[action],
        back=reverse("contact_centre:case", kwargs={"reference": case.reference}),
    )


@handler_view
@require_POST
def claim(request: SignedInRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    try:
        claim_case(case, handler=request.user)
    except Refusal as error:
        messages.warning(request, error.message)
    return redirect("contact_centre:case", reference=case.reference)


@handler_view
@require_POST
def release(request: SignedInRequest, reference: str) -> HttpResponse:
    case = _case_or_404(request, reference)
    release_case(case, handler=request.user)
    messages.success(request, "You gave the report back to the queue.")
    return redirect("contact_centre:queue")


@officer_view
def team(request: SignedInRequest) -> HttpResponse:
    officer = permissions.officer_of(request.user)
    after = request.GET.get("after", "")
    if officer is None or (after and selectors.decode_team_cursor(after) is None):
        return HttpResponseBadRequest("That page link is not valid: start again from the list.")
    page = selectors.team_page(officer.team_id, after)
    return render(request, "reports/staff/team.html", {"page": page, "team": officer.team})
