"""Placeholder: being built (issue 14)."""

app_name = "police"
urlpatterns: list = []
