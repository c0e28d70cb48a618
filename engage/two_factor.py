"""The staff gate: officers, moderators and admins pass TOTP (django-otp) before any staff view.

`staff_view` wraps a view: anonymous -> sign in; not a staff role -> 403; signed in but not
verified this session -> set up an authenticator (first time) or enter a code.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from engage import permissions

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.base import SessionBase

    from engage.models import User


def has_confirmed_device(user: User | AnonymousUser) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def passed_two_factor(user: User | AnonymousUser | None, session: SessionBase | None) -> bool:
    """For sockets, which django-otp's middleware never sees: the rule it applies over HTTP
    (where the answer is `request.user.is_verified()`). The session names a device, and that
    device still exists, is confirmed and belongs to this user. Reads the database: call it
    off the event loop."""
    if user is None or not user.is_authenticated or session is None:
        return False
    device = Device.from_persistent_id(session.get(DEVICE_ID_SESSION_KEY) or "")
    return bool(device and device.user_id == user.pk and device.confirmed)


def two_factor_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Where to send a staff user who has not passed two-factor in this session."""
    target = "two_factor_verify" if has_confirmed_device(request.user) else "two_factor_setup"
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(target)}?{query}")


def staff_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('login')}?{query}")
        if not permissions.has_staff_role(request.user):
            raise PermissionDenied("This page is for officers, moderators and staff.")
        # django-otp's middleware adds is_verified to request.user; the stubs cannot know.
        if not request.user.is_verified():  # type: ignore[attr-defined]
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
