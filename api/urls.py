"""The APIs other software speaks: Open311 GeoReport v2 at /open311/v2/ and the
data.police.uk-compatible API at /api/ (its paths, so existing clients change only the base
URL). They read through the apps' selectors and write through their services; nothing imports
`api`."""

from django.urls import include, path

urlpatterns = [
    path("open311/v2/", include("api.open311.urls")),
    path("api/", include("api.police.urls")),
]
