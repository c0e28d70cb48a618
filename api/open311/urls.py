"""GeoReport v2 routes: every resource with a .xml or .json suffix. `service/<code>` (singular)
is an alias: the `open311` 1.1 client asks for it."""

from django.urls import re_path

from api.open311 import views

app_name = "open311"
FMT = r"\.(?P<fmt>xml|json)$"
ID = r"(?P<{}>[^/.]+)"
urlpatterns = [
    re_path(r"^discovery" + FMT, views.discovery, name="discovery"),
    re_path(r"^services" + FMT, views.service_list, name="services"),
    re_path(r"^services?/" + ID.format("code") + FMT, views.service_definition, name="service"),
    re_path(r"^requests" + FMT, views.service_requests, name="requests"),
    re_path(r"^requests/" + ID.format("sid") + FMT, views.service_request, name="request"),
    re_path(r"^tokens/" + ID.format("token") + FMT, views.token, name="token"),
]
