"""Placeholder: being built (issue 13)."""

from django.http import Http404, HttpRequest, HttpResponse


def _todo(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404("Not built yet.")


index = saved = type_page = check = sent = question = mine = status = _todo
letter = queue = case_page = upcoming = _todo
