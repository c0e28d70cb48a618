"""API keys issued in the admin, and what each Open311 POST left behind (its token and the
reporter's contact details, kept private).

Field rules only: issuing a key and recording a submission are in api.open311.services.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from concerns.models import Concern


def hash_key(raw: str) -> str:
    """Keys are 32 random bytes, so one SHA-256 is enough: a slow hash guards guessable
    passwords, and nobody guesses 256 bits."""
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(16)


class ApiKey(models.Model):
    """A third party allowed to POST service requests. The raw key is shown once, when the key
    is issued; only its hash is stored. Each key posts as its own service account (`account`),
    so the web form's rules (verified account, hourly quota, sanctions) hold for it too."""

    name = models.CharField(
        max_length=80, unique=True, help_text="Who holds it, like 'FixMyStreet'"
    )
    prefix = models.CharField(max_length=8, editable=False, help_text="To recognise the key.")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_key", editable=False
    )
    is_active = models.BooleanField("active", default=True)
    rate_limit_per_hour = models.PositiveIntegerField(
        default=60, help_text="POSTs this key may make in an hour (any outcome)."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiSubmission(models.Model):
    """A concern posted through Open311: the token its poster polls, and the contact details
    they sent (`email`, names, phone). Private: never in any API answer, seen by staff only."""

    concern = models.OneToOneField(Concern, on_delete=models.CASCADE, related_name="+")
    api_key = models.ForeignKey(ApiKey, on_delete=models.PROTECT, related_name="submissions")
    token = models.CharField(max_length=32, unique=True, default=new_token, editable=False)
    email = models.EmailField(blank=True)
    first_name = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Open311 submission"

    def __str__(self) -> str:
        return f"{self.concern_id} via {self.api_key_id}"
