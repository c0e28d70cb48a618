"""The live stream of one private case (casework.consumers)."""

from django.urls import path

from casework.consumers import CaseConsumer

websocket_urlpatterns = [
    # Channels routes sockets with Django's path(); the stubs only know HTTP views.
    path("ws/cases/<str:reference>/", CaseConsumer.as_asgi()),  # type: ignore[arg-type]
]
