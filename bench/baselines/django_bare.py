"""B-dj: a bare Django view, served exactly like the product (same server process, engage
settings and all eleven middleware; see bench/urls.py). The product's pages are judged against
it: what a page costs above this is the page's own work (ORM, template, queries)."""

from django.http import HttpRequest, HttpResponse

BARE_PATH = "/bench/bare/"


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"Hello, world", content_type="text/plain")
