from django.apps import AppConfig


class SocialConfig(AppConfig):
    """Neighbourhood teams' X feeds: the tweepy adapter, sync services and Celery tasks."""

    name = "social"
