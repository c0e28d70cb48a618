from django.conf import settings
from django.http import HttpRequest

from engage import permissions


def service(request: HttpRequest) -> dict:
    """The service name and the signed-in person's roles, for the header on every page."""
    user = getattr(request, "user", None)
    return {
        "service_name": settings.SERVICE_NAME,
        "force_name": settings.FORCE_NAME,
        "user_roles": permissions.role_names(user),
        "user_is_staff_role": permissions.needs_two_factor(user),
        "demo_mailbox": settings.DEMO_MAILBOX,
    }
