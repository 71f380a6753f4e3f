from django.conf import settings

from registry import extensions
from registry.access import is_officer


def navigation(request):
    """Whether the user is an officer, and the links other apps add to the menu."""
    officer = is_officer(getattr(request, "user", None))
    return {
        "portal_owner_name": settings.PORTAL_OWNER_NAME,
        "contact_email": settings.CONTACT_EMAIL or settings.DEFAULT_FROM_EMAIL,
        "user_is_officer": officer,
        "extra_nav_links": extensions.nav_links(officer=officer),
    }
