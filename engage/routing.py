"""WebSocket routes of every app, composed in engage/asgi.py."""

from django.urls import path

from engage.consumers import NeighbourhoodConsumer

websocket_urlpatterns = [
    path("ws/neighbourhoods/<slug:slug>/", NeighbourhoodConsumer.as_asgi()),
]
