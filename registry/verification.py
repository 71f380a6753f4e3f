""" "Is this still right?": who will be asked, at which addresses, and with what e-mail.

The officer's page shows exactly what ``services.verification_requests_send`` sends:
both read the organisations from ``due_for_verification()`` and their addresses from
``recipients()``.
"""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from registry import display, emails, selectors
from registry.models import ContactPerson, Organisation

PAGE_SIZE = 50
TEMPLATE = "verify_request"


def _contacts_with_email() -> QuerySet[ContactPerson]:
    return ContactPerson.objects.exclude(email="")


def _has_address() -> Q:
    return Q(has_contact_address=True) | ~Q(email="")


def _due(scope: Q | None):
    contact_address = _contacts_with_email().filter(organisation=OuterRef("pk"))
    return (
        selectors.organisations_due_for_verification()
        .filter(scope or Q())
        .alias(has_contact_address=Exists(contact_address))
    )


def due_for_verification(scope: Q | None = None) -> QuerySet[Organisation]:
    """The entries that will be asked: due (active, published, not verified for 12
    months, not asked in 30 days), in ``scope`` (``access.organisation_scope``: an
    officer asks for their own municipalities) and with an address to write to. By
    name, with the home municipality and the contact persons' addresses, in a fixed
    number of queries."""
    return (
        _due(scope)
        .filter(_has_address())
        .select_related("home_municipality")
        .prefetch_related(
            Prefetch(
                "contacts",
                queryset=_contacts_with_email().only("organisation_id", "email"),
                to_attr="contacts_with_email",
            )
        )
        .order_by(Lower("name"), "id")
    )


def due_without_address(scope: Q | None = None) -> int:
    """How many due entries in ``scope`` cannot be asked: nobody there has an e-mail
    address."""
    return _due(scope).aggregate(count=Count("pk", filter=~_has_address()))["count"]


def recipients(organisation: Organisation) -> list[str]:
    """Where the request goes: every contact person's address, else the entry's own."""
    contacts = getattr(organisation, "contacts_with_email", None)
    if contacts is None:
        contacts = _contacts_with_email().filter(organisation=organisation)
    addresses = sorted({contact.email.lower() for contact in contacts})
    if not addresses and organisation.email:
        addresses = [organisation.email.lower()]
    return addresses


def email_context(organisation: Organisation, *, url: str) -> dict:
    return {
        "organisation_name": organisation.name,
        "last_verified_on": organisation.last_verified_on,
        "url": url,
    }


def rows(organisations) -> list[dict]:
    """The officer's list: each entry with its municipality, when it was last verified
    and the addresses it will be written to."""
    last_verified = Organisation._meta.get_field("last_verified_on")
    return [
        {
            "organisation": organisation,
            "municipality": organisation.home_municipality.name,
            "last_verified": display.display_value(last_verified, organisation.last_verified_on),
            "recipients": recipients(organisation),
        }
        for organisation in organisations
    ]


def email_preview(organisation: Organisation, *, language: str) -> emails.Message:
    """The e-mail as ``organisation``'s contact persons will get it, but for the link,
    which is different for each address."""
    placeholder = _("[a personal link for each address]")
    return emails.render_message(
        template=TEMPLATE, context=email_context(organisation, url=placeholder), language=language
    )
