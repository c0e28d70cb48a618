"""A resident's own pages: their concerns, what they follow, notifications, unsubscribing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.utils import timezone

from concerns import selectors, services
from concerns.models import EmailState, Notification
from engage.models import EmailPreference, User

UNSUBSCRIBE_MAX_AGE = 60 * 60 * 24 * 365  # a year: old emails' links still work


@login_required
def my_concerns(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/mine.html",
                  {"page": selectors.my_concerns(request.user, request.GET.get("after"))})


@login_required
def following(request: HttpRequest) -> HttpResponse:
    return render(request, "concerns/following.html",
                  {"follows": selectors.followed(request.user)})


@login_required
@require_POST
def stop_following(request: HttpRequest, pk: int) -> HttpResponse:
    follow = services.stop_following(user=request.user, follow_id=pk)
    if follow is not None:
        messages.success(request, f"You no longer follow {follow.target_name}.")
    return redirect("concerns:following")


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(
            read_at=timezone.now())
        messages.success(request, "All notifications are marked as read.")
        return redirect("concerns:notifications")
    return render(request, "concerns/notifications.html",
                  {"page": selectors.notifications_page(request.user, request.GET.get("after"))})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from an email, no sign-in: the signed token names the person. A GET only
    shows the button, so mail scanners that follow links cannot unsubscribe anyone."""
    try:
        user = User.objects.get(pk=signing.loads(token, salt="engage.unsubscribe",
                                                 max_age=UNSUBSCRIBE_MAX_AGE))
    except (signing.BadSignature, User.DoesNotExist):
        return render(request, "concerns/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        User.objects.filter(pk=user.pk).update(email_preference=EmailPreference.NEVER)
        Notification.objects.filter(user=user, email_state__in=[
            EmailState.PENDING, EmailState.DIGEST]).update(email_state=EmailState.NONE)
    return render(request, "concerns/unsubscribe.html", {"done": done, "email": masked(user.email)})


def masked(email: str) -> str:
    """'jane.smith@example.com' -> 'j***@example.com': whoever holds the link learns little."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
