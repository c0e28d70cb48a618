"""The admin site, behind the same sign-in and two-factor as every other staff view."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from engage.two_factor import safe_next_url, two_factor_redirect


class EngageAdminSite(admin.AdminSite):
    site_header = "Engage administration"
    site_title = "Engage admin"
    index_title = "People, places and settings"

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and user.is_staff and user.is_verified())  # type: ignore[attr-defined]  # django-otp adds it

    def login(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """One sign-in page for everyone; a staff admin without two-factor goes to it next."""
        user = request.user
        next_url = safe_next_url(request, reverse("admin:index"))
        if self.has_permission(request):
            return HttpResponseRedirect(next_url)
        if user.is_authenticated and user.is_active and user.is_staff:
            return two_factor_redirect(request)
        if user.is_authenticated and not user.is_staff:
            raise PermissionDenied("The admin site is for staff admins.")
        return HttpResponseRedirect(f"{reverse('login')}?{urlencode({'next': next_url})}")
