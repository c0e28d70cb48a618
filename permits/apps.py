from django.apps import AppConfig


class PermitsConfig(AppConfig):
    name = "permits"
    verbose_name = "Permits and licences"

    def ready(self) -> None:
        from permits import checks  # noqa: F401  (registers the system checks)
