from django.apps import AppConfig
from django.contrib.admin.apps import AdminConfig


class EngageConfig(AppConfig):
    name = "engage"
    verbose_name = "People and places"

    def ready(self) -> None:
        from engage import checks  # noqa: F401  (registers the system checks)


class EngageAdminConfig(AdminConfig):
    """The admin, behind the same two-factor rule as every other staff view."""

    default_site = "engage.admin_site.EngageAdminSite"
