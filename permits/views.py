"""The applicant's side of the permits counter: the types, one question per page (saved on
every Continue), a stop page, check your answers, and the confirmation. The applicant's own
application pages are in permits.case_views.

Every page works without JavaScript. Applying needs an account: signed out, every draft page
sends you to sign in and back. Someone else's draft is a 404, never a 403.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casework.documents import too_big
from engage import uploads
from engage.http import SignedInRequest
from engage.refusals import EmergencyNotAcknowledged, Refusal
from permits import flow, reads
from permits.forms import AnswerForm, answer_form
from permits.models import ApplicationDraft, Question, QuestionKind
from permits.services import drafts
from permits.services.submission import submit_application

SAVED_MESSAGE = "Your application is saved. Come back to it here within 30 days."


def _draft(request: SignedInRequest, draft_id: UUID) -> ApplicationDraft:
    found = reads.draft_of(draft_id, request.user)
    if found is None:
        raise Http404("No application has that address.")
    return found


def _type(slug: str) -> Any:
    found = reads.offered_type(slug)
    if found is None:
        raise Http404("We do not take that kind of application.")
    return found


def question_url(draft: ApplicationDraft, key: str, *, change: bool = False) -> str:
    url = reverse("permits:question", kwargs={"draft": draft.pk, "key": key})
    return url + ("?change=1" if change else "")


def page_url(draft: ApplicationDraft, name: str) -> str:
    return reverse(f"permits:{name}", kwargs={"draft": draft.pk})


def resume_url(draft: ApplicationDraft, questions: list[Question] | None = None) -> str:
    """Where a saved draft picks up: the first question not yet answered, else the check."""
    questions = questions if questions is not None else flow.all_questions(draft.type)
    if flow.stopped_by(questions, draft.answers):
        return page_url(draft, "stopped")
    left = flow.unanswered(questions, draft.answers)
    return question_url(draft, left.key) if left else page_url(draft, "check")


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "permits/index.html", {"types": reads.offered_types()})


def type_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Before you start: guidance, the notice needed, the fee, who reviews it, Start now."""
    kind = _type(slug)
    context = {"type": kind, "lead_time": flow.lead_time_words(kind)}
    return render(request, "permits/type.html", context)


@require_POST
def start(request: HttpRequest, slug: str) -> HttpResponse:
    """Start now: a new draft, then its first question. Signed out: sign in, then back."""
    kind = _type(slug)
    if not request.user.is_authenticated:
        return redirect_to_login(kind.get_absolute_url())
    draft = drafts.start_draft(type=kind, owner=request.user)
    return redirect(resume_url(draft))


@login_required
@require_http_methods(["GET", "POST"])
def question(request: SignedInRequest, draft: UUID, key: str) -> HttpResponse:
    """One question: saved on Continue; "Save and come back later" keeps it for later."""
    found = _draft(request, draft)
    if found.case_id:
        return redirect(page_url(found, "sent"))
    questions = flow.all_questions(found.type)
    asked = flow.find(questions, key)
    if asked is None:
        raise Http404("This application does not ask that question.")
    if not asked.applies_to(found.answers):
        return redirect(resume_url(found, questions))
    posted = request.method == "POST"
    form = answer_form(
        asked,
        answers=found.answers,
        data=request.POST if posted else None,
        files=request.FILES if posted else None,
    )
    if posted and (saved := _save(request, found, asked, form)) is not None:
        return _onward(request, saved, questions, asked)
    return _question_page(request, found, questions, asked, form)


def _save(
    request: HttpRequest, draft: ApplicationDraft, asked: Question, form: AnswerForm
) -> ApplicationDraft | None:
    """The draft with this page's answer kept; None with the form's errors to show."""
    if uploads.upload_refused(request):  # stopped while streaming: say why
        form.add_error(None, too_big(int(settings.CASE_DOCUMENT_MAX_BYTES)).message)
        return None
    if not form.is_valid():
        return draft if "save_later" in request.POST and not form.has_changed() else None
    try:
        if form.checked_file is not None:
            return drafts.save_file(draft, key=asked.key, clean=form.checked_file)
        return drafts.save_answer(draft, key=asked.key, value=form.answer())
    except Refusal as refusal:
        form.add_error(None, refusal.message)
        return None


