"""What every indicator is made of: its ``Table`` (with its chart), its ``Indicator``
entry in the catalogue, the ``Scope`` it is counted over, and the charts."""

from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from partnerships.followup import wrap_label
from registry.models import County, Municipality

Cell = str | int | float | Decimal | None


@dataclass
class Table:
    key: str  # the indicator's key
    title: str  # translated, with the scope and period in it
    definition: str  # translated: how the figure is counted
    columns: list[str]  # translated headers
    rows: list[list[Cell]]  # cells (the first column the label)
    chart: dict | None = None  # data for static/js/charts.js, like followup.chart()
    notes: list[str] = field(default_factory=list)  # translated remarks under the table

    def as_dict(self) -> dict:
        """JSON-serialisable (a Decimal as a string tagged ``{"decimal": "1.50"}``)."""
        data = asdict(self)
        data["rows"] = [[_freeze(cell) for cell in row] for row in self.rows]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Table":
        return cls(
            key=data["key"],
            title=data["title"],
            definition=data["definition"],
            columns=list(data["columns"]),
            rows=[[_thaw(cell) for cell in row] for row in data["rows"]],
            chart=data.get("chart"),
            notes=list(data.get("notes", [])),
        )


def _freeze(cell: Cell):
    return {"decimal": str(cell)} if isinstance(cell, Decimal) else cell


def _thaw(cell):
    return Decimal(cell["decimal"]) if isinstance(cell, dict) else cell


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    definition: str


@dataclass(frozen=True)
class Scope:
    """Where the figures come from: municipalities, a county, or the whole register."""

    municipality_codes: tuple[str, ...] | None
    county_code: str | None
    public_only: bool = False  # only the efforts published on the portal (is_public)

    @property
    def name(self) -> str:
        if self.municipality_codes:
            names = Municipality.objects.filter(code__in=self.municipality_codes).order_by("name")
            return ", ".join(m.name for m in names)
        if self.county_code:
            return County.objects.get(code=self.county_code).name
        return _("the whole register")

    def register_counts(self, alias: str = "c") -> tuple[str, list]:
        """SQL condition on registry_registercount (as ``alias``) for the scope: the
        organisations by their home municipality."""
        column = f"{alias}.municipality_id"
        if self.municipality_codes:
            return f"{column} = ANY(%s)", [list(self.municipality_codes)]
        if self.county_code:
            return (
                f"{column} IN (SELECT code FROM registry_municipality WHERE county_id = %s)",
                [self.county_code],
            )
        return "TRUE", []


def _share(part, whole) -> float | None:
    return round(100.0 * float(part) / float(whole), 1) if whole else None


# --- Charts ---------------------------------------------------------------------------------


def line_chart(title, rows, columns, series: list[int], *, axis: str) -> dict:
    """Time along the chart: one line per chosen column (static/js/charts.js)."""
    return {
        "title": title,
        "over": "years",
        "labels": [row[0] for row in rows],
        "series": [
            {
                "type": "line",
                "label": columns[i],
                "axis": "count",
                "data": [_number(row[i]) for row in rows],
            }
            for i in series
        ],
        "axes": {"count": axis},
    }


def bar_chart(title, rows, columns, series: list[int], *, axis: str, money: int | None = None):
    """Categories: bars, one series per chosen column; ``money`` a column on its own axis."""
    chosen = [(i, "count") for i in series] + ([(money, "money")] if money else [])
    axes = {"count": axis}
    if money:
        axes["money"] = columns[money]
    return {
        "title": title,
        "over": "categories",
        "labels": [wrap_label(row[0]) for row in rows],
        "series": [
            {
                "type": "bar",
                "label": columns[i],
                "axis": which,
                "data": [_number(row[i]) for row in rows],
            }
            for i, which in chosen
        ],
        "axes": axes,
    }


def _number(cell):
    if isinstance(cell, Decimal):
        return float(cell)
    return cell


def _period(first: int, last: int) -> str:
    return str(first) if first == last else f"{first}\u2013{last}"
