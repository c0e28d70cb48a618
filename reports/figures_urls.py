"""The staff figures page; mounted at /staff/report-figures/ (engage/urls.py)."""

from django.urls import path

from reports import figures_views

app_name = "report_figures"
urlpatterns = [path("", figures_views.index, name="index")]
