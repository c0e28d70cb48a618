"""Public: granted marches and events whose organisers agreed to publish them."""

from django.urls import path

from permits import public_views

app_name = "notices"
urlpatterns = [
    path("neighbourhoods/<slug:slug>/events/", public_views.upcoming, name="upcoming"),
]
