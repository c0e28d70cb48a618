"""Operators' view of the team feeds: health at a glance (healthy, rate-limited until,
needs attention), "sync now", the sync history, and the cross-post outbox."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from social import conf, services
from social.models import CrossPost, FeedStatus, SyncRun, TeamFeed

if TYPE_CHECKING:
    from django.db.models import Model


class TeamFeedForm(forms.ModelForm):
    """Posting tokens are write-only: typed in, stored encrypted, never shown again."""

    access_token = forms.CharField(
        required=False,
        widget=forms.PasswordInput,
        help_text="The team's OAuth 1.0a access token, for posting. "
        "Leave blank to keep the stored one.",
    )
    access_secret = forms.CharField(required=False, widget=forms.PasswordInput)

    class Meta:
        model = TeamFeed
        fields = ["team", "username", "enabled", "include_reposts", "due_at"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if bool(data.get("access_token")) != bool(data.get("access_secret")):
            raise forms.ValidationError("Enter both the access token and its secret.")
        return data


class SyncRunInline(admin.TabularInline):
    model = SyncRun
    extra = 0
    can_delete = False
    max_num = 0
    fields = [
        "started_at",
        "kind",
        "outcome",
        "requests",
        "new_posts",
        "removed_posts",
        "truncated",
        "detail",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).order_by("-started_at", "-id")


def health(feed: TeamFeed) -> str:
    """One line an operator can act on."""
    if not conf.configured():
        return "Not configured: X_BEARER_TOKEN is not set"
    now = timezone.now()
    if feed.next_request_at and feed.next_request_at > now:
        return f"Rate-limited until {timezone.localtime(feed.next_request_at):%H:%M}"
    if feed.status == FeedStatus.NEEDS_ATTENTION:
        return f"Needs attention: {feed.status_reason}"
    if feed.status == FeedStatus.PAUSED:
        return f"Paused: {feed.status_reason}"
    if feed.status == FeedStatus.RETRYING:
        return f"Retrying after {feed.failures} failure(s): {feed.status_reason}"
    return feed.get_status_display()


@admin.register(TeamFeed)
class TeamFeedAdmin(admin.ModelAdmin):
    form = TeamFeedForm
    list_display = ["username", "team", "enabled", "feed_health", "last_synced_at", "can_post"]
    list_filter = ["status", "enabled"]
    search_fields = ["username", "team__name"]
    list_select_related = ["team"]
    readonly_fields = [
        "feed_health",
        "x_user_id",
        "cursor",
        "last_synced_at",
        "last_full_refresh_at",
        "next_request_at",
        "status_changed_at",
    ]
    inlines = [SyncRunInline]
    actions = ["sync_now"]

    @admin.display(description="health")
    def feed_health(self, feed: TeamFeed) -> str:
        return health(feed)

    @admin.display(boolean=True, description="can post")
    def can_post(self, feed: TeamFeed) -> bool:
        return feed.can_post

    def save_model(
        self, request: HttpRequest, feed: TeamFeed, form: forms.ModelForm[TeamFeed], change: bool
    ) -> None:
        super().save_model(request, feed, form, change)
        if form.cleaned_data.get("access_token"):
            services.set_team_tokens(
                feed=feed,
                access_token=form.cleaned_data["access_token"],
                access_secret=form.cleaned_data["access_secret"],
            )

    @admin.action(description="Sync now")
    def sync_now(self, request: HttpRequest, queryset: QuerySet) -> None:
        result = services.request_sync_now(feeds=list(queryset))
        if result.refused:
            self.message_user(request, result.refused, messages.ERROR)
            return
        if result.queued:
            self.message_user(
                request,
                f"Syncing {len(result.queued)} feed(s) now: reload this page in a few seconds.",
                messages.SUCCESS,
            )
        for feed in result.waiting:
            self.message_user(
                request, f"@{feed.username}: {health(feed)}. X asked us to wait.", messages.WARNING
            )


@admin.register(SyncRun)
class SyncRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "feed",
        "kind",
        "outcome",
        "requests",
        "new_posts",
        "removed_posts",
        "detail",
    ]
    list_filter = ["outcome", "kind"]
    list_select_related = ["feed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(CrossPost)
class CrossPostAdmin(admin.ModelAdmin):
    list_display = ["created_at", "feed", "status", "attempts", "x_post_id", "detail"]
    list_filter = ["status"]
    list_select_related = ["feed"]
    readonly_fields = [f.name for f in CrossPost._meta.fields if f.name != "id"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
