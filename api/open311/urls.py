"""Placeholder: being built (issue 14)."""

app_name = "open311"
urlpatterns: list = []
