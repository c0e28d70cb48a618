"""Who a concern reaches: follows, supports ("this affects me too"), notifications (which double
as the email outbox), and the crime-prevention advice shown beside concerns.

Split from concerns.models, which imports these classes so that they stay `concerns.models.X`
for Django (app_label "concerns"), migrations and callers: import them from concerns.models.
Field rules and predicates only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from taggit.managers import TaggableManager

from concerns.models import Category, Concern, ConcernEvent
from engage.models import Neighbourhood


class Follow(models.Model):
    """Following exactly one of: a concern, a neighbourhood, a tag."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    concern = models.ForeignKey(
        Concern, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    tag = models.ForeignKey(
        "taggit.Tag", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(concern__isnull=False, neighbourhood__isnull=True, tag__isnull=True)
                    | Q(concern__isnull=True, neighbourhood__isnull=False, tag__isnull=True)
                    | Q(concern__isnull=True, neighbourhood__isnull=True, tag__isnull=False)
                ),
                name="follow_exactly_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "concern"],
                name="follow_concern_once",
                condition=Q(concern__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "neighbourhood"],
                name="follow_neighbourhood_once",
                condition=Q(neighbourhood__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "tag"], name="follow_tag_once", condition=Q(tag__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"Follow by {self.user_id}"

    @property
    def target_name(self) -> str:
        if self.concern_id:
            return f"“{self.concern.title}”"
        if self.neighbourhood_id:
            return self.neighbourhood.name
        return f"the tag “{self.tag.name}”"


class Support(models.Model):
    """'This affects me too': one per resident per concern; only the count is ever shown."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports"
    )
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "concern"], name="support_once")]

    def __str__(self) -> str:
        return f"Support by {self.user_id} for {self.concern_id}"


class EmailState(models.TextChoices):
    NONE = "none", "Not to be emailed"
    PENDING = "pending", "To email now"
    DIGEST = "digest", "For the daily digest"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up after repeated failures"


class Notification(models.Model):
    """An in-app notification, and its email outbox row: written in the same transaction as
    the event, so a broker outage loses nothing; a scheduled sweep sends what is pending."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.ForeignKey(ConcernEvent, on_delete=models.CASCADE, related_name="+")
    message = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(
        max_length=8, choices=EmailState.choices, default=EmailState.NONE
    )
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.UUIDField(
        null=True, blank=True, editable=False, help_text="The sending run that claimed this row."
    )
    claimed_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="When a sending run claimed it; a claim older than EMAIL_CLAIM_SECONDS is "
        "taken back (its worker died mid-send).",
    )

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notify_once_per_event")
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="unread_notifications"),
            models.Index(fields=["email_state", "id"], name="email_outbox"),
        ]

    def __str__(self) -> str:
        return f"Notification {self.pk} to {self.user_id}"


class Advice(models.Model):
    """Crime-prevention advice, shown on neighbourhood pages next to matching local concerns."""

    title = models.CharField(max_length=120)
    summary = models.CharField(max_length=300)
    url = models.URLField("further reading", blank=True)
    categories = models.ManyToManyField(Category, blank=True, related_name="advice")
    tags = TaggableManager(blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "advice"

    def __str__(self) -> str:
        return self.title
