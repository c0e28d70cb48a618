"""ASGI entry point: HTTP and WebSockets. Each app's routing is composed here."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "engage.settings")
django_asgi_app = get_asgi_application()  # set up Django before importing consumers

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from casework.routing import websocket_urlpatterns as case_sockets  # noqa: E402
from concerns.routing import websocket_urlpatterns as concern_sockets  # noqa: E402
from engage.origins import ExactOriginValidator  # noqa: E402
from engage.socket_auth import auth_middleware_stack  # noqa: E402
from moderation.routing import websocket_urlpatterns as moderation_sockets  # noqa: E402
from reports.routing import websocket_urlpatterns as contact_centre_sockets  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # The Origin check is the CSRF control for sockets: only SITE_URL's exact scheme, host
        # and port (or WEBSOCKET_ALLOWED_ORIGINS) pass; a missing or foreign Origin is refused.
        "websocket": ExactOriginValidator(
            # Channels' auth stack, less a database-thread hop for sockets with no session.
            auth_middleware_stack(
                URLRouter(
                    [*concern_sockets, *moderation_sockets, *case_sockets, *contact_centre_sockets]
                )
            )
        ),
    }
)
