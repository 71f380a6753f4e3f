"""Files for spreadsheets, the one way the portal writes them (the register's export,
``registry.exports``, and the effort log's, ``partnerships.exports``).

- CSV in two conventions: ``csv``, international (comma, decimal point), and
  ``csv-sv``, for Excel set to Swedish (semicolon, decimal comma: Swedish Excel opens a
  comma-separated file as one column). Both UTF-8 with a byte-order mark (so Excel reads
  å, ä and ö), lines ending CRLF (the csv module's default), dates in ISO 8601. The
  open-data downloads' international file (``registry.opendata``) is the same without
  the byte-order mark (``OPEN_DATA_CSV``), for programs.
- ``csv_lines`` writes either, line by line, and ``buffered`` gathers the lines into
  pieces of about 64 kB for a streamed response (not one write to the socket a row).
- XLSX through openpyxl's write-only mode, which spools rows to a temporary file: the
  heading row frozen, bold and filtered, columns as wide as their usual content.
- Cells that start with = + - @ (or a tab or carriage return) are prefixed with ' so a
  spreadsheet never runs them as a formula.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

MIN_WIDTH, MAX_WIDTH = 8, 60
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[object], object]
    width: int = 12  # characters that the usual content needs
    money: bool = False


def safe_text(value: str) -> str:
    """Text a spreadsheet shows as text, never runs (formula injection)."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


@dataclass(frozen=True)
class CsvConvention:
    delimiter: str
    decimal_separator: str
    filename_suffix: str = ""
    byte_order_mark: bool = True

    def value(self, value) -> str:
        if value is None:
            return ""
        if isinstance(value, datetime.datetime):
            return value.isoformat(sep=" ", timespec="minutes")
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return f"{value:f}".replace(".", self.decimal_separator)
        if isinstance(value, float):
            return repr(value).replace(".", self.decimal_separator)
        if isinstance(value, int):
            return str(value)
        return safe_text(str(value))


# The URL's format (``export.<fmt>``) to the convention.
CSV_CONVENTIONS = {
    "csv": CsvConvention(delimiter=",", decimal_separator="."),
    "csv-sv": CsvConvention(delimiter=";", decimal_separator=",", filename_suffix="-excel-sv"),
}
SWEDISH_EXCEL = CSV_CONVENTIONS["csv-sv"]
OPEN_DATA_CSV = replace(CSV_CONVENTIONS["csv"], byte_order_mark=False)


class Echo:
    """A file that hands back what is written: the csv writer's rows as strings."""

    def write(self, value):
        return value


def csv_lines(
    headings: list[str], rows: Iterable[list], convention: CsvConvention
) -> Iterator[str]:
    """The file's lines: the byte-order mark if the convention has one, the headings,
    then each row's values written in the convention."""
    writer = csv.writer(Echo(), delimiter=convention.delimiter)
    if convention.byte_order_mark:
        yield "\ufeff"
    yield writer.writerow(headings)
    for row in rows:
        yield writer.writerow([convention.value(value) for value in row])


BUFFER_SIZE = 64 * 1024


def buffered(pieces: Iterable[str], size: int = BUFFER_SIZE) -> Iterator[str]:
    """``pieces`` joined into strings of about ``size`` characters."""
    gathered, length = [], 0
    for piece in pieces:
        gathered.append(piece)
        length += len(piece)
        if length >= size:
            yield "".join(gathered)
            gathered, length = [], 0
    if gathered:
        yield "".join(gathered)


def column_width(column: Column) -> int:
    """Wide enough for the heading and the usual content, within bounds."""
    return max(MIN_WIDTH, min(MAX_WIDTH, max(len(column.heading), column.width) + 2))


def number_format(value) -> str | None:
    if isinstance(value, Decimal):
        return MONEY_FORMAT
    if isinstance(value, datetime.datetime):
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, datetime.date):
        return "yyyy-mm-dd"
    return None
