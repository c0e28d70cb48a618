from django.urls import path

from moderation import public_views, views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue_page, name="queue"),
    path("moderation/bulk/", views.bulk, name="bulk"),
    path("moderation/items/<int:pk>/", views.item_page, name="item"),
    path("moderation/items/<int:pk>/decide/", views.decide, name="decide"),
    path("moderation/items/<int:pk>/claim/", views.claim, name="claim"),
    path("moderation/items/<int:pk>/release/", views.release, name="release"),
    path("moderation/items/<int:pk>/note/", views.note, name="note"),
    path("moderation/items/<int:pk>/escalate/", views.escalate, name="escalate"),
    path("moderation/items/<int:pk>/lane/", views.move_lane, name="move_lane"),
    path("moderation/items/<int:pk>/sanction/", views.sanction, name="sanction"),
    path("moderation/log/", views.decision_log, name="log"),
    path("moderation/log.csv", views.decision_log_csv, name="log_csv"),
    path("moderation/dashboard/", views.dashboard, name="dashboard"),
    path("concerns/<str:ref>/report/", public_views.report_concern, name="report"),
    path("concerns/<str:ref>/appeal/", public_views.appeal, name="appeal"),
]
