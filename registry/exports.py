"""The officers' list of the register (filtered) as a file: CSV for Swedish Excel and
XLSX (``registry.spreadsheets``), streamed.

Memory stays flat however large the register: the rows are read in chunks
(``iterator(chunk_size=CHUNK)``, the many-to-many and the contact persons read per
chunk), CSV is written line by line into the response, and XLSX is written by
openpyxl's write-only mode into a temporary file that the response then streams.

Contact persons are personal data: only those who agreed to be shown publicly
(``selectors.public_contacts``' rule) are in the file, as on the public page.
"""

import itertools
import tempfile
from collections.abc import Iterator
from decimal import Decimal

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from registry import reference, selectors
from registry.models import ContactPerson, Organisation
from registry.spreadsheets import (
    SWEDISH_EXCEL,
    Column,
    buffered,
    column_width,
    csv_lines,
    number_format,
    safe_text,
)

CHUNK = 500
FORMATS = ("csv", "xlsx")


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _names(rows) -> str:
    return "; ".join(str(row) for row in rows)


def _public_contacts(organisation: Organisation) -> str:
    return "; ".join(", ".join(filter(None, details)) for details in organisation.public_contacts)


def columns() -> list[Column]:
    """The columns, in order."""
    return [
        Column(_("ID"), lambda o: o.pk, 7),
        Column(_("Name"), lambda o: o.name, 40),
        Column(_("Organisation number"), lambda o: o.org_number, 12),
        Column(_("Organisation identifier"), lambda o: o.org_id, 18),
        Column(_("Legal form"), lambda o: o.legal_form.name, 24),
        Column(_("Kind"), lambda o: o.get_kind_display(), 20),
        Column(_("Work-integrating"), lambda o: _yes_no(o.work_integrating), 6),
        Column(_("Publication state"), lambda o: o.get_publication_state_display(), 12),
        Column(_("Lifecycle"), lambda o: o.get_status_display(), 10),
        Column(_("Ceased on"), lambda o: o.ceased_on, 11),
        Column(_("Home municipality"), lambda o: o.home_municipality.name, 14),
        Column(_("Municipality code"), lambda o: o.home_municipality_id, 6),
        Column(_("Operates in"), lambda o: _names(o.export_municipalities), 30),
        Column(_("Activity areas"), lambda o: _names(o.export_areas), 30),
        Column(_("Short presentation"), lambda o: o.presentation, 50),
        Column(_("Year founded"), lambda o: o.founded_year, 6),
        Column(_("Website"), lambda o: o.website, 30),
        Column(_("Public e-mail"), lambda o: o.email, 30),
        Column(_("Public phone"), lambda o: o.phone, 14),
        Column(_("Street address"), lambda o: o.street_address, 24),
        Column(_("Postal code"), lambda o: o.postal_code, 7),
        Column(_("City"), lambda o: o.city, 14),
        Column(_("Latitude"), lambda o: o.latitude, 10),
        Column(_("Longitude"), lambda o: o.longitude, 10),
        Column(_("Number of employees"), lambda o: o.employees, 8),
        Column(_("People in work integration"), lambda o: o.people_in_work_integration, 8),
        Column(_("Sells to the public sector"), lambda o: _yes_no(o.sells_to_public_sector), 6),
        Column(_("Sells to business"), lambda o: _yes_no(o.sells_to_business), 6),
        Column(_("Last verified"), lambda o: o.last_verified_on, 11),
        Column(
            _("Last changed"), lambda o: timezone.localtime(o.updated_at).replace(tzinfo=None), 17
        ),
        Column(_("Contact persons shown publicly"), _public_contacts, 50),
    ]


def _attach_related(batch: tuple[Organisation, ...]) -> None:
    """The many-to-many names and the public contact persons of a chunk of rows, in
    three queries, as plain lists on each row (no related managers: their reference
    cycles would keep every chunk alive until the garbage collector ran)."""
    by_pk = {organisation.pk: organisation for organisation in batch}
    for organisation in batch:
        organisation.export_municipalities = []
        organisation.export_areas = []
        organisation.public_contacts = []
    through = Organisation.municipalities.through.objects.filter(organisation_id__in=by_pk)
    for pk, name in through.order_by("municipality__name").values_list(
        "organisation_id", "municipality__name"
    ):
        by_pk[pk].export_municipalities.append(name)
    area_names = dict(reference.activity_area_choices())  # in the reader's language
    areas = Organisation.activity_areas.through.objects.filter(organisation_id__in=by_pk)
    for pk, slug in areas.order_by("activityarea__order", "activityarea__slug").values_list(
        "organisation_id", "activityarea__slug"
    ):
        by_pk[pk].export_areas.append(area_names.get(slug, slug))
    public = selectors.publicly_shown(ContactPerson.objects.filter(organisation_id__in=by_pk))
    for pk, *details in public.order_by("name", "pk").values_list(
        "organisation_id", "name", "role", "email", "phone"
    ):
        by_pk[pk].public_contacts.append(details)


def in_chunks(queryset, attach=None) -> Iterator:
    """The rows of ``queryset``, read CHUNK at a time from a server-side cursor: the
    queryset's ``prefetch_related`` lookups are done per chunk (Django's ``iterator``
    does that) and ``attach(chunk)`` may add more per chunk. The one way the register's
    files read many rows (this module's and ``registry.opendata``'s).

    When the next chunk is read, the last one's prefetched rows are let go of: a related
    manager's cache refers back to its row, a cycle that would otherwise keep every
    chunk alive until the garbage collector ran."""
    for batch in itertools.batched(queryset.iterator(chunk_size=CHUNK), CHUNK):
        if attach is not None:
            attach(batch)
        yield from batch
        for row in batch:
            if hasattr(row, "__dict__"):  # a model instance, not a values() row
                row.__dict__.pop("_prefetched_objects_cache", None)


def _rows(queryset, cols: list[Column]) -> Iterator[list]:
    rows = queryset.select_related("legal_form", "home_municipality").order_by("name", "pk")
    for organisation in in_chunks(rows, _attach_related):
        yield [column.value(organisation) for column in cols]


def filename(extension: str) -> str:
    return f"registret-{timezone.localdate().isoformat()}.{extension}"


def csv_response(queryset) -> StreamingHttpResponse:
    """CSV for Excel set to Swedish, streamed line by line."""
    cols = columns()
    lines = csv_lines([column.heading for column in cols], _rows(queryset, cols), SWEDISH_EXCEL)
    response = StreamingHttpResponse(buffered(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename("csv")}"'
    return response


def xlsx_response(queryset) -> FileResponse:
    """XLSX written in write-only mode to a temporary file, which is then streamed."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Register"))
    for index, column in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(column)
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value, *, heading=False):
        result = WriteOnlyCell(sheet, value=safe_text(value) if isinstance(value, str) else value)
        if heading:
            result.font = bold
        elif not isinstance(value, Decimal) and (fmt := number_format(value)):
            result.number_format = fmt  # dates as dates; coordinates keep their decimals
        return result

    sheet.append([cell(column.heading, heading=True) for column in cols])
    count = 0
    for row in _rows(queryset, cols):
        count += 1
        sheet.append([cell(value) for value in row])
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{count + 1}"
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it when sent
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=filename("xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def register_response(queryset, fmt: str):
    if fmt == "csv":
        return csv_response(queryset)
    if fmt == "xlsx":
        return xlsx_response(queryset)
    raise Http404
