"""The only place that names live-update groups and publishes events.

For now a neighbourhood stream over the channel layer; the live-updates issue replaces the
transport with stored, resumable events and a per-process relay (see docs/realtime.md when it
lands). Callers publish after commit, never inside a transaction.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

log = logging.getLogger(__name__)


def neighbourhood_group(slug: str) -> str:
    # Channel-layer group names allow only ASCII letters, digits, hyphens, periods, underscores.
    return f"neighbourhood.{slug}"


def publish_to_neighbourhood(slug: str, event: dict) -> bool:
    """Push `event` ("type" is `noun.verb`) to open neighbourhood pages. Best effort.

    Returns False when the layer is unreachable: pages then catch up on reload, so a Redis
    outage must never turn into an error for the person who caused the event.
    """
    layer = get_channel_layer()
    try:
        async_to_sync(layer.group_send)(
            neighbourhood_group(slug), {"type": "stream.event", "event": event}
        )
    except Exception:  # noqa: BLE001
        log.warning("could not publish %s to %s", event.get("type"), slug, exc_info=True)
        return False
    return True
