"""Case documents, served only to people who may see the case (casework.views)."""

app_name = "casework"
urlpatterns: list = []
