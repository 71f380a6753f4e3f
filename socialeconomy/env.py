"""Tiny helpers that read settings from the environment and fail loudly on bad values."""

import datetime
import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}"
    )


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {raw!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


_PERIODS = {
    "s": 1, "sec": 1, "second": 1,
    "m": 60, "min": 60, "minute": 60,
    "h": 3600, "hour": 3600,
    "d": 86400, "day": 86400,
}  # fmt: skip
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([a-z]+)\s*$")


def parse_rate(raw: str) -> tuple[int, datetime.timedelta]:
    """A rate written "N/period" ("120/minute", "1000/hour", "30/10s"): (N, the period)."""
    match = _RATE.match(str(raw).lower())
    if not match or match.group(3) not in _PERIODS or int(match.group(1)) < 1:
        raise ImproperlyConfigured(
            f"A rate is written N/period with a period of second, minute, hour or day "
            f"(for example 120/minute); got {raw!r}"
        )
    count, multiple, period = match.groups()
    seconds = _PERIODS[period] * int(multiple or 1)
    return int(count), datetime.timedelta(seconds=seconds)


def env_rate(name: str, default: str) -> str:
    """A rate "N/period" from the environment, checked at start (``parse_rate``)."""
    raw = env_str(name, default)
    parse_rate(raw)
    return raw


def origin_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a web origin (``https://www.motala.se``,
    ``http://localhost:8080``: a scheme, a host and an optional port, nothing else),
    or None when it is one."""
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"}:
        return "it must start with https:// (or http://)"
    try:
        parts.port  # noqa: B018 - raises on a port that is not a number 0-65535
    except ValueError:
        return "its port is not a number from 0 to 65535"
    if not parts.hostname or not _HOST.match(parts.hostname):
        return "it names no host"
    if parts.username is not None or parts.password is not None:
        return "it must not hold a user name or password"
    if parts.netloc.endswith(":"):
        return "its port is empty"
    if parts.path or parts.query or parts.fragment or value.endswith(("?", "#")):
        return "it must be a scheme and a host with an optional port, with no path (not even /)"
    return None


# A host name of letters, digits and hyphens in dot-separated labels, or an IPv6 address
# (urlsplit gives it without its brackets); no wildcard.
_LABEL = r"[a-z0-9]([a-z0-9-]*[a-z0-9])?"
_HOST = re.compile(rf"^([0-9a-f]*:[0-9a-f:.]+|{_LABEL}(\.{_LABEL})*)$")


def env_origins(name: str) -> list[str]:
    """Comma-separated web origins from the environment, each checked
    (``origin_problem``); a bad one stops the process with its variable's name."""
    origins = env_list(name, [])
    for origin in origins:
        problem = origin_problem(origin)
        if problem:
            raise ImproperlyConfigured(f"{name}: {origin!r} is not an origin: {problem}.")
    return origins


_TILE_URL = re.compile(r"^(https?://[^/?#\s]+)?/\S*$")


def env_tile_url(name: str, default: str) -> str:
    """A map tile URL template (``https://tile.example.org/{z}/{x}/{y}.png``), a path on
    the portal's own host (``/tiles/{z}/{x}/{y}.png``) or empty (no tiles)."""
    raw = os.environ.get(name)
    value = default if raw is None else raw.strip()
    if value and (
        not _TILE_URL.match(value) or not all(part in value for part in ("{z}", "{x}", "{y}"))
    ):
        raise ImproperlyConfigured(
            f"{name} must be empty or an http(s) URL or a path with {{z}}, {{x}} and {{y}}; "
            f"got {raw!r}"
        )
    return value


def tile_source(url: str) -> str | None:
    """The Content-Security-Policy source that lets the browser load the tiles of a tile
    URL template: its scheme and host, a ``{s}`` subdomain as ``*``; None for the
    portal's own host or no tiles."""
    match = _TILE_URL.match(url or "")
    if not match or not match.group(1):
        return None
    return match.group(1).replace("{s}", "*")
