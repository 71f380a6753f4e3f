"""Reading a spreadsheet: a CSV file or an XLSX workbook becomes a header row and rows
of text (``read_table``); what cannot be read raises ``ImportFileError``."""

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from registry.imports.fields import automatic_mapping

MAX_ROWS = 50_000
MAX_COLUMNS = 100
MAX_CELL_LENGTH = 10_000
# Files with more rows than this are checked and imported by the task worker, with
XLSX_MAGIC = b"PK\x03\x04"
OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"


class ImportFileError(Exception):
    """The file cannot be imported at all; ``message`` says why and what to do."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Reading ----------------------------------------------------------------------------


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # [line number in the file, [cells]]


def read_table(data: bytes, file_name: str) -> Table:
    """The header row and the rows of an uploaded CSV or XLSX file."""
    if not data:
        raise ImportFileError(_("The file is empty. Choose the file with the register."))
    lower = file_name.lower()
    if data.startswith(OLD_EXCEL_MAGIC) or lower.endswith(".xls"):
        raise ImportFileError(
            _(
                "This is an Excel file of the old format (.xls). Open it in Excel and save "
                "it as an Excel workbook (.xlsx) or as CSV, then choose that file."
            )
        )
    if data.startswith(XLSX_MAGIC) or lower.endswith(".xlsx"):
        lines = _xlsx_lines(data)
    elif lower.endswith((".csv", ".txt", ".tsv")) or "." not in lower:
        lines = _csv_lines(data)
    else:
        raise ImportFileError(_("The file must be a CSV file (.csv) or an Excel workbook (.xlsx)."))
    return _table(lines)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise ImportFileError(_unreadable())
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(_unreadable()) from None


def _unreadable() -> str:
    return _(
        "The file could not be read. Save it from the spreadsheet program as CSV (UTF-8 or "
        "semicolon-separated) or as an Excel workbook (.xlsx) and choose it again."
    )


def separator(first_line: str) -> str:
    """The separator the header row uses most, outside quotes: ``;``, ``,`` or tab."""
    outside = re.sub(r'"[^"]*"', "", first_line)
    counts = {sep: outside.count(sep) for sep in (";", ",", "\t")}
    best = max(counts, key=lambda sep: (counts[sep], sep == ";"))
    return best if counts[best] else ";"


def _csv_lines(data: bytes):
    text = _decode(data)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator(first_line))
    try:
        yield from enumerate(reader, start=1)
    except csv.Error:
        raise ImportFileError(_unreadable()) from None


def _xlsx_lines(data: bytes):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(_unreadable()) from error
    except Exception as error:  # openpyxl raises its own kinds for damaged workbooks
        raise ImportFileError(_unreadable()) from error
    try:
        if not workbook.worksheets:
            raise ImportFileError(_("The workbook has no sheet."))
        sheet = workbook.worksheets[0]
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, [_cell_text(value) for value in values]
    finally:
        workbook.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if not value.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _table(lines) -> Table:
    headers: list[str] | None = None
    rows: list[list] = []
    for number, cells in lines:
        cells = [
            " ".join(str(cell).split()) if len(cell) < 300 else str(cell).strip() for cell in cells
        ]
        if not any(cells):
            continue
        if headers is None:
            headers = cells
            while headers and not headers[-1]:
                headers.pop()
            if len(headers) > MAX_COLUMNS:
                raise ImportFileError(
                    _("The file has more than %(count)d columns.") % {"count": MAX_COLUMNS}
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(
                _("The file has more than %(count)s rows: split it into smaller files.")
                % {"count": MAX_ROWS}
            )
        while cells and not cells[-1]:
            cells.pop()
        rows.append([number, [cell[:MAX_CELL_LENGTH] for cell in cells[: MAX_COLUMNS + 1]]])
    if headers is None:
        raise ImportFileError(_("The file is empty. Choose the file with the register."))
    if not automatic_mapping(headers) and _looks_like_data(headers):
        raise ImportFileError(
            _(
                "The first row of the file looks like an organisation, not like headings. "
                "Add a header row that names the columns (for example Namn, "
                "Organisationsnummer, E-post) and choose the file again."
            )
        )
    if not rows:
        raise ImportFileError(_("The file has a header row but no organisations under it."))
    return Table(headers=headers, rows=rows)


def _looks_like_data(cells: list[str]) -> bool:
    for cell in cells:
        if (
            "@" in cell
            or re.fullmatch(r"\d{6}-?\d{4}", cell)
            or re.fullmatch(r"\d{3} ?\d{2}", cell)
        ):
            return True
    return False
