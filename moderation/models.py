"""The moderation queue and what hangs off it: decisions (the append-only log), notes, redacted
originals, appeals, community flags, sanctions, the queue's event stream, screening examples
and urgent escalations. Flags and sanctions are defined in moderation/residents.py, screening
examples and urgent escalations in moderation/followups.py, and imported here.

Field rules, predicates and chainable QuerySets only: every write is in moderation/services/,
and every change to a concern goes through concerns.services.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from concerns.models import Concern, Reply, ResidentUpdate
from concerns.states import Diversion
from engage import claims, permissions
from engage.models import Neighbourhood
from moderation import lanes
from moderation.residents import (  # noqa: F401
    SERIOUS_FLAGS,
    Flag,
    FlagReason,
    Sanction,
    SanctionKind,
)

if TYPE_CHECKING:
    from datetime import datetime

    from engage.models import User


class Lane(models.TextChoices):
    URGENT = "urgent", "Urgent"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    PERSONAL_DATA = "personal_data", "Personal data"
    STANDARD = "standard", "Standard"


# The choices list lanes as moderation.lanes orders them, so every lane menu and tally reads
# most serious first; the order itself is only ever taken from moderation.lanes.
assert tuple(Lane.values) == lanes.LANES


class Kind(models.TextChoices):
    CONCERN = "concern", "New concern"
    UPDATE = "update", "Resident update"
    REPLY = "reply", "Officer reply for sign-off"
    FLAG = "flag", "Community flags"
    APPEAL = "appeal", "Appeal"


class ItemState(models.TextChoices):
    PENDING = "pending", "Waiting"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed (handled elsewhere)"


class QueueItemQuerySet(models.QuerySet):
    def pending(self) -> QueueItemQuerySet:
        return self.filter(state=ItemState.PENDING)

    def in_scope_of(self, user: User) -> QueueItemQuerySet:
        """What this moderator may see: everything for a global one, their wards otherwise."""
        scope = permissions.moderation_scope(user)
        return self.none() if scope is None else scope.filter(self)

    def in_queue_order(self) -> QueueItemQuerySet:
        return self.order_by(*QUEUE_ORDER)


QUEUE_ORDER = ("lane_rank", "deadline", "created_at", "id")


class QueueItem(models.Model):
    """One thing a moderator must decide. `version` goes up with every claim and decision, so
    a form carrying an older version is told "someone already handled this"."""

    kind = models.CharField(max_length=8, choices=Kind.choices)
    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="queue_items")
    update = models.ForeignKey(
        ResidentUpdate, on_delete=models.CASCADE, null=True, blank=True, related_name="queue_items"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="queue_items"
    )
    appeal = models.OneToOneField(
        "Appeal", on_delete=models.CASCADE, null=True, blank=True, related_name="queue_item"
    )
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.PROTECT, related_name="+")
    lane = models.CharField(max_length=16, choices=Lane.choices, default=Lane.STANDARD)
    lane_rank = models.PositiveSmallIntegerField(
        default=lanes.lane_rank(lanes.LEAST_SERIOUS), editable=False
    )
    deadline = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=ItemState.choices, default=ItemState.PENDING)
    version = models.PositiveIntegerField(default=1)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    claim_expires_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    lane_moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The moderator who put the item in its lane, overruling "
        "screening; empty while the lane is screening's.",
    )

    objects = QueueItemQuerySet.as_manager()

    class Meta:
        constraints = [
            # One open item per thing: resubmitting or a second flag never queues it twice.
            models.UniqueConstraint(
                fields=["kind", "concern"],
                name="one_pending_per_concern",
                condition=Q(
                    state="pending", update__isnull=True, appeal__isnull=True, reply__isnull=True
                ),
            ),
            models.UniqueConstraint(
                fields=["reply"],
                name="one_pending_per_reply",
                condition=Q(state="pending", reply__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["update"],
                name="one_pending_per_update",
                condition=Q(state="pending", update__isnull=False),
            ),
        ]
        indexes = [
            models.Index(
                fields=list(QUEUE_ORDER), name="queue_order", condition=Q(state="pending")
            ),
            models.Index(
                fields=["neighbourhood", *QUEUE_ORDER],
                name="queue_by_neighbourhood",
                condition=Q(state="pending"),
            ),
            models.Index(fields=["deadline"], name="queue_deadlines", condition=Q(state="pending")),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.concern.ref}"

    def get_absolute_url(self) -> str:
        return reverse("moderation:item", kwargs={"pk": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.state == ItemState.PENDING

    def claimed_by_other(self, user: User, now: datetime | None = None) -> bool:
        return claims.claimed_by_other(self, user, now)

    @property
    def is_overdue(self) -> bool:
        return self.is_pending and self.deadline < timezone.now()

    @property
    def subject(self) -> Concern | ResidentUpdate | Reply:
        """The text the moderator reads: the update or reply itself, the concern otherwise."""
        if self.update_id:
            return self.update
        return self.reply if self.reply_id else self.concern

    @property
    def has_title(self) -> bool:
        return not (self.update_id or self.reply_id)


class LaneCount(models.Model):
    """Pending items per lane and neighbourhood, kept in step by the services, so the queue
    shows its counts without counting a table that grows without bound."""

    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    lane = models.CharField(max_length=16, choices=Lane.choices)
    pending = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["neighbourhood", "lane"], name="one_count_per_lane")
        ]

    def __str__(self) -> str:
        return f"{self.lane} in {self.neighbourhood_id}: {self.pending}"


class Action(models.TextChoices):
    APPROVE = "approve", "Approved"
    REDACT = "redact", "Approved with redactions"
    RETURN = "return", "Returned for changes"
    REJECT = "reject", "Rejected"
    DIVERT = "divert", "Diverted"
    ESCALATE = "escalate", "Escalated to the neighbourhood team"
    MOVE = "move", "Moved to another lane"
    HIDE = "hide", "Hidden after flags"
    RESTORE = "restore", "Flags dismissed"
    UPHOLD = "uphold", "Appeal refused: decision stands"
    OVERTURN = "overturn", "Appeal upheld: decision reversed"


class Decision(models.Model):
    """The append-only decision log: who decided what, when, why, and the text before and
    after. Nothing updates or deletes these rows; the admin shows them read-only."""

    item = models.ForeignKey(QueueItem, on_delete=models.PROTECT, related_name="decisions")
    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="+")
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    subject_author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text="Who wrote what was decided: the one person told the reason, and who may appeal.",
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    reason_code = models.CharField(max_length=30, blank=True)
    reason = models.TextField(blank=True, help_text="What the author is told.")
    diverted_to = models.CharField(max_length=16, choices=Diversion.choices, blank=True)
    text_before = models.TextField(blank=True)
    text_after = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.concern.ref}"

    @property
    def may_be_appealed(self) -> bool:
        return self.action in APPEALABLE and self.item.kind in APPEALABLE_KINDS


APPEALABLE = frozenset({Action.REDACT, Action.RETURN, Action.REJECT, Action.HIDE})
# Residents appeal decisions on what they wrote; officers talk to moderators, not appeal.
APPEALABLE_KINDS = frozenset({"concern", "update", "flag"})


class Note(models.Model):
    """A private moderator note on an item: never shown to the author or the public."""

    item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Note on item {self.item_id}"


class RedactedOriginal(models.Model):
    """What a post said before a moderator removed personal data: staff only, and deleted when
    the retention period ends (a daily task)."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="original")
    title = models.TextField(blank=True)
    body = models.TextField()
    purge_after = models.DateTimeField()

    def __str__(self) -> str:
        return f"Text before redaction ({self.pk})"


