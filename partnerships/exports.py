"""Export of the officers' filtered list of efforts, as CSV and as XLSX.

- CSV is for machines and open data: UTF-8 (with a byte-order mark so that Excel reads
  å, ä and ö), comma-separated, amounts with a decimal point, dates in ISO 8601.
- XLSX is for spreadsheets: amounts are numbers with two decimals, dates are dates.
- Cells that start with = + - @ are prefixed with ' so a spreadsheet never runs them.
- Rows are read in chunks (``iterator(chunk_size=...)`` with the prefetches), so a large
  export does not hold every effort in memory.
"""

import csv
import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Effort

CHUNK = 500


def columns() -> list[tuple[str, callable]]:
    """(heading, value) for each column, in order."""
    return [
        (_("ID"), lambda e: e.pk),
        (_("Title"), lambda e: e.title),
        (_("Kind of effort"), lambda e: e.get_kind_display()),
        (_("Status"), lambda e: e.get_status_display()),
        (_("Municipality"), lambda e: e.responsible_unit.municipality.name),
        (_("Municipality code"), lambda e: e.responsible_unit.municipality_id),
        (_("Responsible unit"), lambda e: e.responsible_unit.name),
        (_("Responsible officer"), _officer),
        (_("Start date"), lambda e: e.start_date),
        (_("End date"), lambda e: e.end_date),
        (_("Year"), lambda e: e.report_year),
        (_("Applied for (SEK)"), lambda e: e.amount_applied),
        (_("Awarded (SEK)"), lambda e: e.amount_awarded),
        (_("Paid out (SEK)"), lambda e: e.amount_paid),
        (_("In-kind value (SEK)"), lambda e: e.in_kind_value),
        (_("Diary number"), lambda e: e.decision_diary_number),
        (_("Date of the decision"), lambda e: e.decision_date),
        (_("Deciding body"), lambda e: e.decision_body),
        (_("Organisations"), _organisations),
        (_("Organisation numbers"), _org_numbers),
        (_("Policy goals"), _goals),
        (_("People in work training"), lambda e: e.work_training_people),
        (_("Participants"), lambda e: e.participants),
        (_("New enterprises started"), lambda e: e.new_enterprises),
        (_("Purpose"), lambda e: e.purpose),
        (_("Description"), lambda e: e.description),
        (_("Other outcomes"), lambda e: e.outcome_notes),
        (_("Public"), lambda e: _("yes") if e.is_public else _("no")),
        (_("Last changed"), lambda e: timezone.localtime(e.updated_at).replace(tzinfo=None)),
    ]


def _officer(effort: Effort) -> str:
    officer = effort.responsible_officer
    return (officer.get_full_name() or officer.get_username()) if officer else ""


def _organisations(effort: Effort) -> str:
    return "; ".join(
        f"{link.organisation.name} ({link.get_role_display()})"
        for link in effort.organisation_links.all()
    )


def _org_numbers(effort: Effort) -> str:
    return "; ".join(
        link.organisation.org_number
        for link in effort.organisation_links.all()
        if link.organisation.org_number
    )


def _goals(effort: Effort) -> str:
    return "; ".join(
        f"{link.goal.code} {link.goal.name} ({link.goal.document.owner_name})"
        for link in effort.goal_links.all()
    )


def _safe_text(value: str) -> str:
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, int):
        return str(value)
    return _safe_text(str(value))


class _Echo:
    def write(self, value):
        return value


def _rows(queryset) -> Iterator[list]:
    cols = columns()
    yield [heading for heading, _value in cols]
    for effort in queryset.iterator(chunk_size=CHUNK):
        yield [value(effort) for _heading, value in cols]


def filename(extension: str) -> str:
    return f"insatser-{timezone.localdate().isoformat()}.{extension}"


def csv_response(queryset) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        for row in _rows(queryset):
            yield writer.writerow([_csv_value(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename("csv")}"'
    return response


def xlsx_response(queryset) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Efforts"))
    bold = Font(bold=True)
    for number, row in enumerate(_rows(queryset)):
        cells = []
        for value in row:
            if isinstance(value, str):
                value = _safe_text(value)
            cell = WriteOnlyCell(sheet, value=value)
            if number == 0:
                cell.font = bold
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            elif isinstance(value, datetime.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename("xlsx")}"'
    workbook.save(response)
    return response
