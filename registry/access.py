"""Who may do what. Every officer view is guarded here, on the server."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

OFFICERS_GROUP = "Officers"
MODERATE_PERMISSION = "registry.moderate_submission"


def is_officer(user) -> bool:
    """An active user whose group (or superuser status) grants moderation."""
    return bool(
        user and user.is_authenticated and user.is_active and user.has_perm(MODERATE_PERMISSION)
    )


def officer_required(view):
    """Anonymous users are sent to sign in; signed-in non-officers get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_officer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
