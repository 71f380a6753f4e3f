"""Contact data to review: contact persons whose details nobody has confirmed for
``REVIEW_MONTHS`` months."""

import logging

from django.db import models
from django.db.models import F, QuerySet
from django.db.models.functions import Cast, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.access import organisation_scope
from registry.models import (
    ContactPerson,
    Organisation,
)

logger = logging.getLogger(__name__)


# --- Contact data to review --------------------------------------------------------------

REVIEW_MONTHS = 24


def review_cutoff(now=None):
    """The moment 24 months ago (29 February counts back to 28 February)."""
    now = now or timezone.now()
    years = REVIEW_MONTHS // 12
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


class Confirmation(models.TextChoices):
    CONSENT = "consent", _("consent given")
    CHANGE = "change", _("details changed")
    VERIFICATION = "verification", _("entry verified")


def contacts_with_confirmation() -> QuerySet[ContactPerson]:
    """Contact persons with ``confirmed_on``: the latest of the consent, the row's last
    change (``updated_at``, which is never before its creation) and the organisation's
    last verification."""
    last_verified = Cast(F("organisation__last_verified_on"), models.DateTimeField())
    return ContactPerson.objects.annotate(
        verified_on=last_verified,
        confirmed_on=Greatest("updated_at", "consent_given_at", last_verified),
    ).select_related("organisation", "organisation__home_municipality")


def stale_contacts(user) -> QuerySet[ContactPerson]:
    """Contact persons of the organisations ``user`` may edit whose data nobody has
    confirmed for 24 months (``contacts_with_confirmation``). Oldest first."""
    scope = Organisation.objects.filter(organisation_scope(user))
    return (
        contacts_with_confirmation()
        .filter(organisation__in=scope, confirmed_on__lt=review_cutoff())
        .order_by("confirmed_on", "id")
    )


def review_rows(contacts) -> list[dict]:
    """The review list's rows: each contact with when and how their data was last
    confirmed."""
    rows = []
    for contact in contacts:
        if contact.verified_on is not None and contact.confirmed_on == contact.verified_on:
            how = Confirmation.VERIFICATION
        elif contact.consent_given_at and contact.confirmed_on == contact.consent_given_at:
            how = Confirmation.CONSENT
        else:
            how = Confirmation.CHANGE
        rows.append(
            {
                "contact": contact,
                "organisation": contact.organisation,
                "confirmed_on": contact.confirmed_on,
                "how": how.label,
            }
        )
    return rows
