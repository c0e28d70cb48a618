"""The product's URLs plus one route that fails on purpose, to see the styled 500 page."""

from django.urls import path

from engage.urls import urlpatterns as product_urls


def fail(request):
    raise RuntimeError("a deliberate failure for the 500 page test")


urlpatterns = [*product_urls, path("_test/500/", fail)]
