"""Export of the officers' filtered list of efforts, as CSV (two conventions) and XLSX.

- ``csv``, the international convention, for machines and open data: comma-separated,
  amounts with a decimal point.
- ``csv-sv``, for Excel set to Swedish: semicolon-separated, amounts with a decimal
  comma. Swedish Excel opens a comma-separated file as one column, because the comma is
  its decimal separator.
- Both are UTF-8 with a byte-order mark (so that Excel reads å, ä and ö), with dates in
  ISO 8601 (which Excel reads as dates in either language).
- XLSX is for spreadsheets: amounts are numbers with two decimals, dates are dates, the
  heading row is frozen and has a filter, the columns are as wide as their headings and
  usual content (within bounds), and a row "Total" under the data adds up the money.
- Cells that start with = + - @ are prefixed with ' so a spreadsheet never runs them.
- The conventions, the cell helpers and the column type are ``registry.spreadsheets``'s,
  shared with the register's export.
- Memory stays flat: rows are read in chunks (``iterator(chunk_size=...)`` with the
  prefetches), CSV is streamed, and XLSX is written by openpyxl's write-only mode, which
  spools rows to a temporary file.
"""

from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from partnerships.models import Effort
from registry.spreadsheets import (  # noqa: F401 - some are read from here by views and tests
    CSV_CONVENTIONS,
    MAX_WIDTH,
    MIN_WIDTH,
    MONEY_FORMAT,
    Column,
    CsvConvention,
    Echo,
    buffered,
    column_width,
    csv_lines,
    number_format,
    safe_text,
)

CHUNK = 500


def columns() -> list[Column]:
    """The columns, in order."""
    return [
        Column(_("ID"), lambda e: e.pk, 7),
        Column(_("Title"), lambda e: e.title, 40),
        Column(_("Kind of effort"), lambda e: e.get_kind_display(), 28),
        Column(_("Status"), lambda e: e.get_status_display(), 12),
        Column(_("Municipality"), lambda e: e.responsible_unit.municipality.name, 14),
        Column(_("Municipality code"), lambda e: e.responsible_unit.municipality_id, 6),
        Column(_("Responsible unit"), lambda e: e.responsible_unit.name, 30),
        Column(_("Responsible officer"), _officer, 22),
        Column(_("Start date"), lambda e: e.start_date, 11),
        Column(_("End date"), lambda e: e.end_date, 11),
        Column(_("Years active"), lambda e: e.active_years_display, 11),
        Column(_("Year of the award"), lambda e: e.award_year, 6),
        Column(_("Applied for (SEK)"), lambda e: e.amount_applied, 14, money=True),
        Column(_("Awarded (SEK)"), lambda e: e.amount_awarded, 14, money=True),
        Column(_("Paid out (SEK)"), lambda e: e.amount_paid, 14, money=True),
        Column(_("Payments"), _payments, 40),
        Column(_("In-kind value (SEK)"), lambda e: e.in_kind_value, 14, money=True),
        Column(_("Diary number"), lambda e: e.decision_diary_number, 14),
        Column(_("Date of the decision"), lambda e: e.decision_date, 11),
        Column(_("Deciding body"), lambda e: e.decision_body, 24),
        Column(_("Organisations"), _organisations, 50),
        Column(_("Organisation numbers"), _org_numbers, 24),
        Column(_("Organisation identifiers"), _org_ids, 30),
        Column(_("Policy goals"), _goals, 50),
        Column(_("People in work training"), lambda e: e.work_training_people, 8),
        Column(_("Participants"), lambda e: e.participants, 8),
        Column(_("New enterprises started"), lambda e: e.new_enterprises, 8),
        Column(_("Purpose"), lambda e: e.purpose, 60),
        Column(_("Description"), lambda e: e.description, 60),
        Column(_("Other outcomes"), lambda e: e.outcome_notes, 60),
        Column(_("Public"), lambda e: _("yes") if e.is_public else _("no"), 6),
        Column(
            _("Last changed"),
            lambda e: timezone.localtime(e.updated_at).replace(tzinfo=None),
            17,
        ),
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


def _org_ids(effort: Effort) -> str:
    """The organisations' open-data identifiers (SE-ON-…), as in every other export."""
    return "; ".join(
        link.organisation.org_id
        for link in effort.organisation_links.all()
        if link.organisation.org_number
    )


def _payments(effort: Effort) -> str:
    """Each payment as "2024-06-30: 1500.00", in date order (ISO dates, as the other
    date columns of a CSV)."""
    return "; ".join(f"{p.date.isoformat()}: {p.amount}" for p in effort.payments.all())


def _goals(effort: Effort) -> str:
    return "; ".join(
        f"{link.goal.code} {link.goal.name} ({link.goal.document.owner_name})"
        for link in effort.goal_links.all()
    )


def _rows(queryset, cols: list[Column]) -> Iterator[list]:
    for effort in queryset.iterator(chunk_size=CHUNK):
        yield [column.value(effort) for column in cols]


def filename(extension: str, suffix: str = "") -> str:
    return f"insatser-{timezone.localdate().isoformat()}{suffix}.{extension}"


# --- CSV -------------------------------------------------------------------------------------


def csv_response(queryset, convention: CsvConvention = CSV_CONVENTIONS["csv"]):
    cols = columns()
    lines = csv_lines([column.heading for column in cols], _rows(queryset, cols), convention)
    response = StreamingHttpResponse(buffered(lines), content_type="text/csv; charset=utf-8")
    name = filename("csv", convention.filename_suffix)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- XLSX ------------------------------------------------------------------------------------


def xlsx_response(queryset) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cols = columns()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Efforts"))
    # Column widths and the frozen heading go before the rows in the file: set them first.
    for index, column in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column_width(column)
    sheet.freeze_panes = "A2"

    bold = Font(bold=True)

    def cell(value, *, heading=False, number_format=None):
        result = WriteOnlyCell(sheet, value=value)
        if heading:
            result.font = bold
        if number_format:
            result.number_format = number_format
        return result

    def data_cell(value):
        if isinstance(value, str):
            return cell(safe_text(value))
        return cell(value, number_format=number_format(value))

    sheet.append([cell(column.heading, heading=True) for column in cols])
    count = 0
    for row in _rows(queryset, cols):
        count += 1
        sheet.append([data_cell(value) for value in row])
    last_column = get_column_letter(len(cols))
    # The filter covers the heading and the data; the total stays below it, after an
    # empty row, so that sorting or filtering never moves it into the data.
    sheet.auto_filter.ref = f"A1:{last_column}{count + 1}"
    sheet.append([])
    totals = [cell(_("Total"), heading=True)]
    for index, column in enumerate(cols[1:], start=2):
        if column.money:
            letter = get_column_letter(index)
            value = f"=SUM({letter}2:{letter}{count + 1})" if count else 0
            totals.append(cell(value, heading=True, number_format=MONEY_FORMAT))
        else:
            totals.append(None)
    sheet.append(totals)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename("xlsx")}"'
    workbook.save(response)
    return response
