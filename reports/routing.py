from django.urls import path

from reports.consumers import ContactCentreConsumer

websocket_urlpatterns = [
    # Channels routes sockets with Django's path(); the stubs only know HTTP views.
    path("ws/contact-centre/", ContactCentreConsumer.as_asgi()),  # type: ignore[arg-type]
]
