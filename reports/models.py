"""A report in the making: a draft saved at every step, resumed later, submitted once.

The submitted report is a casework.Case (counter "report"); the draft is deleted when it is
submitted (its files move to the case) or when it expires unsubmitted.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from casework.models import Case, private_files

DRAFT_DAYS = 30


def draft_expiry() -> datetime:
    return timezone.now() + timedelta(days=DRAFT_DAYS)


class ReportDraft(models.Model):
    """Answers so far, one step at a time. Owned by an account, or for an anonymous "tell us
    about" by the browser session that started it. The id is the unguessable part of its URL."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="report_drafts",
    )
    session_key = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=40)
    answers = models.JSONField(default=dict, blank=True)
    at_risk = models.BooleanField(default=False, help_text="Said a child or adult is at risk.")
    source_concern_ref = models.CharField(max_length=12, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(default=draft_expiry)
    case = models.OneToOneField(
        Case,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Set when submitted: sending the last page again shows this case.",
    )

    class Meta:
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="draft_by_owner"),
            models.Index(fields=["expires_at"], name="draft_expiry"),
        ]

    def __str__(self) -> str:
        return f"Draft {self.kind} {self.pk}"


class DraftDocument(models.Model):
    """An evidence file attached while the report is a draft (checked and cleaned exactly as
    a case document is: casework.documents)."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(storage=private_files, upload_to="drafts/%Y/%m/")
    name = models.CharField(max_length=120)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "sha256"], name="one_copy_per_draft"),
        ]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    """A recorded report's hand-over to the force's records system: one row per case and
    crime reference number (a report reopened and recorded again under a new number is
    handed over again). The body is built when the row is queued and stored as the exact
    bytes sent, so every retry sends the same JSON; the outbox retries it, and the receiver
    dedupes on reference and crime reference (exactly once in effect)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deliveries")
    crime_reference = models.CharField(max_length=30, blank=True)
    body = models.TextField(
        blank=True, help_text="The JSON sent, exactly (reports.records_wire), fixed at queueing."
    )
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    receipt = models.CharField(
        max_length=80, blank=True, help_text="The records system's id for it."
    )
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["case", "crime_reference"], name="one_delivery_per_crime_reference"
            )
        ]

    def __str__(self) -> str:
        return f"Hand-over of {self.case.reference} ({self.crime_reference or 'no CRN'})"
