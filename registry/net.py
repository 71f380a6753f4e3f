"""The client's address, as the trusted proxies in front of the app servers report it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The address that connected to the outermost trusted proxy.

    With ``TRUSTED_PROXY_COUNT = n``, each of the n proxies appended the address it saw
    to X-Forwarded-For, so the client is the n-th entry from the right; anything further
    left was written by the client and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
