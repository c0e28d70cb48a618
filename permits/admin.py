"""The admin is where a force adds and edits application types and their questions. Nothing
about an application's content is shown here (casework/admin.py lists a case's metadata)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from permits.models import ApplicationType, PublicNotice, Question


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 1
    fields = [
        ("order", "key", "kind", "required"),
        "label",
        "hint",
        "choices",
        "only_if",
        ("stop_answer", "publish_as"),
        "stop_reason",
    ]


@admin.register(ApplicationType)
class ApplicationTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "unit", "lead_days", "fee", "active", "order"]
    list_filter = ["unit", "active", "is_notification"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [QuestionInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "guidance", "unit", "active", "order"]}),
        (
            "Notice and review",
            {
                "fields": [
                    "is_notification",
                    "lead_days",
                    "late_notice",
                    "review_days",
                    "valid_years",
                    "publishable",
                ]
            },
        ),
        ("Fee", {"fields": ["fee", "how_to_pay"]}),
        ("Retention", {"fields": ["retention_days"]}),
    ]


@admin.register(PublicNotice)
class PublicNoticeAdmin(admin.ModelAdmin):
    """What is public already (the notices), so staff can take one down: a march called off,
    or an organiser who asks by phone."""

    list_display = ["title", "neighbourhood", "starts_at", "published_at", "withdrawn_at"]
    list_filter = ["neighbourhood", "withdrawn_at"]
    search_fields = ["title"]
    readonly_fields = fields = (
        *("title", "kind_name", "neighbourhood", "starts_at", "ends_at"),
        *("place", "route", "road_closures", "published_at", "withdrawn_at"),
    )
    actions = ["take_down"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # notices come from granted applications only

    @admin.action(description="Take the chosen notices down")
    def take_down(self, request: HttpRequest, queryset: QuerySet[PublicNotice]) -> None:
        taken = queryset.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
        messages.success(request, f"{taken} taken down.")
