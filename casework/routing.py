"""The live stream of one private case (casework.consumers)."""

websocket_urlpatterns: list = []
