"""The product's URLs plus one route that fails on purpose, to see the styled 500 page."""

from django.urls import path

from engage.urls import handler500  # noqa: F401  (the product's 500/503 handler)
from engage.urls import urlpatterns as product_urls


def fail(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


def database_gone(request):
    from django.db import OperationalError

    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [*product_urls, path("_test/500/", fail), path("_test/503/", database_gone)]
