from django.urls import path

from concerns.consumers import ConcernConsumer, MeConsumer, NeighbourhoodConsumer

websocket_urlpatterns = [
    path("ws/concerns/<str:ref>/", ConcernConsumer.as_asgi()),
    path("ws/neighbourhoods/<slug:slug>/", NeighbourhoodConsumer.as_asgi()),
    path("ws/me/", MeConsumer.as_asgi()),
]
