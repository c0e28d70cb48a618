"""The resident's side of the report counter (reports.views)."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("reports/<str:reference>/", views.status, name="status"),
]
