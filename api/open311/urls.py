"""Placeholder: being built (issue 14)."""

from django.urls import path

app_name = "open311"
urlpatterns: list = []
