"""A resident's own pages: their concerns, what they follow, notifications, unsubscribing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from concerns import selectors, services
from concerns.services import notifications as notifications_service
from engage.http import SignedInRequest


@login_required
def my_concerns(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "concerns/mine.html",
        {"page": selectors.my_concerns(request.user, request.GET.get("after"))},
    )


@login_required
def following(request: SignedInRequest) -> HttpResponse:
    return render(request, "concerns/following.html", {"follows": selectors.followed(request.user)})


@login_required
@require_POST
def stop_following(request: SignedInRequest, pk: int) -> HttpResponse:
    follow = services.stop_following(user=request.user, follow_id=pk)
    if follow is not None:
        messages.success(request, f"You no longer follow {follow.target_name}.")
    return redirect("concerns:following")


@login_required
def notifications(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        notifications_service.mark_all_read(request.user)
        messages.success(request, "All notifications are marked as read.")
        return redirect("concerns:notifications")
    return render(
        request,
        "concerns/notifications.html",
        {"page": selectors.notifications_page(request.user, request.GET.get("after"))},
    )


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from an email, no sign-in: the signed token names the person. A GET only
    shows the button, so mail scanners that follow links cannot unsubscribe anyone."""
    user = notifications_service.unsubscriber(token)
    if user is None:
        return render(request, "concerns/unsubscribe.html", {"invalid": True}, status=400)
    done = request.method == "POST"
    if done:
        notifications_service.unsubscribe(user)
    return render(request, "concerns/unsubscribe.html", {"done": done, "email": masked(user.email)})


def masked(email: str) -> str:
    """'jane.smith@example.com' -> 'j***@example.com': whoever holds the link learns little."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"