def _onward(
    request: HttpRequest, draft: ApplicationDraft, questions: list[Question], asked: Question
) -> HttpResponse:
    if flow.stopped_by(questions, draft.answers) is not None:
        return redirect(page_url(draft, "stopped"))
    if "save_later" in request.POST:
        messages.success(request, SAVED_MESSAGE)
        return redirect("permits:saved")
    if request.GET.get("change") == "1":  # back to the check, via any question it opened up
        return redirect(resume_url(draft, questions))
    following = flow.after(questions, draft.answers, asked.key)
    return redirect(question_url(draft, following.key) if following else page_url(draft, "check"))


def _question_page(
    request: HttpRequest,
    draft: ApplicationDraft,
    questions: list[Question],
    asked: Question,
    form: AnswerForm,
) -> HttpResponse:
    previous = flow.before(questions, draft.answers, asked.key)
    if request.GET.get("change") == "1":
        back = page_url(draft, "check")
    else:
        back = question_url(draft, previous.key) if previous else draft.type.get_absolute_url()
    saved = form.saved if isinstance(form.saved, dict) else {}
    context = {
        "draft": draft,
        "type": draft.type,
        "question": asked,
        "form": form,
        "back": back,
        "saved_name": saved.get("name", "") if asked.kind == QuestionKind.FILE else "",
    }
    return render(request, "permits/question.html", context, status=400 if form.errors else 200)


@login_required
def stopped(request: SignedInRequest, draft: UUID) -> HttpResponse:
    """An answer meant no application is needed here: why, and what to do instead."""
    found = _draft(request, draft)
    questions = flow.all_questions(found.type)
    stop = flow.stopped_by(questions, found.answers) if not found.case_id else None
    if stop is None:
        return redirect(resume_url(found, questions))
    context = {"type": found.type, "question": stop, "change": question_url(found, stop.key)}
    return render(request, "permits/stopped.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check(request: SignedInRequest, draft: UUID) -> HttpResponse:
    """Check your answers, with a Change link per question and the fee; sending files it."""
    found = _draft(request, draft)
    if found.case_id:
        return redirect(page_url(found, "sent"))
    questions = flow.all_questions(found.type)
    if resume_url(found, questions) != page_url(found, "check"):
        return redirect(resume_url(found, questions))
    error = ""
    if request.method == "POST":
        try:
            submit_application(
                draft=found,
                applicant=request.user,
                acknowledged_emergency="emergency_understood" in request.POST,
            )
        except EmergencyNotAcknowledged:
            return render(request, "permits/emergency.html", {"action": request.path})
        except Refusal as refusal:
            error = refusal.message
        else:
            return redirect(page_url(found, "sent"))
    context = _check_context(found, questions, error)
    return render(request, "permits/check.html", context, status=400 if error else 200)


def _check_context(
    draft: ApplicationDraft, questions: list[Question], error: str
) -> dict[str, Any]:
    kind = draft.type
    rows = [
        (row, question_url(draft, row.key, change=True))
        for row in flow.rows(questions, draft.answers)
    ]
    starts = flow.starts_at(questions, draft.answers)
    asked = flow.asked(questions, draft.answers)
    return {
        "draft": draft,
        "type": kind,
        "rows": rows,
        "late": flow.is_late(kind, starts),
        "error": error,
        "back": question_url(draft, asked[-1].key) if asked else kind.get_absolute_url(),
    }


@login_required
def sent(request: SignedInRequest, draft: UUID) -> HttpResponse:
    found = _draft(request, draft)
    if not found.case_id:
        return redirect(page_url(found, "check"))
    return render(request, "permits/sent.html", {"case": found.case, "type": found.type})


@login_required
def saved(request: SignedInRequest) -> HttpResponse:
    rows = [(draft, resume_url(draft)) for draft in reads.saved_drafts(request.user)]
    return render(request, "permits/saved.html", {"drafts": rows})
