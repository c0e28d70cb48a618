"""data.police.uk's paths, mounted at /api/ (so `PoliceAPI(base_url=".../api/")` works). No
trailing slashes, as theirs have none. Literal routes come before the two-segment catch-all
`<force>/<neighbourhood>`, which would otherwise swallow `forces/<id>`; `neighbourhoods` is
therefore never a neighbourhood id (police-api-client refuses it too). Any other path under
/api/ is a JSON 404, never an HTML page or a slash redirect."""

from django.urls import path, re_path

from api.police import views

app_name = "police"
urlpatterns = [
    path("forces", views.forces, name="forces"),
    path("forces/<str:force>", views.force, name="force"),
    path("forces/<str:force>/people", views.senior_officers, name="senior_officers"),
    path("locate-neighbourhood", views.locate_neighbourhood, name="locate_neighbourhood"),
    path("<str:force>/neighbourhoods", views.neighbourhoods, name="neighbourhoods"),
    path("<str:force>/<str:neighbourhood>", views.neighbourhood, name="neighbourhood"),
    path("<str:force>/<str:neighbourhood>/boundary", views.boundary, name="boundary"),
    path("<str:force>/<str:neighbourhood>/people", views.people, name="people"),
    path("<str:force>/<str:neighbourhood>/priorities", views.priorities, name="priorities"),
    path("<str:force>/<str:neighbourhood>/events", views.events, name="events"),
    re_path(r"^.*$", views.unknown, name="unknown"),
]
