"""Ask first: police.uk's question before any form where a resident writes.

"Is anyone in danger, or is a crime happening now?" Yes: the 999 page, and nothing is written
here. No: "Is a child or a vulnerable adult at risk of harm?" Yes: where specialists can help,
and the choice to tell us privately (the post then goes to the safeguarding lane and is never
published). No: on to the form. Text screening stays as the net under the answers.

The answers live in the session for an hour per flow ("concern", and the counters that come
later), so a resident who goes back to edit, or whose double click sends the form twice, is
not asked again, and a form reached without the answers sends its writer to the questions
first. Plain GOV.UK question pages: they work without
JavaScript and by keyboard.
"""

from __future__ import annotations

import time

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

SESSION_KEY = "safety_answers"
ANSWER_SECONDS = 3600
CLEAR, AT_RISK = "clear", "at_risk"
QUESTIONS = {
    "danger": (
        "Is anyone in danger, or is a crime happening now?",
        "For example someone is hurt or threatened, a fire, a break-in or a fight going "
        "on, or the person who did it is still there or has just left.",
    ),
    "risk": (
        "Is a child or a vulnerable adult at risk of harm?",
        "For example abuse at home, neglect, a child being used to carry drugs, someone "
        "whose money or home is being taken, or someone who may harm themselves.",
    ),
}


class YesNo(forms.Form):
    answer = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes or no"},
    )


def answered(request: HttpRequest, flow: str) -> str | None:
    """CLEAR or AT_RISK when the questions were answered for `flow` within the hour."""
    answer = request.session.get(SESSION_KEY, {}).get(flow)
    if not answer or time.time() - answer["at"] > ANSWER_SECONDS:
        return None
    return answer["answer"]


def questions_url(flow: str, next_url: str) -> str:
    return f"{reverse('safety_question')}?{urlencode({'flow': flow, 'next': next_url})}"


def _remember(request: HttpRequest, flow: str, answer: str) -> None:
    answers = request.session.get(SESSION_KEY, {})
    answers[flow] = {"answer": answer, "at": time.time()}
    request.session[SESSION_KEY] = answers


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("concerns:new")


def question(request: HttpRequest) -> HttpResponse:
    """One question per page: `step` danger, then risk."""
    step = request.GET.get("step") if request.GET.get("step") in QUESTIONS else "danger"
    flow = (request.POST.get("flow") or request.GET.get("flow") or "concern")[:30]
    next_url = _safe_next(request)
    form = YesNo(request.POST or None)
    if request.method == "POST" and form.is_valid():
        yes = form.cleaned_data["answer"] == "yes"
        if step == "danger" and yes:
            return redirect("call_999")
        if step == "danger":
            return redirect(
                f"{reverse('safety_question')}?"
                f"{urlencode({'step': 'risk', 'flow': flow, 'next': next_url})}"
            )
        if yes:
            return redirect(
                f"{reverse('safeguarding_help')}?{urlencode({'flow': flow, 'next': next_url})}"
            )
        _remember(request, flow, CLEAR)
        return redirect(next_url)
    heading, hint = QUESTIONS[step]
    return render(
        request,
        "engage/safety_question.html",
        {
            "form": form,
            "heading": heading,
            "hint": hint,
            "step": step,
            "flow": flow,
            "next": next_url,
        },
        status=400 if form.errors else 200,
    )


def call_999(request: HttpRequest) -> HttpResponse:
    return render(request, "engage/call_999.html")


def safeguarding_help(request: HttpRequest) -> HttpResponse:
    """Where specialists help, and (POST) telling us privately: the post that follows goes to
    trained staff and is never published."""
    flow = (request.POST.get("flow") or request.GET.get("flow") or "concern")[:30]
    next_url = _safe_next(request)
    if request.method == "POST":
        _remember(request, flow, AT_RISK)
        return redirect(next_url)
    return render(request, "engage/safeguarding_help.html", {"flow": flow, "next": next_url})
