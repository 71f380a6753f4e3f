"""The municipalities' published grants as open data, in the shape of the 360Giving Data
Standard (a JSON package: ``grants``, each with identifier, title, description,
currency, amount awarded and disbursed, award date, recipient and funding organisation,
beneficiary location), streamed like the register's files (``registry.opendata``) and
described on the open-data page with them.

A grant is an effort that is public (``selectors.public_efforts``' rule) with money
awarded, one grant for each of its recipients (the role "recipient") whose entry is
published. 360Giving gives every grant one recipient, so an effort with several
recipients is several grants, the money split equally between all its recipients (the
counting rule of the indicators) and each grant naming the others as related; a
recipient whose entry is not published is never named, and gets no grant.

- ``id``: ``OPEN_DATA_360GIVING_PREFIX``, the effort's and the organisation's keys
  (``360G-socialekonomi-123-456``).
- ``recipientOrganization``: the organisation's org-id (``SE-ON-NNNNNN-NNNN``), or
  without an organisation number an identifier under the prefix (``…-ORG-456``).
- ``fundingOrganization``: the responsible unit's municipality. The register has no
  organisation numbers for municipalities, so its identifier is made under the prefix
  from SCB's municipality code (``…-KOMMUN-0583``), its department the unit.
- ``beneficiaryLocation``: the same municipality, ``geoCode`` its SCB code.
"""

from collections.abc import Iterator
from decimal import ROUND_DOWN, Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from partnerships.filters import PublicEffortFilter
from partnerships.models import Effort, EffortOrganisation
from registry import opendata
from registry.api.serializers import portal_url
from registry.exports import in_chunks
from registry.extensions import OpenDataFile
from registry.models import DataVersion, Organisation

SOURCES = (DataVersion.EFFORT_LOG, DataVersion.REGISTER, DataVersion.REFERENCE)
CURRENCY = "SEK"
CENT = Decimal("0.01")
RECIPIENT = EffortOrganisation.Role.RECIPIENT
PUBLISHED = Organisation.PublicationState.PUBLISHED
_ORGANISATION_FIELDS = ("pk", "name", "slug", "org_number", "city", "postal_code")


def prefix() -> str:
    return settings.OPEN_DATA_360GIVING_PREFIX


def split_evenly(amount: Decimal, parts: int) -> list[Decimal]:
    """``amount`` in ``parts`` shares to the öre that add up to it, the first ones an
    öre larger where it does not divide."""
    share = (amount / parts).quantize(CENT, rounding=ROUND_DOWN)
    left = int((amount - share * parts) / CENT)
    return [share + (CENT if index < left else 0) for index in range(parts)]


def grant_efforts(params) -> tuple[PublicEffortFilter, QuerySet[Effort] | None]:
    """The public list's filters read from ``params``, and the efforts they find that
    are grants: public, money awarded, at least one published recipient."""
    published_recipient = EffortOrganisation.objects.filter(
        effort_id=OuterRef("pk"), role=RECIPIENT, organisation__publication_state=PUBLISHED
    )
    recipients = (
        EffortOrganisation.objects.filter(role=RECIPIENT)
        .select_related("organisation")
        .only(
            "effort_id",
            "role",
            "organisation__publication_state",
            *(f"organisation__{name}" for name in _ORGANISATION_FIELDS if name != "pk"),
        )
        .order_by("organisation__name", "organisation_id")
    )
    efforts = (
        Effort.objects.filter(is_public=True, amount_awarded__gt=0)
        .filter(Exists(published_recipient))
        .select_related("responsible_unit__municipality")
        .prefetch_related(Prefetch("organisation_links", queryset=recipients))
    )
    filters = PublicEffortFilter(params, queryset=efforts)
    if not filters.is_valid():
        return filters, None
    return filters, filters.qs.order_by("pk")


def _grant_id(effort: Effort, organisation: Organisation) -> str:
    return f"{prefix()}-{effort.pk}-{organisation.pk}"


def _recipient(request, organisation: Organisation) -> dict:
    recipient = {
        "id": organisation.org_id or f"{prefix()}-ORG-{organisation.pk}",
        "name": organisation.name,
        "addressCountry": "SE",
        "url": portal_url(request, organisation),
    }
    if organisation.city:
        recipient["addressLocality"] = organisation.city
    if organisation.postal_code:
        recipient["postalCode"] = organisation.postal_code
    return recipient


