"""The resident's side of the report counter (reports.views)."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("report/", views.start, name="start"),
    path("report/fraud/", views.fraud, name="fraud"),
    path("report/saved/", views.saved, name="saved"),
    path("report/from-concern/<str:ref>/", views.from_concern, name="from_concern"),
    path("report/<uuid:draft>/check/", views.check, name="check"),
    path("report/<uuid:draft>/sent/", views.sent, name="sent"),
    path("report/<uuid:draft>/<slug:step>/", views.step, name="step"),
    path("reports/", views.mine, name="mine"),
    path("reports/<str:reference>/", views.status, name="status"),
]
