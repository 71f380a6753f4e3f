"""Placeholder for the indicators interface while the ``indicators`` branch is not
merged into ``reports`` (replaced by that branch's module at merge)."""

from dataclasses import asdict, dataclass
from decimal import Decimal


@dataclass
class Table:
    key: str
    title: str
    definition: str
    columns: list[str]
    rows: list[list]
    chart: dict | None = None

    def as_dict(self) -> dict:
        data = asdict(self)
        data["rows"] = [[float(c) if isinstance(c, Decimal) else c for c in r] for r in self.rows]
        return data

    @classmethod
    def from_dict(cls, data) -> "Table":
        return cls(**data)


@dataclass(frozen=True)
class Indicator:
    key: str
    title: str
    definition: str


def catalogue() -> list[Indicator]:
    return []


def table(key, *, municipality_codes, county_code=None, first_year, last_year) -> Table:
    raise KeyError(key)