def grants_of(request, effort: Effort) -> Iterator[dict]:
    """The effort's grants, one for each published recipient."""
    everyone = list(effort.organisation_links.all())  # the recipients (prefetched)
    awarded = split_evenly(effort.amount_awarded, len(everyone))
    paid = split_evenly(effort.amount_paid, len(everyone))
    unit = effort.responsible_unit
    municipality = unit.municipality
    shown = [
        (index, link.organisation)
        for index, link in enumerate(everyone)
        if link.organisation.publication_state == PUBLISHED
    ]
    ids = [_grant_id(effort, organisation) for _index, organisation in shown]
    period = {"startDate": effort.start_date.isoformat()}
    if effort.end_date:
        period["endDate"] = effort.end_date.isoformat()
    for (index, organisation), grant_id in zip(shown, ids, strict=True):
        yield {
            "id": grant_id,
            "title": effort.title,
            "description": effort.description or effort.purpose or effort.title,
            "currency": CURRENCY,
            "amountAwarded": float(awarded[index]),
            "amountDisbursed": float(paid[index]),
            "awardDate": (effort.decision_date or effort.start_date).isoformat(),
            "plannedDates": [period],
            "url": portal_url(request, effort),
            "recipientOrganization": [_recipient(request, organisation)],
            "fundingOrganization": [
                {
                    "id": f"{prefix()}-KOMMUN-{municipality.code}",
                    "name": municipality.name,
                    "department": unit.name,
                }
            ],
            "beneficiaryLocation": [
                {
                    "name": municipality.name,
                    "countryCode": "SE",
                    "geoCode": municipality.code,
                }
            ],
            "classifications": [
                {
                    "vocabulary": f"{prefix()}-insatstyp",
                    "code": effort.kind,
                    "title": effort.get_kind_display(),
                }
            ],
            "relatedActivity": [other for other in ids if other != grant_id],
            "dateModified": effort.updated_at.isoformat(),
        }


def grants(request, queryset: QuerySet[Effort]) -> Iterator[dict]:
    with translation.override("sv"):  # the kinds' names: the register's language
        for effort in in_chunks(queryset):
            yield from grants_of(request, effort)


def download(request, queryset: QuerySet[Effort]):
    head = opendata.metadata(request, title=gettext("Grants to the social economy (360Giving)"))
    head["publisher"] = {"name": settings.PORTAL_OWNER_NAME or gettext("The municipality")}
    return opendata.streamed(
        opendata.json_document(head, "grants", grants(request, queryset)),
        content_type="application/json",
        name=opendata.filename("bidrag-360giving", "json"),
    )


def grants_file() -> OpenDataFile:
    """The file's description on the open-data page."""
    return OpenDataFile(
        url_name="partnerships:open-data-grants",
        title=_("Grants in the 360Giving shape"),
        description=_(
            "The municipalities' published efforts with money awarded, one grant for each "
            "recipient whose entry is published, in the 360Giving Data Standard's JSON "
            "package (the file's title, licence and publisher, and the grants under "
            "grants). An effort with several recipients is several grants, the money split "
            "equally between them, each naming the others under relatedActivity."
        ),
        media_type="application/json",
        format_details=((_("Encoding"), _("UTF-8")), (_("Currency"), "SEK")),
        fields=(
            (
                "id",
                _("The grant's identifier: the 360Giving prefix, the effort and the recipient."),
            ),
            ("title", _("The effort's title.")),
            ("description", _("The effort's description, else its purpose, else its title.")),
            ("currency", _("SEK.")),
            ("amountAwarded", _("Kronor awarded to this recipient (a number).")),
            ("amountDisbursed", _("Kronor paid out to this recipient so far.")),
            ("awardDate", _("The decision date, else the day the effort started.")),
            ("plannedDates", _("The effort's start and end dates.")),
            ("url", _("The effort's public page.")),
            (
                "recipientOrganization",
                _(
                    "The organisation: its SE-ON-NNNNNN-NNNN identifier (without an "
                    "organisation number an identifier under the prefix), name, locality, "
                    "postal code, public page."
                ),
            ),
            (
                "fundingOrganization",
                _(
                    "The municipality, identified under the prefix by its SCB code, with "
                    "the responsible unit as department."
                ),
            ),
            ("beneficiaryLocation", _("The municipality, with its SCB code as geoCode.")),
            ("classifications", _("The kind of effort (grant, IOP, premises, …).")),
            ("relatedActivity", _("The other grants of the same effort.")),
            ("dateModified", _("When the effort last changed.")),
        ),
        filters_from="partnerships:public-list",
        filters_label=_("the list of partnerships (municipality, kind, year)"),
    )
