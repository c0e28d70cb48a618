from django.http import HttpRequest

from concerns.selectors import unread_count


def notifications(request: HttpRequest) -> dict:
    """The unread badge in the header (bounded: at most 100 rows are ever counted)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": unread_count(user)}
