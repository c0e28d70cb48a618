"""Team feeds on X: one `TeamFeed` per team, the `TeamPost`s it brought in, a `SyncRun` per
attempt (the history operators read), and `CrossPost`, the outbox of officer replies shared on X.

X post ids are 64-bit snowflakes, stored as BigIntegerField so "newer" is a numeric comparison
the database can make in a conditional UPDATE (the cursor only moves forward).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone

from engage.models import Team, x_handle_validator
from social import credentials

if TYPE_CHECKING:
    from datetime import datetime


class FeedStatus(models.TextChoices):
    PENDING = "pending", "Waiting for its first sync"
    HEALTHY = "healthy", "Healthy"
    RATE_LIMITED = "rate_limited", "Rate-limited"
    RETRYING = "retrying", "Temporary error: retrying"
    NEEDS_ATTENTION = "needs_attention", "Needs attention (credentials refused)"
    PAUSED = "paused", "Paused (account unavailable)"


# Statuses the dispatcher leaves alone until a person acts (edits the feed or syncs it now).
STOPPED = (FeedStatus.NEEDS_ATTENTION, FeedStatus.PAUSED)


class TeamFeedQuerySet(models.QuerySet):
    def due(self, now: datetime) -> TeamFeedQuerySet:
        """Enabled, not stopped, whose poll time has come and whom X lets us ask now."""
        return (
            self.filter(enabled=True, due_at__lte=now)
            .exclude(status__in=STOPPED)
            .filter(Q(next_request_at__isnull=True) | Q(next_request_at__lte=now))
            .filter(Q(lease_expires_at__isnull=True) | Q(lease_expires_at__lt=now))
        )


class TeamFeed(models.Model):
    """A team's X account as we follow it. `cursor` is the newest post id stored."""

    team = models.OneToOneField(Team, on_delete=models.CASCADE, related_name="feed")
    username = models.CharField(
        "X username",
        max_length=15,
        validators=[x_handle_validator],
        help_text="Without the @. Change it here if the team renames "
        "its account: the user id is looked up again.",
    )
    x_user_id = models.CharField("X user id", max_length=20, blank=True, editable=False)
    resolved_username = models.CharField(
        max_length=15,
        blank=True,
        editable=False,
        help_text="The username x_user_id was resolved from.",
    )
    enabled = models.BooleanField(default=True)
    include_reposts = models.BooleanField(
        "include reposts", default=False, help_text="Show the team's reposts of others' posts."
    )
    cursor = models.BigIntegerField("newest post id seen", null=True, blank=True, editable=False)
    due_at = models.DateTimeField(
        default=timezone.now, db_index=True, help_text="When the dispatcher next polls this feed."
    )
    last_synced_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_full_refresh_at = models.DateTimeField(null=True, blank=True, editable=False)
    status = models.CharField(
        max_length=20, choices=FeedStatus.choices, default=FeedStatus.PENDING, editable=False
    )
    status_reason = models.CharField(max_length=300, blank=True, editable=False)
    status_changed_at = models.DateTimeField(default=timezone.now, editable=False)
    next_request_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text="X asked us to wait until then (its x-rate-limit-reset).",
    )
    failures = models.PositiveIntegerField(default=0, editable=False)
    # The lease: whoever set lease_token (by a conditional UPDATE) is the only sync running.
    lease_token = models.UUIDField(null=True, blank=True, editable=False)
    lease_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    # OAuth 1.0a user-context tokens for posting, Fernet-encrypted (social.credentials).
    access_token_encrypted = models.TextField(blank=True, editable=False)
    access_secret_encrypted = models.TextField(blank=True, editable=False)

    objects = TeamFeedQuerySet.as_manager()

    class Meta:
        ordering = ["team__name"]

    def __str__(self) -> str:
        return f"@{self.username} ({self.team})"

    def get_absolute_url(self) -> str:
        return f"https://x.com/{self.username}"

    @property
    def needs_resolving(self) -> bool:
        return not self.x_user_id or self.resolved_username.lower() != self.username.lower()

    @property
    def can_post(self) -> bool:
        return bool(self.access_token_encrypted and self.access_secret_encrypted)

    def set_user_tokens(self, access_token: str, access_secret: str) -> None:
        """Store the team's posting tokens encrypted; the caller saves."""
        self.access_token_encrypted = credentials.encrypt(access_token)
        self.access_secret_encrypted = credentials.encrypt(access_secret)

    def user_tokens(self) -> tuple[str, str]:
        return (
            credentials.decrypt(self.access_token_encrypted),
            credentials.decrypt(self.access_secret_encrypted),
        )


