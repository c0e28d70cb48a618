"""The product's URLs plus the bare baseline view: served by the same process, settings and
middleware, so page/bare ratios compare only what the page itself adds."""

from django.urls import path

from bench.baselines.django_bare import BARE_PATH, bare
from engage.urls import urlpatterns as product_urls

urlpatterns = [*product_urls, path(BARE_PATH.lstrip("/"), bare, name="bench_bare")]
