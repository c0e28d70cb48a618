"""System checks for settings that would be dangerous in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register

IN_MEMORY_LAYER = "channels.layers.InMemoryChannelLayer"


@register(Tags.compatibility, deploy=False)
def check_channel_layer(app_configs=None, **kwargs) -> list[Error]:
    """The in-memory layer is per process: in production live updates would silently vanish."""
    backend = settings.CHANNEL_LAYERS.get("default", {}).get("BACKEND", "")
    if not settings.DEBUG and backend == IN_MEMORY_LAYER:
        return [
            Error(
                "The in-memory channel layer is not allowed when DEBUG is off.",
                hint="Set REDIS_URL so CHANNEL_LAYERS uses channels_redis.",
                id="engage.E001",
            )
        ]
    return []
