"""Case documents, served only to people who may see the case (casework.views)."""

from django.urls import path

from casework import views

app_name = "casework"
urlpatterns = [
    path(
        "cases/<str:reference>/documents/<int:pk>/",
        views.document,
        name="document",
    ),
]
