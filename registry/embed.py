"""The embeddable directory: a municipality's published organisations on its own website.

A website embeds the widget page (``registry:embed``, ``/inbaddning/<code>/``) in an
``<iframe>``, written by hand or made by the portal's script ``static/registry/embed.js``,
which also sizes the frame to its content (the widget page's
``static/registry/embed-frame.js`` posts its height). Officers copy both snippets from
``registry:officer-embed``.

Framing: every page of the portal refuses to be framed (``X_FRAME_OPTIONS = "DENY"`` and
``frame-ancestors 'none'`` in ``SECURE_CSP``) except the widget's, which answers
``frame-ancestors 'self' <EMBED_ALLOWED_ORIGINS>`` and no X-Frame-Options
(``framable_by_allowed_origins``). 'self' lets the officers' page show a preview; with no
origins configured the widget is a standalone page no other website can frame.
"""

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.csp import CSP
from django.utils.safestring import SafeString
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csp import csp_override

# The host script's address in the snippet: the unhashed name, which WhiteNoise serves
# too, so that a snippet pasted into a website keeps working across releases.
HOST_SCRIPT = "registry/embed.js"
# The plain iframe's height: it cannot follow its content without the script.
FIXED_HEIGHT = 800


def frame_policy() -> dict:
    """The portal's Content-Security-Policy with ``frame-ancestors`` opened to the
    portal itself and the configured websites."""
    return {
        **settings.SECURE_CSP,
        "frame-ancestors": [CSP.SELF, *settings.EMBED_ALLOWED_ORIGINS],
    }


def framable_by_allowed_origins(view):
    """The view's pages may be framed by the portal and EMBED_ALLOWED_ORIGINS only:
    their CSP says so, and they carry no X-Frame-Options (which can name no origin)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        # Built per request, not at import: the setting is read when it is used.
        return xframe_options_exempt(csp_override(frame_policy())(view))(request, *args, **kwargs)

    return wrapper


def widget_path(municipality_code: str, *, kind: str = "", lang: str = "") -> str:
    """The widget's address on the portal (the path and its query)."""
    with translation.override(settings.LANGUAGE_CODE):  # no language prefix: ``lang`` says
        path = reverse("registry:embed", kwargs={"code": municipality_code})
    query = urlencode({key: value for key, value in (("kind", kind), ("lang", lang)) if value})
    return f"{path}?{query}" if query else path


@dataclass(frozen=True)
class Snippets:
    """The snippets as text, to be shown (escaped) and copied; the preview as markup."""

    script: str  # the host script and its placeholder: resizes to the content
    iframe: str  # a plain iframe: a fixed height, no script needed
    preview: SafeString  # the placeholder alone, for the officers' page (which loads the script)


def snippets(*, municipality_code: str, municipality_name: str, kind: str, lang: str) -> Snippets:
    """The HTML a website pastes to embed the directory so preset, worded in ``lang``."""
    portal = settings.SITE_URL.rstrip("/")
    path = widget_path(municipality_code, kind=kind, lang=lang)
    context = {
        "municipality_code": municipality_code,
        "municipality_name": municipality_name,
        "kind": kind,
        "lang": lang,
        "widget_url": portal + path,
        "script_url": portal + settings.STATIC_URL.rstrip("/") + "/" + HOST_SCRIPT,
        "height": FIXED_HEIGHT,
    }
    with translation.override(lang):
        script = render_to_string("registry/embed/snippet_script.html", context).strip()
        iframe = render_to_string("registry/embed/snippet_iframe.html", context).strip()
        # Rendered from our template with escaped values: safe to put in a page.
        preview = render_to_string(
            "registry/embed/snippet_placeholder.html", {**context, "widget_url": path}
        )
    return Snippets(script=script, iframe=iframe, preview=preview)
