"""The staff gate: officers, moderators and admins pass TOTP (django-otp) before any staff view.

`staff_view` wraps a view: anonymous -> sign in; not a staff role -> 403; signed in but not
verified this session -> set up an authenticator (first time) or enter a code.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from engage import permissions


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def confirmed_totp_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Where to send a staff user who has not passed two-factor in this session."""
    target = "two_factor_verify" if has_confirmed_device(request.user) else "two_factor_setup"
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(target)}?{query}")


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('login')}?{query}")
        if not permissions.needs_two_factor(request.user):
            raise PermissionDenied("This page is for officers, moderators and staff.")
        if not request.user.is_verified():
            return two_factor_redirect(request)
        return view(request, *args, **kwargs)

    return wrapper


def safe_next_url(request: HttpRequest, default: str) -> str:
    """The ?next= target if it stays on this site, else `default` (no open redirects)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
