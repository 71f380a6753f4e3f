"""What every e-mailed link shows when it cannot be used."""

from django.shortcuts import render

from registry import tokens

LINK_ERRORS = (tokens.LinkInvalid, tokens.LinkExpired, tokens.LinkUsed)


def link_error_page(request, exc):
    """The page for a used (410), expired (410) or invalid (404) link."""
    if isinstance(exc, tokens.LinkUsed):
        return render(request, "registry/links/used.html", status=410)
    if isinstance(exc, tokens.LinkExpired):
        return render(request, "registry/links/expired.html", status=410)
    return render(request, "registry/links/invalid.html", status=404)
