"""Sign-in protection that holds without letting a stranger lock an officer out.

- **Progressive delays, per client address across user names** and **per account
  across addresses**: after ``FREE`` failures within the window, each next try must
  wait twice as long as the one before (1, 2, 4 … seconds, at most ``LONGEST_WAIT``). A
  try made too soon is refused *before* the password is checked, so a flood costs the
  server no password hashing.
- **A known browser is not slowed by others' failures at its account**: after a
  successful sign-in the browser keeps a signed cookie naming the account; the
  per-account delay does not apply to it. So a stranger who fails at an officer's
  account delays only strangers, never the officer on their own browser.
- django-axes still locks a user name *from one address* after five failures for 15
  minutes (``AXES_LOCKOUT_PARAMETERS``): only the one failing is locked out.
- Every input is bounded (``LoginForm``) before it reaches authentication or axes.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.utils import timezone

from registry import ratelimit
from registry.net import client_ip

FREE = 5
LONGEST_WAIT = datetime.timedelta(minutes=15)
KNOWN_COOKIE = "signin_known"
KNOWN_MAX_AGE = 60 * 60 * 24 * 365
_SALT = "registry.signin.known"


def _wait(failures: int, latest) -> int:
    if failures < FREE or latest is None:
        return 0
    wait = min(datetime.timedelta(seconds=2 ** (failures - FREE)), LONGEST_WAIT)
    left = latest + wait - timezone.now()
    return max(int(left.total_seconds() + 0.999), 0)


def known_accounts(request) -> set[str]:
    try:
        names = signing.loads(
            request.COOKIES.get(KNOWN_COOKIE, ""), salt=_SALT, max_age=KNOWN_MAX_AGE
        )
    except signing.BadSignature:
        return set()
    return set(names) if isinstance(names, list) else set()


def seconds_to_wait(request, username: str) -> int:
    """How long this client must wait before it may try ``username`` (0: try now)."""
    wait = _wait(*ratelimit.recent("signin-address", client_ip(request)))
    if username.lower() not in known_accounts(request):
        wait = max(wait, _wait(*ratelimit.recent("signin-account", username)))
    return wait


def failed(request, username: str) -> None:
    ratelimit.record("signin-address", client_ip(request))
    ratelimit.record("signin-account", username)


def succeeded(request, response, username: str) -> None:
    """After a successful sign-in: the address's and the account's failures are
    forgotten (as axes forgets its own), and this browser is known for the account."""
    ratelimit.forget("signin-address", client_ip(request))
    ratelimit.forget("signin-account", username)
    names = sorted(known_accounts(request) | {username.lower()})[-5:]
    response.set_cookie(
        KNOWN_COOKIE,
        signing.dumps(names, salt=_SALT),
        max_age=KNOWN_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
