"""The contact centre (call handlers) and the team's reports (reports.staff_views)."""

from django.urls import path

from reports import staff_views

app_name = "contact_centre"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("bulk/", staff_views.bulk, name="bulk"),
    path("team/", staff_views.team, name="team"),
    path("<str:reference>/", staff_views.case_page, name="case"),
    path("<str:reference>/claim/", staff_views.claim, name="claim"),
    path("<str:reference>/release/", staff_views.release, name="release"),
    path("<str:reference>/<slug:action>/", staff_views.act, name="act"),
]
