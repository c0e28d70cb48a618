"""Public pages of the foundation app: home, neighbourhood lookup and pages, static notices."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.templatetags.static import static

from engage import permissions, selectors
from engage.demo import mailbox
from engage.forms import NeighbourhoodSearchForm
from engage.two_factor import staff_view


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "engage/home.html", {"form": NeighbourhoodSearchForm()})


def find_neighbourhood(request: HttpRequest) -> HttpResponse:
    """Search by name, postcode or ward code; one postcode match goes straight to the page."""
    if "q" not in request.GET:
        return render(
            request,
            "engage/neighbourhood_list.html",
            {
                "form": NeighbourhoodSearchForm(),
                "neighbourhoods": selectors.neighbourhoods_by_borough(),
            },
        )
    form = NeighbourhoodSearchForm(request.GET)
    if not form.is_valid():
        return render(request, "engage/home.html", {"form": form}, status=400)
    search = selectors.find_neighbourhoods(form.cleaned_data["q"])
    if search.by_postcode and len(search.matches) == 1:
        return redirect(search.matches[0])
    return render(request, "engage/find_results.html", {"form": form, "search": search})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "engage/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "engage/privacy.html")


@staff_view
def staff_home(request: HttpRequest) -> HttpResponse:
    officer = permissions.officer_of(request.user)
    return render(request, "engage/staff_home.html", {"officer": officer})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; resolved per request, because the
    hashed static name only exists after collectstatic."""
    return HttpResponsePermanentRedirect(static("images/favicon.svg"))


@staff_view
def demo_mailbox(request: HttpRequest) -> HttpResponse:
    """The mail the demo sent (sign-up links, notifications, referrals): demo only, staff only."""
    if not settings.DEMO_MAILBOX:
        raise Http404("The demo mailbox is on only under `make run`.")
    return render(
        request,
        "engage/demo_mailbox.html",
        {"messages_kept": mailbox.newest_mail(), "shown": mailbox.SHOWN},
    )
