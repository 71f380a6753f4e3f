"""Per-address rate limits kept in the database, so every app server shares them."""

import datetime

from django.utils import timezone
from django.utils.crypto import salted_hmac

from registry.models import RateLimitHit
from registry.net import client_ip

# scope → (attempts allowed, per window)
LIMITS: dict[str, tuple[int, datetime.timedelta]] = {
    "registration": (5, datetime.timedelta(hours=1)),
    "problem-report": (10, datetime.timedelta(hours=1)),
    "edit-link": (5, datetime.timedelta(hours=1)),
    "confirmation-resend": (5, datetime.timedelta(hours=1)),
}


def hit(request, scope: str) -> bool:
    """Record an attempt at ``scope`` from this address; False once over the limit."""
    limit, window = LIMITS[scope]
    key = salted_hmac(
        "registry.ratelimit", f"{scope}:{client_ip(request)}", algorithm="sha256"
    ).hexdigest()
    # Nothing is kept longer than the longest window.
    keep = max(window for _limit, window in LIMITS.values())
    RateLimitHit.objects.filter(created_at__lt=timezone.now() - keep).delete()
    recent = RateLimitHit.objects.filter(key=key, created_at__gte=timezone.now() - window)
    if recent.count() >= limit:
        return False
    RateLimitHit.objects.create(key=key)
    return True
