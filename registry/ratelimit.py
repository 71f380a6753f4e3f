"""Rate limits kept in the database, so every app server shares them: per client
address for what a stranger can do (``hit``), and per recipient for every e-mail a
stranger can cause (``allow``), so that nobody can flood one inbox from many addresses.

A limit holds under concurrency: the count and the new attempt are made under a
transaction-level advisory lock on the key, so twenty parallel requests against a limit
of five let exactly five through.
"""

import datetime

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.crypto import salted_hmac

from registry.models import RateLimitHit
from registry.net import client_ip
from socialeconomy.env import parse_rate

# scope → (attempts allowed, per window)
LIMITS: dict[str, tuple[int, datetime.timedelta]] = {
    # Per client address.
    "registration": (5, datetime.timedelta(hours=1)),
    "problem-report": (10, datetime.timedelta(hours=1)),
    "edit-link": (5, datetime.timedelta(hours=1)),
    "confirmation-resend": (5, datetime.timedelta(hours=1)),
    "password-reset": (5, datetime.timedelta(hours=1)),
    # Failed sign-ins before each next try must wait (``registry.signin``), per client
    # address across user names and per account across addresses.
    "signin-address": (5, datetime.timedelta(minutes=15)),
    "signin-account": (5, datetime.timedelta(minutes=15)),
    # Per recipient: mails a stranger can cause to be sent to an address.
    "mail:confirm_email": (3, datetime.timedelta(hours=1)),
    "mail:edit_link": (3, datetime.timedelta(hours=1)),
    "mail:password_reset": (3, datetime.timedelta(hours=1)),
}

# scope → the setting that holds its limit as "N/period" (``socialeconomy.env.parse_rate``).
CONFIGURED_LIMITS: dict[str, str] = {
    # Per client address: requests to the read API (``registry.api.throttling``).
    "api": "API_THROTTLE_RATE",
    # Per client address: whole open-data files sent (``registry.opendata.limited``).
    "open-data": "OPEN_DATA_DOWNLOAD_RATE",
}


def limit_of(scope: str) -> tuple[int, datetime.timedelta]:
    """(attempts allowed, per window) for ``scope``."""
    if scope in CONFIGURED_LIMITS:
        return parse_rate(getattr(settings, CONFIGURED_LIMITS[scope]))
    return LIMITS[scope]


def _key(scope: str, subject: str) -> str:
    # The address or e-mail is not stored, only a keyed hash of it.
    return salted_hmac("registry.ratelimit", f"{scope}:{subject}", algorithm="sha256").hexdigest()


def key(scope: str, subject: str) -> str:
    """The stored key of ``scope`` for ``subject`` (how erasure finds an address's rows)."""
    return _key(scope, subject.strip().lower())


def allow(scope: str, subject: str) -> bool:
    """Record an attempt at ``scope`` by or for ``subject`` (an address, an e-mail);
    False, and nothing recorded, once the limit is reached."""
    limit, window = limit_of(scope)
    key = _key(scope, subject.strip().lower())
    now = timezone.now()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        recent = RateLimitHit.objects.filter(key=key, created_at__gte=now - window)
        if recent.count() >= limit:
            return False
        RateLimitHit.objects.create(key=key, created_at=now)
    return True


def record(scope: str, subject: str) -> None:
    """Record an event (a failed sign-in) without a limit on it."""
    RateLimitHit.objects.create(key=_key(scope, subject.strip().lower()))


def forget(scope: str, subject: str) -> None:
    RateLimitHit.objects.filter(key=_key(scope, subject.strip().lower())).delete()


def recent(scope: str, subject: str) -> tuple[int, datetime.datetime | None]:
    """How many events ``scope`` has for ``subject`` within its window, and the latest."""
    _limit, window = limit_of(scope)
    rows = RateLimitHit.objects.filter(
        key=_key(scope, subject.strip().lower()), created_at__gte=timezone.now() - window
    )
    summary = rows.aggregate(count=Count("id"), latest=Max("created_at"))
    return summary["count"], summary["latest"]


def hit(request, scope: str) -> bool:
    """Record an attempt at ``scope`` from this client's address; False once over."""
    return allow(scope, client_ip(request))


def prune() -> int:
    """Forget attempts older than the longest window (``manage.py prune_expired``,
    and now and then on the way)."""
    windows = [limit_of(scope)[1] for scope in [*LIMITS, *CONFIGURED_LIMITS]]
    keep = max(windows)
    deleted, _ = RateLimitHit.objects.filter(created_at__lt=timezone.now() - keep).delete()
    return deleted
