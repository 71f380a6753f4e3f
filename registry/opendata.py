"""The register as open-data files, streamed: CSV (international, and for Excel set to
Swedish), NDJSON (one organisation a line, as the read API writes it) and HSDS 3.0 JSON
(the read API's HSDS shape), all under CC0 1.0 and described on the open-data page
(``registry:open-data``).

- What is in them is the read API's: published organisations only, found with the
  directory's own filters and search (``selectors.directory_matches``), represented by
  the API's serializers (``OrganisationSerializer``, ``HsdsOrganizationSerializer``), so
  contact persons appear only when they consented to being shown publicly. The CSV's
  columns are the API's fields, flattened.
- Memory stays flat however large the register: rows are read in chunks with their
  related rows per chunk (``exports.in_chunks``), and the files are written piece by
  piece into a ``StreamingHttpResponse`` (``spreadsheets.csv_lines``, ``buffered``).

Apps add their own files to the page through ``extensions.register_open_data_file``
(partnerships: the grants in the 360Giving shape).
"""

import json
from collections.abc import Iterable, Iterator
from types import SimpleNamespace

from django.contrib.postgres.expressions import ArraySubquery
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from registry import ratelimit, selectors
from registry.api.hsds import HsdsOrganizationSerializer, _date, _float
from registry.api.serializers import OrganisationSerializer
from registry.exports import in_chunks
from registry.extensions import OpenDataFile
from registry.filters import OrganisationDirectoryFilter
from registry.models import (
    ActivityArea,
    ContactPerson,
    DataVersion,
    GlobalGoal,
    Municipality,
    OfferCategory,
    Organisation,
)
from registry.spreadsheets import OPEN_DATA_CSV, SWEDISH_EXCEL, CsvConvention, buffered, csv_lines

LICENCE_NAME = "CC0 1.0"
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
REGISTER_SOURCES = (DataVersion.REGISTER, DataVersion.REFERENCE)
LIST_SEPARATOR = "; "


# --- What is published ------------------------------------------------------------------


def organisations(params) -> tuple[OrganisationDirectoryFilter, QuerySet[Organisation] | None]:
    """The directory's filters read from ``params`` and the published organisations they
    find, all of them, by name (None when the filters are not valid)."""
    directory = OrganisationDirectoryFilter(params, queryset=selectors.published_organisations())
    if not directory.is_valid():
        return directory, None
    found = selectors.directory_matches(
        directory.qs, query=directory.search_text, include_ceased=directory.include_ceased
    )
    return directory, found.order_by(*selectors.SORTS["name"])


# --- Rows for the files: one query, streamed ---------------------------------------------


def _ids(through_field: str, column: str):
    """The keys of the organisation's related rows of the many-to-many
    ``through_field``, as an array (an index lookup on the through table; ordered and
    named in Python, from the reference lists read once a file)."""
    through = getattr(Organisation, through_field).through
    rows = through.objects.filter(organisation_id=OuterRef("pk")).order_by(column)
    return ArraySubquery(rows.values(column))


class _Reference:
    """The reference lists a file's rows name, read once a file: each related key to
    its value in the API (code, slug, number) and its place in the model's order."""

    def __init__(self):
        self.municipalities = {
            code: (name, code) for code, name in Municipality.objects.values_list("code", "name")
        }
        self.areas = {
            pk: ((order, name, slug), slug)
            for pk, order, name, slug in ActivityArea.objects.values_list(
                "pk", "order", "name_sv", "slug"
            )
        }
        self.offers = {
            pk: ((order, name, slug), slug)
            for pk, order, name, slug in OfferCategory.objects.values_list(
                "pk", "order", "name_sv", "slug"
            )
        }
        self.goals = dict(GlobalGoal.objects.values_list("pk", "number"))

    def named(self, row: dict) -> dict:
        row["municipality_codes"] = sorted(row["municipality_codes"], key=self.municipalities.get)
        row["area_slugs"] = [slug for _key, slug in sorted(map(self.areas.get, row["area_ids"]))]
        row["offer_slugs"] = [slug for _key, slug in sorted(map(self.offers.get, row["offer_ids"]))]
        row["goal_numbers"] = sorted(row["goal_ids"], key=self.goals.get)
        return row


def _public_contacts():
    contacts = selectors.publicly_shown(
        ContactPerson.objects.filter(organisation_id=OuterRef("pk"))
    ).order_by("name", "id")
    return ArraySubquery(
        contacts.values(
            json=JSONObject(id="id", name="name", role="role", email="email", phone="phone")
        )
    )


