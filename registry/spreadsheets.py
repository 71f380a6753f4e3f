"""Files for spreadsheets, the one way the portal writes them (the register's export,
``registry.exports``, and the effort log's, ``partnerships.exports``).

- CSV in two conventions: ``csv``, international (comma, decimal point), and
  ``csv-sv``, for Excel set to Swedish (semicolon, decimal comma: Swedish Excel opens a
  comma-separated file as one column). Both UTF-8 with a byte-order mark (so Excel reads
  å, ä and ö), lines ending CRLF (the csv module's default), dates in ISO 8601.
- XLSX through openpyxl's write-only mode, which spools rows to a temporary file: the
  heading row frozen, bold and filtered, columns as wide as their usual content.
- Cells that start with = + - @ (or a tab or carriage return) are prefixed with ' so a
  spreadsheet never runs them as a formula.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
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


class Echo:
    """A file that hands back what is written: the csv writer's rows as strings."""

    def write(self, value):
        return value


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
