"""Cases in the admin: for staff admins (superusers) only, read-only, and every case opened
here is in the case's access log like any other staff view. The admin shows what a case IS
(reference, type, state, team, dates), never what it SAYS or who made it: no summary, answers,
reporter, messages, notes or file names, on the lists or the record pages. Reading a case is
the work of call handlers and the assigned team (casework.access)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin

from casework.models import Case, CaseAccess, CaseDocument, CaseEvent, CaseMessage
from casework.services import record_access

if TYPE_CHECKING:
    from django.db.models import Model
    from django.http import HttpRequest, HttpResponse


def _superuser(request: HttpRequest) -> bool:
    user = request.user
    return bool(user.is_active and user.is_superuser)


class CaseRecordAdmin(admin.ModelAdmin):
    """Seen by superusers only, changed by nobody: cases change through their services, and
    their history, messages and access log are records."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _superuser(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return _superuser(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}  # not even "delete selected"

    def case_of(self, obj: Model) -> Case:
        return obj.case  # type: ignore[attr-defined]

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        """The page, and a line in the case's access log for who opened it."""
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")
        if response.status_code == 200 and obj is not None:
            label = self.model._meta.verbose_name
            record_access(self.case_of(obj), user=request.user, detail=f"admin: {label}")  # type: ignore[arg-type]
        return response


@admin.register(Case)
class CaseAdmin(CaseRecordAdmin):
    list_display = [
        "reference",
        "counter",
        "kind",
        "status",
        "grade",
        "created_at",
        "triage_due_at",
        "closed_at",
        "purge_after",
    ]
    list_filter = ["counter", "status", "grade"]
    fields = [
        "reference",
        "counter",
        "kind",
        "status",
        "grade",
        "neighbourhood",
        "team",
        "outcome",
        "crime_reference",
        "created_at",
        "triage_due_at",
        "triaged_at",
        "closed_at",
        "handed_over_at",
        "purge_after",
        "version",
    ]
    search_fields = ["=reference"]
    show_full_result_count = False  # no COUNT(*) over a table that grows without bound

    def case_of(self, obj: Model) -> Case:
        return obj  # type: ignore[return-value]


@admin.register(CaseEvent)
class CaseEventAdmin(CaseRecordAdmin):
    """Append-only history: services add rows, nobody changes them."""

    list_display = ["created_at", "case", "kind", "for_reporter"]
    list_filter = ["kind", "for_reporter"]
    fields = ["case", "kind", "from_status", "to_status", "for_reporter", "created_at"]
    search_fields = ["=case__reference"]
    list_select_related = ["case"]
    show_full_result_count = False


@admin.register(CaseAccess)
class CaseAccessAdmin(CaseRecordAdmin):
    list_display = ["at", "case", "user", "action", "detail"]
    list_filter = ["action"]
    search_fields = ["=case__reference"]
    list_select_related = ["case", "user"]
    show_full_result_count = False


@admin.register(CaseMessage)
class CaseMessageAdmin(CaseRecordAdmin):
    list_display = ["created_at", "case", "from_staff", "emailed_at"]
    search_fields = ["=case__reference"]
    list_select_related = ["case"]
    fields = ["case", "from_staff", "created_at", "emailed_at"]
    show_full_result_count = False


@admin.register(CaseDocument)
class CaseDocumentAdmin(CaseRecordAdmin):
    """The file itself is downloaded from the case page (casework.views), where it is logged;
    the admin shows no link to it."""

    list_display = ["created_at", "case", "content_type", "size"]
    search_fields = ["=case__reference"]
    list_select_related = ["case"]
    fields = ["case", "content_type", "size", "sha256", "created_at"]  # no name: it can say who
    show_full_result_count = False