ROW_FIELDS = (
    "pk", "slug", "name", "alternate_names", "org_number", "legal_form_id",
    "legal_form__name_sv", "kind", "work_integrating", "status", "ceased_on",
    "presentation", "description", "founded_year", "website", "email", "phone",
    "street_address", "postal_code", "city", "latitude", "longitude",
    "home_municipality_id", "home_municipality__name", "home_municipality__county_id",
    "home_municipality__county__name", "offers", "sells_to_public_sector",
    "sells_to_business", "employees", "people_in_work_integration", "last_verified_on",
    "created_at", "updated_at",
)  # fmt: skip


def rows(queryset: QuerySet[Organisation]) -> Iterator["Row"]:
    """The organisations of ``queryset`` in its order, each read with its related codes
    and public contact persons in the same row: one query, read in chunks from a
    server-side cursor (``exports.in_chunks``), no model instances."""
    values = queryset.annotate(
        municipality_codes=_ids("municipalities", "municipality_id"),
        area_ids=_ids("activity_areas", "activityarea_id"),
        goal_ids=_ids("global_goals", "globalgoal_id"),
        offer_ids=_ids("offer_categories", "offercategory_id"),
        contact_list=_public_contacts(),
    ).values(*ROW_FIELDS, "municipality_codes", "area_ids", "goal_ids", "offer_ids",
             "contact_list")  # fmt: skip
    reference = _Reference()
    for row in in_chunks(values):
        yield Row(reference.named(row))


class Row:
    """An organisation as read for a file, with the attributes of an ``Organisation``
    the representations read, and the model's own properties (``org_id``,
    ``alternate_name_list``, ``has_address``, ``has_ceased``), so the API's HSDS
    serializer draws it as it draws an organisation."""

    Status = Organisation.Status
    alternate_name_list = Organisation.alternate_name_list
    org_id = Organisation.org_id
    has_address = Organisation.has_address
    has_ceased = Organisation.has_ceased
    _paths: dict = {}

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self.legal_form = SimpleNamespace(code=self.legal_form_id, name_sv=self.legal_form__name_sv)
        self.home_municipality = SimpleNamespace(
            code=self.home_municipality_id,
            name=self.home_municipality__name,
            county_id=self.home_municipality__county_id,
            county=SimpleNamespace(name=self.home_municipality__county__name),
        )
        self.public_contacts = [SimpleNamespace(pk=c["id"], **c) for c in self.contact_list]

    def get_absolute_url(self) -> str:
        """The public page's path, from one ``reverse`` per language."""
        language = translation.get_language()
        if language not in self._paths:
            self._paths[language] = reverse(
                "registry:organisation-detail", kwargs={"slug": "__slug__"}
            )
        return self._paths[language].replace("__slug__", self.slug)


_DATETIME = serializers.DateTimeField()  # the API's way of writing a time


class ApiRepresentation:
    """A ``Row`` as the read API's ``OrganisationSerializer`` shows an organisation,
    field for field (a test compares the two), without its cost per row: the files hold
    the whole register, the API a page of it."""

    def __init__(self, request):
        with translation.override("sv"):
            self.web = request.build_absolute_uri(
                reverse("registry:organisation-detail", kwargs={"slug": "__slug__"})
            )
        self.api = request.build_absolute_uri(
            reverse("api:organisation-detail", kwargs={"slug": "__slug__"})
        )

    def __call__(self, row: Row) -> dict:
        municipality = row.home_municipality
        return {
            "slug": row.slug,
            "url": self.api.replace("__slug__", row.slug),
            "web_url": self.web.replace("__slug__", row.slug),
            "name": row.name,
            "alternate_names": row.alternate_name_list,
            "org_id": row.org_id,
            "org_number": row.org_number,
            "legal_form": row.legal_form_id,
            "kind": row.kind,
            "work_integrating": row.work_integrating,
            "status": row.status,
            "ceased_on": _date(row.ceased_on),
            "presentation": row.presentation,
            "description": row.description,
            "founded_year": row.founded_year,
            "website": row.website,
            "email": row.email,
            "phone": row.phone,
            "street_address": row.street_address,
            "postal_code": row.postal_code,
            "city": row.city,
            "latitude": _float(row.latitude),
            "longitude": _float(row.longitude),
            "home_municipality": {
                "code": municipality.code,
                "name": municipality.name,
                "county": municipality.county_id,
            },
            "municipalities": row.municipality_codes,
            "activity_areas": row.area_slugs,
            "global_goals": row.goal_numbers,
            "offers": row.offers,
            "offer_categories": row.offer_slugs,
            "sells_to_public_sector": row.sells_to_public_sector,
            "sells_to_business": row.sells_to_business,
            "employees": row.employees,
            "people_in_work_integration": row.people_in_work_integration,
            "last_verified_on": _date(row.last_verified_on),
            "created_at": _DATETIME.to_representation(row.created_at),
            "updated_at": _DATETIME.to_representation(row.updated_at),
            "contacts": [
                {"name": c.name, "role": c.role, "email": c.email, "phone": c.phone}
                for c in row.public_contacts
            ],
        }


