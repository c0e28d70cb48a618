from django.urls import path

from concerns import account_views, feeds, staff_views, views

app_name = "concerns"

urlpatterns = [
    path("concerns/", views.concern_list, name="list"),
    path("concerns/new/", views.new_concern, name="new"),
    path("concerns/search/", views.search, name="search"),
    path("concerns/<str:ref>/", views.concern_redirect, name="redirect"),
    path("concerns/<str:ref>/submitted/", views.submitted, name="submitted"),
    path("concerns/<str:ref>/follow/", views.follow_concern, name="follow"),
    path("concerns/<str:ref>/unfollow/", views.unfollow_concern, name="unfollow"),
    path("concerns/<str:ref>/support/", views.support_concern, name="support"),
    path("concerns/<str:ref>/withdraw/", views.withdraw_concern, name="withdraw"),
    path("concerns/<str:ref>/updates/", views.add_update, name="add_update"),
    path("concerns/<str:ref>/reply/", staff_views.reply, name="reply"),
    path("concerns/<str:ref>/status/", staff_views.change_status, name="status"),
    path("concerns/<str:ref>/outcome/", staff_views.outcome, name="outcome"),
    path("concerns/<str:ref>/edit/", views.edit_returned, name="edit"),
    path(
        "concerns/<str:ref>/replies/<int:reply_id>/edit/", staff_views.edit_reply, name="edit_reply"
    ),
    path("concerns/<str:ref>/feed/", feeds.ConcernRepliesFeed(), name="concern_feed"),
    path("concerns/<str:ref>/<slug:slug>/", views.concern_detail, name="detail"),
    path(
        "neighbourhoods/<slug:slug>/follow/",
        views.follow_neighbourhood,
        name="follow_neighbourhood",
    ),
    path("neighbourhoods/<slug:slug>/feed/", feeds.NeighbourhoodFeed(), name="neighbourhood_feed"),
    path("tags/<path:tag>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tags/<path:tag>/follow/", views.follow_tag, name="follow_tag"),
    path("me/concerns/", account_views.my_concerns, name="mine"),
    path("me/following/", account_views.following, name="following"),
    path("me/following/<int:pk>/stop/", account_views.stop_following, name="stop_following"),
    path("me/notifications/", account_views.notifications, name="notifications"),
    path("unsubscribe/<str:token>/", account_views.unsubscribe, name="unsubscribe"),
    path("staff/team/", staff_views.dashboard, name="dashboard"),
    path("staff/team/acknowledge/", staff_views.acknowledge, name="acknowledge"),
    path("staff/team/templates/", staff_views.reply_templates, name="reply_templates"),
]
