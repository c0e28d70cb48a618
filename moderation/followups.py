"""What moderators' judgements leave besides the decision log: labelled screening examples for
the next training round (moderation/services/learning.py), and urgent items escalated because
nobody claimed them in time (moderation/services/escalation.py).

Defined here and imported at the end of moderation.models, where Django (app_label
"moderation"), migrations and callers find them: import them from moderation.models.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone

from concerns.models import Concern, ResidentUpdate
from moderation.models import Lane, QueueItem

if TYPE_CHECKING:
    from datetime import timedelta


class ExampleSource(models.TextChoices):
    MOVED = "moved", "Moved to another lane"
    DIVERTED = "diverted", "Diverted"


class ScreeningExample(models.Model):
    """A post a moderator judged (moved to another lane, or diverted), kept as a labelled
    example for the next training round (`manage.py export_screening_examples`). Staff only;
    deleted with the post it quotes (CASCADE) and at the end of the retention period."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="+")
    update = models.ForeignKey(
        ResidentUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    text = models.TextField(help_text="The post as screening read it (title and text).")
    screened_lane = models.CharField(max_length=16, choices=Lane.choices)
    moderator_label = models.CharField(
        max_length=16,
        help_text="The corpus label the moderator's judgement gives (emergency, "
        "safeguarding, personal_data, crime_report, clean).",
    )
    source = models.CharField(max_length=8, choices=ExampleSource.choices)
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    purge_after = models.DateTimeField(
        help_text="It may quote personal data a moderator later "
        "removed: deleted then, like redacted "
        "originals."
    )

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.screened_lane} → {self.moderator_label} ({self.concern.ref})"


class UrgentEscalation(models.Model):
    """An urgent item nobody claimed within URGENT_ESCALATE_MINUTES: one row per item (the
    one-to-one makes it exactly once), with the delivery of its email and control-room webhook
    recorded here and retried by the sweep until done (moderation/services/escalation.py)."""

    item = models.OneToOneField(
        QueueItem, on_delete=models.CASCADE, related_name="urgent_escalation"
    )
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_recipients = models.PositiveSmallIntegerField(default=0)
    webhook_delivered_at = models.DateTimeField(null=True, blank=True)
    webhook_attempts = models.PositiveSmallIntegerField(default=0)
    webhook_next_attempt_at = models.DateTimeField(null=True, blank=True)
    webhook_claimed_until = models.DateTimeField(null=True, blank=True)
    webhook_last_error = models.CharField(max_length=300, blank=True)
    webhook_gave_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Escalated {self.item}"

    @property
    def waited(self) -> timedelta:
        return self.created_at - self.item.created_at

    @property
    def webhook_state(self) -> str:
        if self.webhook_delivered_at:
            return "delivered"
        if self.webhook_gave_up_at:
            return "failed"
        return "retrying" if self.webhook_attempts else "waiting"
