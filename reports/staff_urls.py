"""The contact centre (call handlers) and the team's reports (reports.staff_views)."""

app_name = "contact_centre"
urlpatterns: list = []
