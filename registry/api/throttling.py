"""The read API's throttle: requests per client address, counted in the database by
``registry.ratelimit`` (scope ``api``, limit ``settings.API_THROTTLE_RATE``), so every
app server shares one count and parallel requests cannot slip past it."""

from rest_framework.throttling import BaseThrottle

from registry import ratelimit

SCOPE = "api"


class AddressThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        return ratelimit.hit(request, SCOPE)

    def wait(self) -> float:
        """Seconds until a request is let through again, at most: one window."""
        _limit, window = ratelimit.limit_of(SCOPE)
        return window.total_seconds()
