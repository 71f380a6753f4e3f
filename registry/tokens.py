"""Signed, expiring, single-use links sent by e-mail (``AccessLink``)."""

import datetime
import secrets

from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from registry.models import AccessLink, Organisation, Submission

LIFETIMES = {
    AccessLink.Purpose.CONFIRM_EMAIL: datetime.timedelta(days=2),
    AccessLink.Purpose.EDIT: datetime.timedelta(days=7),
    AccessLink.Purpose.VERIFY: datetime.timedelta(days=30),
}


class LinkInvalid(Exception):
    """The token is not one we signed (tampered, truncated, or for another purpose)."""


class LinkExpired(Exception):
    pass


class LinkUsed(Exception):
    pass


def _salt(purpose: str) -> str:
    return f"registry.accesslink.{purpose}"


def access_link_create(
    *,
    purpose: str,
    organisation: Organisation,
    email: str,
    submission: Submission | None = None,
) -> tuple[AccessLink, str]:
    """Create the link's row and return it with the token to put in the URL."""
    link = AccessLink.objects.create(
        purpose=purpose,
        organisation=organisation,
        submission=submission,
        email=email,
        nonce=secrets.token_urlsafe(24),
        expires_at=timezone.now() + LIFETIMES[purpose],
    )
    return link, access_link_token(link)


def access_link_token(link: AccessLink) -> str:
    """A token for the link's URL, as e-mailed (signed, so it can be made again from the
    link's row; it expires with the link and is spent with it)."""
    return signing.dumps({"l": link.pk, "n": link.nonce}, salt=_salt(link.purpose), compress=True)


def access_link_resolve(*, purpose: str, token: str, for_update: bool = False) -> AccessLink:
    """The link behind a token, or LinkInvalid / LinkExpired / LinkUsed."""
    max_age = LIFETIMES[purpose]
    try:
        payload = signing.loads(token, salt=_salt(purpose), max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(payload, dict) or not isinstance(payload.get("l"), int):
        raise LinkInvalid
    queryset = AccessLink.objects.select_related("organisation", "submission")
    if for_update:
        queryset = queryset.select_for_update(of=("self",))
    link = queryset.filter(pk=payload["l"], purpose=purpose).first()
    if link is None or not constant_time_compare(link.nonce, str(payload.get("n", ""))):
        raise LinkInvalid
    if link.is_used:
        raise LinkUsed
    if link.is_expired:
        raise LinkExpired
    return link


def access_link_spend(*, purpose: str, token: str) -> AccessLink:
    """Resolve a link and mark it used, locked, inside the caller's transaction."""
    link = access_link_resolve(purpose=purpose, token=token, for_update=True)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link