class AppealState(models.TextChoices):
    PENDING = "pending", "Waiting for review"
    UPHELD = "upheld", "Decision reversed"
    REFUSED = "refused", "Decision stands"


class Appeal(models.Model):
    """An author asks for a decision to be looked at again. One per decision, reviewed by a
    moderator other than the one who made it."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="appeal")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=2000)
    state = models.CharField(max_length=8, choices=AppealState.choices, default=AppealState.PENDING)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Appeal {self.pk} ({self.state})"


class QueueEventKind(models.TextChoices):
    NEW = "item.new", "new item"
    CLAIMED = "item.claimed", "claimed"
    RELEASED = "item.released", "released"
    DECIDED = "item.decided", "decided"
    LANE = "item.lane", "moved to another lane"
    URGENT_ESCALATED = "item.escalated", "urgent and unclaimed: escalated"


class QueueEvent(models.Model):
    """The moderation stream: one row per change to the queue, monotonic id for resume."""

    item = models.ForeignKey(QueueItem, on_delete=models.CASCADE, related_name="events")
    neighbourhood = models.ForeignKey(Neighbourhood, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=QueueEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} on item {self.item_id}"


# Imported last: moderation.followups builds on the classes above.
from moderation.followups import (  # noqa: E402, F401
    ExampleSource,
    ScreeningExample,
    UrgentEscalation,
)
