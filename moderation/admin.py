"""Admin for moderation records: read-only. Decisions are append-only and made in the queue;
sanctions are recorded from an item page (with a reason) and can be lifted here."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin, messages
from django.http import HttpRequest

from engage.refusals import Refusal
from moderation.models import (
    Appeal,
    Decision,
    Flag,
    QueueItem,
    RedactedOriginal,
    Sanction,
    ScreeningExample,
    UrgentEscalation,
)
from moderation.services import sanctions

if TYPE_CHECKING:
    from typing import Any

    from django.db.models import Model, QuerySet


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "concern", "action", "moderator", "reason_code"]
    list_filter = ["action"]
    search_fields = ["concern__ref"]
    list_select_related = ["concern", "moderator"]


@admin.register(RedactedOriginal)
class RedactedOriginalAdmin(ReadOnlyAdmin):
    """What redacted posts said, for staff, until the nightly purge after the retention
    period."""

    list_display = ["decision", "purge_after"]


@admin.register(QueueItem)
class QueueItemAdmin(ReadOnlyAdmin):
    list_display = ["pk", "kind", "lane", "state", "neighbourhood", "deadline", "claimed_by"]
    list_filter = ["state", "lane", "kind"]
    list_select_related = ["neighbourhood", "claimed_by", "concern"]


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["concern", "reason", "weight", "reviewed", "created_at"]
    list_filter = ["reason", "reviewed"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["decision", "state", "created_at"]
    list_filter = ["state"]


@admin.register(Sanction)
class SanctionAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "until", "lifted_at", "by", "created_at"]
    list_filter = ["kind"]
    actions = ["lift"]

    @admin.action(description="Lift the selected sanctions")
    def lift(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for sanction in queryset:
            try:
                sanctions.lift(sanction=sanction, by=request.user)  # records who lifted it
            except Refusal as error:
                self.message_user(request, error.message, messages.WARNING)


@admin.register(ScreeningExample)
class ScreeningExampleAdmin(ReadOnlyAdmin):
    """Moderators' judgements kept for training (staff only; purged with the post)."""

    list_display = ["created_at", "concern", "screened_lane", "moderator_label", "source"]
    list_filter = ["source", "screened_lane", "moderator_label"]


@admin.register(UrgentEscalation)
class UrgentEscalationAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "item",
        "emailed_at",
        "webhook_delivered_at",
        "webhook_attempts",
        "webhook_last_error",
    ]
