"""Moderation's records about residents, apart from the queue: their flags on published
concerns and the sanctions on their accounts. Imported back into moderation.models, where
Django and callers find them.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from concerns.models import Concern


class FlagReason(models.TextChoices):
    PERSONAL_DATA = "personal_data", "It contains personal information"
    NAMES_PERSON = "names_person", "It names or identifies a person"
    URGENT = "urgent", "Someone is in danger now"
    ABUSIVE = "abusive", "It is abusive or hateful"
    SPAM = "spam", "It is spam or advertising"
    OTHER = "other", "Something else"


SERIOUS_FLAGS = frozenset({FlagReason.PERSONAL_DATA, FlagReason.URGENT})


class Flag(models.Model):
    """A resident's report about published content. One per person per concern; weighted."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=16, choices=FlagReason.choices)
    text = models.CharField(max_length=500, blank=True)
    weight = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    reviewed = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["concern", "user"], name="flag_once_per_person")
        ]

    def __str__(self) -> str:
        return f"Flag ({self.reason}) on {self.concern_id}"


class SanctionKind(models.TextChoices):
    WARN = "warn", "Warning"
    RESTRICT = "restrict", "Posting restricted"
    BLOCK = "block", "Blocked"


class Sanction(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=8, choices=SanctionKind.choices)
    reason = models.TextField()
    until = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until lifted (blocks) or not applicable."
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.user_id}"

    def is_in_force(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return (
            self.kind != SanctionKind.WARN
            and self.lifted_at is None
            and (self.until is None or self.until > now)
        )
