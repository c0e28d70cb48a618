from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    """The concern lifecycle: concerns, states, replies, follows, supports, notifications."""

    name = "concerns"
    verbose_name = "Concerns"
