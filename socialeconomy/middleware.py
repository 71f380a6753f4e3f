"""Limits on what a request may carry, checked before anything reads its body."""

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def allow_request_body(max_bytes):
    """A view that takes more than ``MAX_REQUEST_BODY`` (an upload) says how much: a
    number of bytes, or a function returning it (to read a setting per request)."""

    def decorate(view):
        view.max_request_body = max_bytes
        return view

    return decorate


class RequestSizeLimitMiddleware:
    """Refuse, with 413, a request whose body is larger than the view takes:
    ``settings.MAX_REQUEST_BODY`` unless the view says otherwise (``allow_request_body``).
    Django's own ``DATA_UPLOAD_MAX_MEMORY_SIZE`` leaves file parts of a multipart body
    out of its count, so a 20 MB "upload" to a form without files would be read to disk.
    It runs before the CSRF check, which reads the body. The proxy in front should refuse
    larger bodies still (the README says how)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        limit = getattr(view, "max_request_body", settings.MAX_REQUEST_BODY)
        if callable(limit):
            limit = limit()
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit:
            return None
        megabytes = max(limit // (1024 * 1024), 1)
        message = ngettext(
            "The request is too large: at most %(count)s MB is accepted here.",
            "The request is too large: at most %(count)s MB are accepted here.",
            megabytes,
        ) % {"count": megabytes}
        return HttpResponse(
            f"<!doctype html><title>413</title><h1>{_('Too large')}</h1><p>{message}</p>",
            status=413,
        )
