from django.conf import settings
from django.http import HttpRequest

from engage import permissions

# The service navigation's sections, by path prefix: the longest match is the current one.
NAV_SECTIONS = [
    ("/neighbourhoods/", "neighbourhoods"),
    ("/concerns/", "concerns"),
    ("/tags/", "concerns"),
    ("/staff/", "staff"),
    ("/moderation/", "staff"),
    ("/demo/", "staff"),
    ("/me/notifications/", "notifications"),
    ("/me/concerns/", "mine"),
    ("/me/following/", "account"),
    ("/account/profile/", "account"),
    ("/account/two-factor/", "account"),
    ("/account/login/", "sign_in"),
    ("/account/signup/", "sign_up"),
]


def current_section(path: str) -> str:
    matches = [(len(prefix), name) for prefix, name in NAV_SECTIONS if path.startswith(prefix)]
    return max(matches)[1] if matches else ""


def service(request: HttpRequest) -> dict:
    """The service name and the signed-in person's roles, for the header on every page."""
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "force_name": settings.FORCE_NAME,
        "user_roles": permissions.role_names(user),
        "user_is_staff_role": permissions.has_staff_role(user),
        "demo_mailbox": settings.DEMO_MAILBOX,
        "nav_current": current_section(getattr(request, "path", "")),
    }
