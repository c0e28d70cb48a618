"""Admin for concerns: read-only views for staff. Moderators decide in the moderation queue
(/moderation/), never here, so every decision is logged, versioned and told to the author."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from concerns.models import (
    Advice,
    Category,
    Concern,
    ConcernEvent,
    Reply,
    ReplyTemplate,
    ResidentUpdate,
)
from engage import permissions

if TYPE_CHECKING:
    from django.db.models import Model


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "is_active"]
    list_editable = ["position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}


class EventInline(admin.TabularInline):
    model = ConcernEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["ref", "title", "neighbourhood", "category", "status", "created_at"]
    list_filter = ["status", "category", "neighbourhood__borough"]
    search_fields = ["ref", "title"]
    list_select_related = ["neighbourhood", "category"]
    inlines = [EventInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        """Read-only: text, anonymity and place change only through services (which re-cook
        the HTML and record events); redaction is in the moderation queue."""
        return [field.name for field in Concern._meta.fields] + ["tags"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """A moderator scoped to some neighbourhoods sees only those."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        scope = permissions.moderation_scope(request.user)
        return queryset.none() if scope is None else scope.filter(queryset)


@admin.register(ResidentUpdate)
class ResidentUpdateAdmin(admin.ModelAdmin):
    list_display = ["concern", "author", "status", "created_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [field.name for field in ResidentUpdate._meta.fields]


admin.site.register(ReplyTemplate)


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["concern", "badge", "status", "created_at", "edited_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        """Read-only, status included: a held reply is published only by a moderator's
        sign-off in the queue, which records the decision (issue 18)."""
        return [field.name for field in Reply._meta.fields]


admin.site.register(Advice, filter_horizontal=["categories"])