def representations(queryset: QuerySet[Organisation], request) -> Iterator[dict]:
    """Each organisation as the read API shows it (``/api/v1/organisations/<slug>/``)."""
    represent = ApiRepresentation(request)
    for row in rows(queryset):
        yield represent(row)


def hsds_representations(queryset: QuerySet[Organisation], request) -> Iterator[dict]:
    """Each organisation as an HSDS 3.0 ``organization``: the read API's own serializer."""
    serializer = HsdsOrganizationSerializer(context={"request": request})
    for row in rows(queryset):
        yield serializer.to_representation(row)


# --- The CSV's columns: the API's fields, flattened ------------------------------------


def csv_columns() -> list[str]:
    columns = []
    for name in OrganisationSerializer.Meta.fields:
        if name == "home_municipality":
            columns += ["home_municipality", "home_municipality_name", "county"]
        else:
            columns.append(name)
    return columns


def _contact_text(contact: dict) -> str:
    return ", ".join(value for value in contact.values() if value)


def _flat(value):
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_row(representation: dict) -> list:
    row = []
    for name in OrganisationSerializer.Meta.fields:
        value = representation[name]
        if name == "home_municipality":
            row += [value["code"], value["name"], value["county"]]
        elif name == "contacts":
            row.append(LIST_SEPARATOR.join(_contact_text(contact) for contact in value))
        else:
            row.append(_flat(value))
    return row


# --- Writers ---------------------------------------------------------------------------


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)


def json_lines(items: Iterable[dict]) -> Iterator[str]:
    for item in items:
        yield _json(item) + "\n"


def json_document(head: dict, key: str, items: Iterable[dict]) -> Iterator[str]:
    """A JSON object, ``head``'s members and then ``key``: the items as an array, written
    one item at a time."""
    opening = _json(head)[:-1]
    yield opening + (", " if head else "") + _json(key) + ": ["
    separator = "\n"
    for item in items:
        yield separator + _json(item)
        separator = ",\n"
    yield "\n]}\n"


def metadata(request, *, title: str) -> dict:
    """What a JSON file says about itself: title, licence, source, when it was made."""
    return {
        "title": title,
        "license": LICENCE_URL,
        "license_name": LICENCE_NAME,
        "source": request.build_absolute_uri(),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }


