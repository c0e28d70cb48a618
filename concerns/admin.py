"""Admin for concerns. Until the moderation queue lands, moderators approve here: every action
goes through concerns.services.transition_concern, exactly as the queue will."""

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from concerns import services
from concerns.errors import ConcernError
from concerns.models import (Advice, Category, Concern, ConcernEvent, Reply, ReplyTemplate,
                             ResidentUpdate)
from concerns.states import ConcernStatus


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

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["ref", "title", "neighbourhood", "category", "status", "created_at"]
    list_filter = ["status", "category", "neighbourhood__borough"]
    search_fields = ["ref", "title"]
    list_select_related = ["neighbourhood", "category"]
    inlines = [EventInline]
    actions = ["approve", "return_for_changes", "reject"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        """Read-only: text, anonymity and place change only through services (which re-cook
        the HTML and record events). Redaction comes with the moderation queue."""
        return [field.name for field in Concern._meta.fields] + ["tags"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """A moderator scoped to some neighbourhoods sees only those."""
        queryset = super().get_queryset(request)
        moderator = getattr(request.user, "moderator", None)
        if request.user.is_superuser or (moderator and not moderator.neighbourhoods.exists()):
            return queryset
        if moderator is None:
            return queryset.none()
        return queryset.filter(neighbourhood__in=moderator.neighbourhoods.all())

    def _move(self, request: HttpRequest, queryset: QuerySet, to: str, done: str) -> None:
        moved, refused = 0, []
        for concern in queryset:
            try:
                services.transition_concern(concern, to, actor=request.user,
                                            note=f"{done} in the admin")
                moved += 1
            except ConcernError as error:
                refused.append(f"{concern.ref}: {error.message}")
        if moved:
            self.message_user(request, f"{done}: {moved}.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description="Approve: publish the selected concerns")
    def approve(self, request, queryset) -> None:
        self._move(request, queryset, ConcernStatus.PUBLISHED, "Published")

    @admin.action(description="Return the selected concerns to their authors for changes")
    def return_for_changes(self, request, queryset) -> None:
        self._move(request, queryset, ConcernStatus.RETURNED, "Returned")

    @admin.action(description="Reject: do not publish the selected concerns")
    def reject(self, request, queryset) -> None:
        self._move(request, queryset, ConcernStatus.REJECTED, "Rejected")


@admin.register(ResidentUpdate)
class ResidentUpdateAdmin(admin.ModelAdmin):
    list_display = ["concern", "author", "status", "created_at"]
    list_filter = ["status"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [field.name for field in ResidentUpdate._meta.fields]
    actions = ["publish"]

    @admin.action(description="Publish the selected updates")
    def publish(self, request, queryset) -> None:
        for update in queryset:
            try:
                services.publish_update(update=update, actor=request.user)
            except ConcernError as error:
                self.message_user(request, error.message, messages.WARNING)


admin.site.register(ReplyTemplate)
admin.site.register(Reply, list_display=["concern", "badge", "created_at", "edited_at"],
                    readonly_fields=["concern", "author", "badge", "body", "body_html"])
admin.site.register(Advice, filter_horizontal=["categories"])
