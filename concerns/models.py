"""Concerns and everything hanging off them: events, officer replies, resident updates; and,
defined in concerns.audience and imported at the end, follows, supports ("this affects me
too"), notifications (which double as the email outbox), advice.

Field rules, predicates and chainable QuerySets only: every write that matters is in services.py.
"""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from taggit.managers import TaggableManager

from concerns.states import PUBLIC_STATES, ConcernStatus, Diversion
from engage.models import Neighbourhood, Team

if TYPE_CHECKING:
    from engage.models import User

REF_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U to misread
TITLE_MAX = 120
BODY_MAX = 5000
_HOUSE_NUMBER = re.compile(r"(?<![A-Za-z])\d+[A-Za-z]?\b")
_FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b", re.IGNORECASE)


def new_reference() -> str:
    """'C-7K2M9Q': short to read out on the phone, too sparse to guess (32^6 = 1.07 billion)."""
    return "C-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(6))


def validate_street_location(value: str) -> None:
    """A street or landmark is fine; a house number or full postcode points at someone's home."""
    if _HOUSE_NUMBER.search(value) or _FULL_POSTCODE.search(value):
        raise ValidationError(
            "Give the street or a landmark, like 'Buck Street by the market', not a house "
            "number or a full postcode.",
            code="too_precise",
        )


class Category(models.Model):
    """A force-defined kind of concern (anti-social behaviour, drugs, road safety...)."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(unique=True)
    description = models.CharField(max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class ConcernQuerySet(models.QuerySet):
    def public(self) -> ConcernQuerySet:
        return self.filter(status__in=PUBLIC_STATES)

    def visible_to(self, user: User) -> ConcernQuerySet:
        """Public ones, plus the user's own in any state. Staff see more via their own views."""
        if user is None or not user.is_authenticated:
            return self.public()
        return self.filter(Q(status__in=PUBLIC_STATES) | Q(author=user))

    def for_listing(self) -> ConcernQuerySet:
        return self.select_related("neighbourhood", "category").order_by("-published_at", "-id")


class Concern(models.Model):
    ref = models.CharField(
        "reference", max_length=8, unique=True, default=new_reference, editable=False
    )
    slug = models.SlugField(max_length=70, editable=False)
    title = models.CharField(max_length=TITLE_MAX)
    body = models.TextField(max_length=BODY_MAX, help_text="Markdown, as the resident typed it.")
    body_html = models.TextField(editable=False, help_text="Cooked once by engage.text.")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="concerns")
    tags = TaggableManager(blank=True)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="concerns"
    )
    location = models.CharField(
        "street or landmark", max_length=120, blank=True, validators=[validate_street_location]
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns"
    )
    show_author_name = models.BooleanField(default=True)
    status = models.CharField(
        max_length=12, choices=ConcernStatus.choices, default=ConcernStatus.SUBMITTED, db_index=True
    )
    status_before_hidden = models.CharField(max_length=12, blank=True, editable=False)
    diverted_to = models.CharField(max_length=16, choices=Diversion.choices, blank=True)
    submission_key = models.UUIDField(editable=False, help_text="One concern per form submission.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    first_reply_at = models.DateTimeField(null=True, blank=True, editable=False)
    reply_due_at = models.DateTimeField(null=True, blank=True, editable=False)
    supporters_count = models.PositiveIntegerField(default=0, editable=False)
    lane = models.CharField(
        max_length=16,
        default="standard",
        db_index=True,
        editable=False,
        help_text="The moderation lane screening put it in.",
    )
    screening = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="What screening found (for moderators only).",
    )
    outcome = models.TextField("you said, we did", blank=True, max_length=BODY_MAX)
    outcome_html = models.TextField(blank=True, editable=False)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="one_concern_per_submission"
            )
        ]
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="concern_listing"),
            models.Index(
                fields=["neighbourhood", "status", "-published_at", "-id"],
                name="concern_neighbourhood_listing",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.slug = slugify(self.title)[:70] or "concern"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("concerns:detail", kwargs={"ref": self.ref, "slug": self.slug})

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATES

    @property
    def public_author(self) -> str:
        """What the public sees: the display name, or 'a resident of <neighbourhood>'."""
        if self.show_author_name:
            return self.author.display_name
        return f"a resident of {self.neighbourhood.name}"


class EventKind(models.TextChoices):
    STATUS = "concern.status", "status changed"
    PUBLISHED = "concern.published", "published"
    REPLY = "reply.added", "officer replied"
    REPLY_EDITED = "reply.edited", "officer edited a reply"
    UPDATE = "update.added", "resident added an update"
    OUTCOME = "concern.outcome", "the team recorded what was done"
    MODERATION = "concern.moderated", "a moderator told the author something"


class ConcernEvent(models.Model):
    """The audit trail and the live-update stream: one row per change, written in the same
    transaction as the change. Its id is monotonic: sockets resume from the last id they saw."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_status = models.CharField(max_length=12, blank=True, choices=ConcernStatus.choices)
    to_status = models.CharField(max_length=12, blank=True, choices=ConcernStatus.choices)
    note = models.TextField(blank=True)
    is_public = models.BooleanField(default=False)
    reply = models.ForeignKey(
        "Reply", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    update = models.ForeignKey(
        "ResidentUpdate", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.concern.ref} {self.kind} {self.from_status}->{self.to_status}"


class ReplyStatus(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for sign-off"
    REJECTED = "rejected", "Not published"


class ReplyQuerySet(models.QuerySet):
    def published(self) -> ReplyQuerySet:
        return self.filter(status=ReplyStatus.PUBLISHED)


class Reply(models.Model):
    """An officer's public answer. The badge is captured from the role when written. Teams
    that ask for it have replies signed off by a moderator first (status pending)."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concern_replies"
    )
    badge = models.CharField(max_length=150, editable=False)
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=10, choices=ReplyStatus.choices, default=ReplyStatus.PUBLISHED
    )
    share_on_x = models.BooleanField(
        default=False,
        editable=False,
        help_text="The officer asked to post it on the team's X "
        "account too (acted on when it is published).",
    )

    objects = ReplyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "replies"

    def __str__(self) -> str:
        return f"Reply by {self.badge} on {self.concern.ref}"


