"""API keys in the admin: issued with a name and an hourly limit; the raw key is shown once,
in the message after saving, and only its hash is kept. Open311 submissions (with the
reporter's private contact details) are read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest

from api.models import ApiKey, ApiSubmission
from api.open311.services import issue_api_key


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "is_active",
        "rate_limit_per_hour",
        "created_at",
        "last_used_at",
    )
    list_filter = ("is_active",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
    fields = ("name", "is_active", "rate_limit_per_hour", "prefix", "created_at", "last_used_at")

    def save_model(self, request: HttpRequest, obj: ApiKey, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = issue_api_key(name=obj.name, rate_limit_per_hour=obj.rate_limit_per_hour)
        obj.pk, obj.prefix, obj.account_id = key.pk, key.prefix, key.account_id
        if not obj.is_active:
            ApiKey.objects.filter(pk=key.pk).update(is_active=False)
        messages.warning(
            request, f"The key for {key.name} is {raw} . Copy it now: it is never shown again."
        )

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # deactivate instead: its submissions keep pointing at it


@admin.register(ApiSubmission)
class ApiSubmissionAdmin(admin.ModelAdmin):
    list_display = ("concern", "api_key", "created_at")
    list_select_related = ("concern", "api_key")
    readonly_fields = [field.name for field in ApiSubmission._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
