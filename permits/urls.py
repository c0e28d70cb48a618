"""The applicant's side of the permits counter (permits.views, permits.case_views) and their
letters (permits.letter_views). The fixed words of a draft's pages come before its question
keys, so a question can never take their place."""

from django.urls import path

from permits import case_views, letter_views, views

app_name = "permits"
urlpatterns = [
    path("apply/", views.index, name="index"),
    path("apply/saved/", views.saved, name="saved"),
    path("apply/<slug:slug>/", views.type_page, name="type"),
    path("apply/<slug:slug>/start/", views.start, name="start"),
    path("apply/drafts/<uuid:draft>/check/", views.check, name="check"),
    path("apply/drafts/<uuid:draft>/sent/", views.sent, name="sent"),
    path("apply/drafts/<uuid:draft>/stopped/", views.stopped, name="stopped"),
    path("apply/drafts/<uuid:draft>/<slug:key>/", views.question, name="question"),
    path("applications/", case_views.mine, name="mine"),
    path("applications/<str:reference>/", case_views.status, name="status"),
    path("applications/<str:reference>/withdraw/", case_views.withdraw, name="withdraw"),
    path("applications/<str:reference>/unpublish/", case_views.unpublish, name="unpublish"),
    path("applications/<str:reference>/letter.pdf", letter_views.letter, name="letter"),
]