class ReplyRevision(models.Model):
    """What a reply said before each edit: edits keep their history."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["replaced_at", "id"]

    def __str__(self) -> str:
        return f"Revision of reply {self.reply_id} by {self.edited_by_id}"


class ReplyTemplate(models.Model):
    """A team's canned answer, to start a reply from."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="reply_templates")
    title = models.CharField(max_length=80)
    body = models.TextField(max_length=BODY_MAX)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title"], name="unique_template_title")
        ]

    def __str__(self) -> str:
        return self.title


class UpdateStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting moderation"
    PUBLISHED = "published", "Published"
    REJECTED = "rejected", "Not published"


class ResidentUpdate(models.Model):
    """A resident's follow-up on a published concern, moderated exactly like a concern."""

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concern_updates"
    )
    body = models.TextField(max_length=BODY_MAX)
    body_html = models.TextField(editable=False)
    status = models.CharField(
        max_length=10, choices=UpdateStatus.choices, default=UpdateStatus.SUBMITTED
    )
    lane = models.CharField(max_length=16, default="standard", editable=False)
    screening = models.JSONField(default=list, blank=True, editable=False)
    submission_key = models.UUIDField(editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "submission_key"], name="one_update_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"Update {self.pk} on {self.concern_id} ({self.status})"


# Imported last: concerns.audience builds on the classes above. Importing them here registers
# them when Django loads this app's models and keeps `concerns.models.Follow` working.
from concerns.audience import Advice, EmailState, Follow, Notification, Support  # noqa: E402

__all__ = [
    "BODY_MAX",
    "TITLE_MAX",
    "Advice",
    "Category",
    "Concern",
    "ConcernEvent",
    "ConcernQuerySet",
    "EmailState",
    "EventKind",
    "Follow",
    "Notification",
    "Reply",
    "ReplyQuerySet",
    "ReplyRevision",
    "ReplyStatus",
    "ReplyTemplate",
    "ResidentUpdate",
    "Support",
    "UpdateStatus",
    "new_reference",
    "validate_street_location",
]
