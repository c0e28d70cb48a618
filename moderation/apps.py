from django.apps import AppConfig


class ModerationConfig(AppConfig):
    """Screening, the review queue, decisions, flags and appeals (writes via concerns.services)."""

    name = "moderation"
