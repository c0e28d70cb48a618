from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = "Reports of crimes and incidents"

    def ready(self) -> None:
        from reports import checks  # noqa: F401  (registers the system checks)