class TeamPost(models.Model):
    """One post from a team's timeline, as X sent it, with its text cooked to safe HTML once."""

    feed = models.ForeignKey(TeamFeed, on_delete=models.CASCADE, related_name="posts")
    post_id = models.BigIntegerField()
    text = models.TextField()
    html = models.TextField(editable=False, help_text="Cooked by engage.text.render_x_post.")
    posted_at = models.DateTimeField()
    is_repost = models.BooleanField(default=False)
    media = models.JSONField(
        default=list, blank=True, help_text="[{type, url, alt_text}] in the post's order."
    )
    metrics = models.JSONField(default=dict, blank=True)
    fetched_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-post_id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "post_id"], name="unique_post_per_feed")
        ]

    def __str__(self) -> str:
        return f"{self.post_id}: {self.text[:40]}"

    @property
    def url(self) -> str:
        return f"https://x.com/{self.feed.username}/status/{self.post_id}"


class SyncKind(models.TextChoices):
    POLL = "poll", "Poll (since the cursor)"
    FULL = "full", "Full refresh"
    MANUAL = "manual", "Sync now (admin)"


class SyncOutcome(models.TextChoices):
    OK = "ok", "OK"
    SKIPPED = "skipped", "Skipped (already running or not due)"
    RATE_LIMITED = "rate_limited", "Rate-limited by X"
    OVER_BUDGET = "over_budget", "Our request budget was spent"
    TRANSIENT = "transient", "Temporary error"
    NEEDS_ATTENTION = "needs_attention", "Credentials refused"
    PAUSED = "paused", "Account unavailable"


class SyncRun(models.Model):
    """One attempt at a feed: the sync history."""

    feed = models.ForeignKey(TeamFeed, on_delete=models.CASCADE, related_name="runs")
    kind = models.CharField(max_length=10, choices=SyncKind.choices)
    started_at = models.DateTimeField(default=timezone.now, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=SyncOutcome.choices)
    requests = models.PositiveIntegerField(default=0)
    new_posts = models.PositiveIntegerField(default=0)
    removed_posts = models.PositiveIntegerField(default=0)
    truncated = models.BooleanField(default=False, help_text="More posts than the page cap.")
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.feed} {self.kind} {self.outcome}"


class CrossPostStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be posted"
    POSTED = "posted", "Posted on X"
    HELD = "held", "Not posted: screening found something"
    FAILED = "failed", "Not posted: X refused or kept failing"


class CrossPost(models.Model):
    """An officer reply to share on the team's X account: an outbox row, written in the reply's
    transaction. A worker claims it (claim_token, by conditional UPDATE) before posting; the X
    post id is stored once known; after an uncertain attempt (a timeout) the timeline is checked
    for the reply's link before anything is posted again."""

    reply = models.OneToOneField(
        "concerns.Reply", on_delete=models.CASCADE, related_name="crosspost"
    )
    feed = models.ForeignKey(TeamFeed, on_delete=models.PROTECT, related_name="crossposts")
    text = models.CharField(max_length=280)
    link = models.URLField(
        max_length=300,
        help_text="Back to the reply; also the marker we look for before posting again.",
    )
    status = models.CharField(
        max_length=10, choices=CrossPostStatus.choices, default=CrossPostStatus.PENDING
    )
    detail = models.CharField(max_length=300, blank=True)
    x_post_id = models.BigIntegerField(null=True, blank=True, unique=True)
    attempts = models.PositiveIntegerField(default=0)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    posted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Cross-post of reply {self.reply_id}: {self.status}"

    @property
    def x_url(self) -> str:
        return (
            f"https://x.com/{self.feed.username}/status/{self.x_post_id}" if self.x_post_id else ""
        )
