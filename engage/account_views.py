"""Account pages: sign up, verify email, profile, and the two-factor steps for staff roles."""

from __future__ import annotations

from base64 import b32encode
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from engage import permissions, ratelimit, selectors, services
from engage.forms import ProfileForm, SecondFactorForm, SignupForm, TokenForm
from engage.http import SignedInRequest
from engage.models import normalise_email
from engage.qr import totp_qr_svg
from engage.two_factor import confirmed_totp_device, safe_next_url, staff_view

if TYPE_CHECKING:
    from engage.models import User


def signup(request: HttpRequest) -> HttpResponse:
    """Only valid sign-ups count towards the per-address limit: typos cost a resident nothing."""
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowance = ratelimit.hit(
            "signup-ip",
            ratelimit.client_ip(request),
            limit=settings.SIGNUP_RATE_PER_IP,
            window=3600,
        )
        if not allowance.allowed:
            minutes = max(1, allowance.retry_after // 60)
            return render(
                request, "registration/signup_limited.html", {"minutes": minutes}, status=429
            )
        services.register_resident(**form.cleaned_data)
        return render(
            request, "registration/signup_done.html", {"email": form.cleaned_data["email"]}
        )
    return render(
        request, "registration/signup.html", {"form": form}, status=400 if form.errors else 200
    )


def verify_email(request: HttpRequest, token: str) -> HttpResponse:
    user = services.verify_email(token=token)
    return render(
        request,
        "registration/verify_email.html",
        {"verified_user": user},
        status=200 if user else 400,
    )


@login_required
@require_POST
def resend_verification(request: SignedInRequest) -> HttpResponse:
    allowance = ratelimit.hit("verify-resend", str(request.user.pk), limit=3, window=3600)
    if request.user.email_verified:
        messages.info(request, "Your email address is already confirmed.")
    elif allowance.allowed:
        services.send_verification_email(user=request.user)
        messages.success(request, f"We have sent a new link to {request.user.email}.")
    else:
        messages.error(
            request,
            "We have sent 3 links in the last hour. Check your spam folder, or try again later.",
        )
    return redirect("profile")


@login_required
def profile(request: SignedInRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        services.update_profile(user=request.user, **form.cleaned_data)
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(
        request,
        "registration/profile.html",
        {
            "form": form,
            "officer": permissions.officer_of(request.user),
            "has_device": confirmed_totp_device(request.user) is not None,
            "recovery_codes_left": selectors.recovery_codes_left(request.user),
        },
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_setup(request: SignedInRequest) -> HttpResponse:
    """First time: show the secret (QR and text), confirm with a code, then pass two-factor."""
    if confirmed_totp_device(request.user):
        query = urlencode({"next": safe_next_url(request, reverse("staff_home"))})
        return redirect(f"{reverse('two_factor_verify')}?{query}")
    # Nothing is saved until a code confirms the key: the key rides in a signed form field.
    proposed = request.method == "POST" and services.proposed_totp_device(
        user=request.user, token=request.POST.get("setup", "")
    )
    device, setup = (
        (proposed, request.POST["setup"])
        if proposed
        else services.propose_totp_device(user=request.user)
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        tries = ratelimit.hit("totp-setup", str(request.user.pk), limit=10, window=900)
        if (
            tries.allowed
            and proposed
            and services.confirm_totp_device(device=device, token=form.cleaned_data["token"])
        ):
            request.session.cycle_key()  # a new session id for the new privilege
            otp_login(request, device)
            messages.success(request, "Two-factor authentication is set up.")
            return _show_recovery_codes(request, safe_next_url(request, reverse("staff_home")))
        form.add_error("token", "That code is wrong or has expired. Enter the newest code")
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "secret": _base32(device),
            "qr_svg": totp_qr_svg(device),
            "setup": setup,
            "next": safe_next_url(request, ""),
        },
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_verify(request: SignedInRequest) -> HttpResponse:
    if confirmed_totp_device(request.user) is None:
        return redirect("two_factor_setup")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        passed = services.check_second_factor(user=request.user, code=form.cleaned_data["token"])
        if passed.device is not None:
            request.session.cycle_key()  # a new session id for the new privilege
            otp_login(request, passed.device)
            if passed.recovery:
                messages.warning(request, _codes_left(request.user))
            return redirect(safe_next_url(request, reverse("staff_home")))
        form.add_error("token", _refusal(passed))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": safe_next_url(request, "")},
        status=400 if form.errors else 200,
    )


@staff_view
def recovery_codes(request: SignedInRequest) -> HttpResponse:
    """New recovery codes on a POST (the old ones stop working); only after two-factor."""
    if request.method == "POST":
        return _show_recovery_codes(request, reverse("profile"))
    return render(
        request,
        "registration/two_factor_recovery_codes_new.html",
        {"left": selectors.recovery_codes_left(request.user)},
    )


def _show_recovery_codes(request: HttpRequest, next_url: str) -> HttpResponse:
    # Rendered into the POST's own response, never stored for a later page: shown this once.
    codes = services.issue_recovery_codes(user=request.user)
    return render(
        request,
        "registration/two_factor_recovery_codes.html",
        {"codes": codes, "next_url": next_url},
    )


def _codes_left(user: User) -> str:
    left = selectors.recovery_codes_left(user)
    if left == 0:
        return "You used your last recovery code. Get new codes from your account page now."
    return (
        f"You used a recovery code. It will not work again. You have {left} left: "
        "get new codes from your account page if you are running low."
    )


def _refusal(passed: services.SecondFactor) -> str:
    if passed.locked_until is None:
        return "That code is wrong or has expired. Enter the newest code"
    seconds = max(1, int((passed.locked_until - timezone.now()).total_seconds()) + 1)
    return (
        f"Too many wrong codes. Wait {seconds} second{'s' if seconds != 1 else ''}, "
        "then enter the newest code"
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset form with two limits (issue 16, item 6): per address, silently (the page
    says the same either way, so the limit reveals nothing about who has an account), and per
    client address, with a 429. Both count in Redis and fail open if it is down."""

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        client = ratelimit.hit(
            "reset-ip",
            ratelimit.client_ip(self.request),
            limit=settings.PASSWORD_RESETS_PER_IP,
            window=3600,
        )
        if not client.allowed:
            return render(
                self.request,
                "registration/password_reset_limited.html",
                {"minutes": max(1, client.retry_after // 60)},
                status=429,
            )
        address = normalise_email(form.cleaned_data["email"])
        if ratelimit.hit(
            "reset-address", address, limit=settings.PASSWORD_RESETS_PER_ADDRESS, window=3600
        ).allowed:
            return super().form_valid(form)
        return redirect(self.get_success_url())


def _base32(device: TOTPDevice) -> str:
    return b32encode(device.bin_key).decode()
