"""The applicant's side of the permits counter (permits.views) and their letters."""

from django.urls import path

from permits import letter_views, views

app_name = "permits"
urlpatterns = [
    path("apply/", views.index, name="index"),
    path("apply/saved/", views.saved, name="saved"),
    path("apply/<slug:slug>/", views.type_page, name="type"),
    path("apply/drafts/<uuid:draft>/check/", views.check, name="check"),
    path("apply/drafts/<uuid:draft>/sent/", views.sent, name="sent"),
    path("apply/drafts/<uuid:draft>/<slug:key>/", views.question, name="question"),
    path("applications/", views.mine, name="mine"),
    path("applications/<str:reference>/", views.status, name="status"),
    path("applications/<str:reference>/letter.pdf", letter_views.letter, name="letter"),
]
