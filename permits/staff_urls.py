"""The licensing officers' queue and case pages (permits.staff_views)."""

from django.urls import path

from permits import staff_views

app_name = "licensing"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("<str:reference>/", staff_views.case_page, name="case"),
]
