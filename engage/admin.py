"""Admin for people and places, written for a non-developer: plain labels, search, filters."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from engage import services
from engage.models import (
    Borough,
    CallHandler,
    LicensingOfficer,
    LicensingUnit,
    Moderator,
    Neighbourhood,
    Officer,
    PostcodeArea,
    Team,
    TeamPriority,
    User,
)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "display_name",
        "email_verified_at",
        "is_staff",
        "is_active",
        "date_joined",
    ]
    list_filter = ["is_staff", "is_active", "email_preference"]
    search_fields = ["email", "display_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Public profile", {"fields": ["display_name", "email_preference"]}),
        ("Status", {"fields": ["is_active", "email_verified_at", "date_joined", "last_login"]}),
        (
            "Staff admin",
            {
                "fields": ["is_staff", "is_superuser", "groups", "user_permissions"],
                "classes": ["collapse"],
            },
        ),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "display_name", "password1", "password2"]})
    ]


class PostcodeAreaInline(admin.TabularInline):
    model = PostcodeArea
    extra = 1
    verbose_name = "postcode district or sector"
    verbose_name_plural = "postcode districts and sectors covered (used to find this neighbourhood)"


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "borough", "ward_code", "team"]
    list_filter = ["borough"]
    search_fields = ["name", "ward_code", "postcode_areas__code"]
    list_select_related = ["borough", "team"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["team"]
    inlines = [PostcodeAreaInline]


@admin.register(Borough)
class BoroughAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


class TeamPriorityInline(admin.StackedInline):
    model = TeamPriority
    extra = 0


class OfficerInline(admin.TabularInline):
    model = Officer
    extra = 0
    fields = ["user", "rank", "name_on_badge", "verified_at", "verified_by"]
    readonly_fields = ["verified_at", "verified_by"]
    raw_id_fields = ["user"]


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "x_handle", "replies_need_signoff"]
    list_filter = ["replies_need_signoff"]
    search_fields = ["name", "x_handle"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [TeamPriorityInline, OfficerInline]


@admin.register(Officer)
class OfficerAdmin(admin.ModelAdmin):
    list_display = ["name_on_badge", "rank", "team", "user", "verified_at"]
    list_filter = ["team", "rank", ("verified_at", admin.EmptyFieldListFilter)]
    search_fields = ["name_on_badge", "user__email"]
    list_select_related = ["team", "user"]
    raw_id_fields = ["user"]
    readonly_fields = ["verified_at", "verified_by"]
    actions = ["verify_selected"]

    @admin.action(description="Verify the selected officers (they will act as police)")
    def verify_selected(self, request: HttpRequest, queryset: QuerySet[Officer]) -> None:
        for officer in queryset.filter(verified_at__isnull=True):
            services.verify_officer(officer=officer, actor=request.user)
        self.message_user(request, "The selected officers are verified.", messages.SUCCESS)


@admin.register(Moderator)
class ModeratorAdmin(admin.ModelAdmin):
    list_display = ["user", "appointed_at"]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["neighbourhoods"]


@admin.register(CallHandler)
class CallHandlerAdmin(admin.ModelAdmin):
    list_display = ["user", "appointed_at"]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]


@admin.register(LicensingUnit)
class LicensingUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(LicensingOfficer)
class LicensingOfficerAdmin(admin.ModelAdmin):
    list_display = ["user", "appointed_at"]
    search_fields = ["user__email", "user__display_name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["units"]
