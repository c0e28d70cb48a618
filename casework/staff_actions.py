"""One action form on a staff case page, the same for every counter: valid, apply it through
the counter's service, say what happened; a refusal shows the form again with the reason, and
someone else's change first is a warning ("already handled"), never an error page."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from engage.refusals import AlreadyHandled, Refusal


def perform(
    request: HttpRequest,
    form: forms.Form,
    *,
    apply: Callable[[dict], None],
    again: Callable[[forms.Form], HttpResponse],
    done: str,
    back: str,
) -> HttpResponse:
    """`apply` gets the cleaned data; `again` renders the case page with the form; `back` is
    where the case page is."""
    if not form.is_valid():
        return again(form)
    try:
        apply(form.cleaned_data)
    except AlreadyHandled as error:
        messages.warning(request, error.message)
    except Refusal as error:
        form.add_error(None, error.message)
        return again(form)
    else:
        messages.success(request, done)
    return redirect(back)
