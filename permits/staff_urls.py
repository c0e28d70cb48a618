"""The licensing officers' queue and review pages (permits.staff_views)."""

from django.urls import path

from permits import staff_views

app_name = "licensing"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("<str:reference>/", staff_views.case_page, name="case"),
    path("<str:reference>/claim/", staff_views.claim, name="claim"),
    path("<str:reference>/release/", staff_views.release, name="release"),
    path("<str:reference>/<slug:action>/", staff_views.act, name="act"),
]