def filename(stem: str, extension: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{extension}"


def streamed(pieces: Iterable[str], *, content_type: str, name: str) -> StreamingHttpResponse:
    """A download streamed in pieces of about 64 kB, with its file name and licence."""
    response = StreamingHttpResponse(buffered(pieces), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    return response


DOWNLOAD_SCOPE = "open-data"  # registry.ratelimit: OPEN_DATA_DOWNLOAD_RATE per address


def limited(request, write):
    """``write`` (which makes a whole file's response) once this client's address is
    within ``OPEN_DATA_DOWNLOAD_RATE``, else 429 with ``Retry-After``. A file of the
    whole register costs a server seconds of work, so one address cannot keep every app
    server busy; the count is in the database, shared by every app server. Only files
    that are sent count: a 304 (``If-None-Match`` while nothing changed) costs a query
    and is never limited."""

    def answer():
        if ratelimit.hit(request, DOWNLOAD_SCOPE):
            return write()
        _limit, window = ratelimit.limit_of(DOWNLOAD_SCOPE)
        response = HttpResponse(
            _(
                "Too many downloads from your address. Try again later; a program can ask "
                "with If-None-Match and is answered 304 Not Modified, at no cost, until "
                "the data changes."
            )
            + "\n",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(int(window.total_seconds()))
        return response

    return answer


def invalid(filters) -> HttpResponse:
    """400, saying which filter is wrong (as the directory's form would)."""
    lines = [
        f"{name}: {' '.join(str(message) for message in messages)}"
        for name, messages in filters.errors.items()
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8"
    )


def csv_download(request, queryset, convention: CsvConvention, stem: str):
    lines = csv_lines(
        csv_columns(),
        (csv_row(item) for item in representations(queryset, request)),
        convention,
    )
    return streamed(lines, content_type="text/csv; charset=utf-8", name=filename(stem, "csv"))


def ndjson_download(request, queryset):
    return streamed(
        json_lines(representations(queryset, request)),
        content_type="application/x-ndjson",
        name=filename("organisationer", "ndjson"),
    )


def hsds_download(request, queryset):
    head = metadata(request, title=str(_("The register of the social economy (HSDS 3.0)")))
    return streamed(
        json_document(head, "contents", hsds_representations(queryset, request)),
        content_type="application/json",
        name=filename("organisationer-hsds", "json"),
    )


CSV_FILES = {
    "csv": (OPEN_DATA_CSV, "organisationer"),
    "excel": (SWEDISH_EXCEL, "organisationer-excel"),
}


# --- The files, described for the open-data page ----------------------------------------


def _field_description(name: str) -> str:
    special = {
        "url": _("This entry in the read API."),
        "web_url": _("The organisation's public page."),
        "org_id": _(
            "The organisation identifier of org-id.guide: SE-ON-NNNNNN-NNNN; empty without "
            "an organisation number."
        ),
        "alternate_names": _("Other names the organisation is known by."),
        "legal_form": _("Legal form, SCB's code (00: not registered)."),
        "kind": _(
            "association, social_enterprise, cooperative or foundation (non-profit "
            "association, social enterprise, cooperative, foundation)."
        ),
        "status": _("active, or ceased."),
        "home_municipality": _("Home municipality, SCB's four-digit code."),
        "home_municipality_name": _("Home municipality, its name."),
        "county": _("The home municipality's county, SCB's two-digit code."),
        "municipalities": _("The municipalities it operates in, by code."),
        "activity_areas": _("What it works with (the API's /activity-areas/)."),
        "global_goals": _("The Agenda 2030 goals it works towards, by number."),
        "offer_categories": _("What it sells (the API's /offer-categories/)."),
        "contacts": _(
            "Contact persons who consented to being shown publicly: name, role, e-mail, phone."
        ),
    }
    if name in special:
        return special[name]
    field = Organisation._meta.get_field(name)
    return capfirst(field.verbose_name) + "."


def register_fields() -> tuple:
    return tuple((name, _field_description(name)) for name in csv_columns())


def register_files() -> list[OpenDataFile]:
    directory = ("registry:organisation-list", _("the directory of organisations"))
    fields = register_fields()
    return [
        OpenDataFile(
            url_name="registry:open-data-csv",
            title=_("The register as CSV"),
            description=_(
                "Every published organisation, a row each, for programs and spreadsheets "
                "in any language."
            ),
            media_type="text/csv",
            format_details=(
                (_("Encoding"), _("UTF-8 without a byte-order mark")),
                (_("Separator"), _("comma (,)")),
                (_("Decimal mark"), _("point (58.5375)")),
                (_("Lines end with"), "CRLF"),
            ),
            fields=fields,
            filters_from=directory[0],
            filters_label=directory[1],
        ),
        OpenDataFile(
            url_name="registry:open-data-excel",
            title=_("The register as CSV for Excel in Swedish"),
            description=_(
                "The same rows and columns, written the way Excel set to Swedish opens a "
                "file directly."
            ),
            media_type="text/csv",
            format_details=(
                (_("Encoding"), _("UTF-8 with a byte-order mark")),
                (_("Separator"), _("semicolon (;)")),
                (_("Decimal mark"), _("comma (58,5375)")),
                (_("Lines end with"), "CRLF"),
            ),
            fields=fields,
            filters_from=directory[0],
            filters_label=directory[1],
        ),
        OpenDataFile(
            url_name="registry:open-data-ndjson",
            title=_("The register as NDJSON"),
            description=_(
                "One JSON object a line, each organisation exactly as the read API's "
                "/api/v1/organisations/ shows it (the home municipality as an object, "
                "lists as arrays)."
            ),
            media_type="application/x-ndjson",
            format_details=((_("Encoding"), _("UTF-8")),),
            fields=fields,
            filters_from=directory[0],
            filters_label=directory[1],
        ),
        OpenDataFile(
            url_name="registry:open-data-hsds",
            title=_("The register in the HSDS 3.0 shape"),
            description=_(
                "One JSON document: the file's title, licence and time under their names, "
                "and the organisations under contents, each an organization of Open "
                "Referral's Human Services Data Specification 3.0 as the read API's "
                "/api/v1/hsds/organizations/ shows it."
            ),
            media_type="application/json",
            format_details=((_("Encoding"), _("UTF-8")),),
            filters_from=directory[0],
            filters_label=directory[1],
        ),
    ]
