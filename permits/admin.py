"""The admin is where a force adds and edits application types and their questions. Nothing
about an application's content is shown here (casework/admin.py lists a case's metadata)."""

from __future__ import annotations

from django.contrib import admin

from permits.models import ApplicationType, Question


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
