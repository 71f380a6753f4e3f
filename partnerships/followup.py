"""Follow-up of efforts against the policy goals: the figures of the goal pages.

Every figure is computed in the database (``values().annotate()``), a fixed number of
queries per page whatever the number of efforts. The rules reports count on:

- **Year** is the year an effort started (``start_date``): an effort is counted once, in
  that year, with all its money. A period of years means efforts that started in it.
- **Efforts** under a goal: each effort once (an effort serves a goal at most once). For
  a whole document an effort serving several of its goals still counts once.
- **Organisations reached**: distinct organisations involved in those efforts, in any
  role (recipient, partner, provider); counted once however many efforts they were in.
- **SEK** awarded, paid out and in kind: exact decimal sums of the efforts' amounts.
- Outcomes (people in work training, participants, new enterprises): sums of what was
  reported; an effort that reported nothing adds nothing.
"""

import datetime
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast, Coalesce, ExtractYear
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)
from registry.models import DataVersion

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=16, decimal_places=2)


@dataclass
class Figures:
    efforts: int = 0
    organisations: int = 0
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    in_kind: Decimal = ZERO
    work_training_people: int = 0
    participants: int = 0
    new_enterprises: int = 0


@dataclass
class Row:
    """One line of a table of figures (``includes/_figures_table.html``): its label, a
    link when the label is a page of its own, and a remark in brackets after it."""

    key: object
    label: str
    figures: Figures
    href: str = ""
    remark: str = ""


@dataclass(frozen=True)
class Years:
    """A period of start years; ``None`` on either side is open."""

    first: int | None = None
    last: int | None = None

    def q(self, prefix: str = "") -> Q:
        condition = Q()
        if self.first:
            condition &= Q(**{f"{prefix}start_date__gte": datetime.date(self.first, 1, 1)})
        if self.last:
            condition &= Q(**{f"{prefix}start_date__lte": datetime.date(self.last, 12, 31)})
        return condition

    @property
    def display(self) -> str:
        """The period as shown (2020 to 2023 with an en dash, an ellipsis for an open end),
        or "" for all years."""
        if not (self.first or self.last):
            return ""
        return f"{self.first or '…'}\u2013{self.last or '…'}"

    def query(self) -> str:
        """The period for a link to another follow-up page ("?from_year=…"), or ""."""
        if not (self.first or self.last):
            return ""
        return "?" + urlencode({"from_year": self.first or "", "to_year": self.last or ""})


def _sums(prefix: str = "") -> dict:
    def money(name):
        return Coalesce(Sum(f"{prefix}{name}"), Value(ZERO), output_field=MONEY)

    def number(name):
        return Coalesce(Sum(f"{prefix}{name}"), Value(0))

    return {
        "efforts": Count(f"{prefix}id"),
        "awarded": money("amount_awarded"),
        "paid": money("amount_paid"),
        "in_kind": money("in_kind_value"),
        "work_training_people": number("work_training_people"),
        "participants": number("participants"),
        "new_enterprises": number("new_enterprises"),
    }


def start_year(field: str = "start_date"):
    """The year an effort started, as an integer: PostgreSQL's EXTRACT gives a numeric,
    which groups and hashes several times slower than an integer."""
    return Cast(ExtractYear(field), IntegerField())


# The dimensions a report groups by: (expression on Effort, on EffortGoal/EffortOrganisation).
DIMENSIONS = {
    "year": (start_year(), start_year("effort__start_date")),
    "kind": (F("kind"), F("effort__kind")),
    "unit": (F("responsible_unit_id"), F("effort__responsible_unit_id")),
    "goal": (None, F("effort__goal_links__goal_id")),
}
KEY_TYPES = {"year": int, "kind": str, "unit": int, "goal": int}


def effort_sums(efforts, dims: tuple[str, ...]) -> dict[tuple, Figures]:
    """The efforts' sums grouped by every dimension in ``dims`` at once: one query, a few
    hundred groups at most (years by kinds by units), rolled up by ``roll_up``."""
    efforts = efforts.order_by()
    if not dims:
        return {(): Figures(**efforts.aggregate(**_sums()))}
    rows = efforts.values(**{f"by_{dim}": DIMENSIONS[dim][0] for dim in dims}).annotate(**_sums())
    return {tuple(row.pop(f"by_{dim}") for dim in dims): Figures(**row) for row in rows}


def roll_up(cells: dict[tuple, Figures], dims: tuple[str, ...], by: str | None) -> dict:
    """Add up grouped sums to one dimension (or to the total when ``by`` is None)."""
    index = dims.index(by) if by else None
    result: dict[object, Figures] = {}
    for key, figures in cells.items():
        total = result.setdefault(key[index] if by else None, Figures())
        for name in SUMMED:
            setattr(total, name, getattr(total, name) + getattr(figures, name))
    return result


SUMMED = (
    "efforts",
    "awarded",
    "paid",
    "in_kind",
    "work_training_people",
    "participants",
    "new_enterprises",
)


def reach(links, dims: tuple[str, ...]) -> dict[str | None, dict]:
    """Distinct organisations reached, per key of each dimension and in total: one query.

    ``links`` are the EffortOrganisation rows in scope. They are read once, in a common
    table expression, and for each dimension the distinct (key, organisation) pairs are
    found with a hash (not a sort of every link, as COUNT(DISTINCT ...) would) and
    counted. Returns ``{dim: {key: n}, None: total}``. The SQL is the ORM's own query for
    the links, wrapped.
    """
    inner = links.order_by().values(
        **{f"by_{dim}": DIMENSIONS[dim][1] for dim in dims}, org=F("organisation_id")
    )
    sql, params = inner.query.sql_with_params()
    parts = [
        f'SELECT {number} AS dim, CAST(r."by_{dim}" AS TEXT) AS k, COUNT(*) AS n '
        f'FROM (SELECT DISTINCT "by_{dim}", org FROM reach) r GROUP BY r."by_{dim}"'
        for number, dim in enumerate(dims)
    ]
    parts.append(
        "SELECT -1 AS dim, NULL AS k, COUNT(*) AS n FROM (SELECT DISTINCT org FROM reach) t"
    )
    query = f"WITH reach AS ({sql}) " + " UNION ALL ".join(parts)
    result: dict[str | None, dict] = {dim: {} for dim in dims}
    result[None] = 0
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for number, key, count in cursor.fetchall():
            if number == -1:
                result[None] = count
            elif key is not None:
                dim = dims[number]
                result[dim][KEY_TYPES[dim](Decimal(key)) if dim != "kind" else key] = count
    return result


def _with_reach(sums: dict, reached: dict) -> dict:
    for key, figures in sums.items():
        figures.organisations = reached.get(key, 0)
    return sums


def year_range(*keys: Iterable, years: Years) -> list[int]:
    """Every year from the first to the last with efforts (or the period asked for)."""
    present = {key for group in keys for key in group if key is not None}
    if not present and not (years.first and years.last):
        return []
    first = years.first or min(present)
    last = years.last or max(present | {first})
    return list(range(first, last + 1))


def _rows_by_year(by_year: dict, years: Years) -> list[Row]:
    return [Row(y, str(y), by_year.get(y, Figures())) for y in year_range(by_year, years=years)]


def _rows_by_kind(by_kind: dict) -> list[Row]:
    labels = dict(Effort.Kind.choices)
    return [Row(k, labels[k], by_kind[k]) for k in Effort.Kind.values if k in by_kind]


def _rows_by_unit(by_unit: dict) -> list[Row]:
    units = MunicipalUnit.objects.filter(pk__in=by_unit.keys()).select_related("municipality")
    rows = [Row(unit, str(unit), by_unit[unit.pk]) for unit in units]
    rows.sort(key=lambda row: (-row.figures.efforts, row.label))
    return rows


@dataclass
class GoalReport:
    goal: PolicyGoal
    years: Years
    totals: Figures
    by_year: list[Row]
    by_kind: list[Row]
    by_unit: list[Row]


def goal_report(goal: PolicyGoal, years: Years) -> GoalReport:
    """One goal: totals, and by year, kind and unit. Three queries: the sums, the
    organisations reached, the units' names."""
    dims = ("year", "kind", "unit")
    cells = effort_sums(Effort.objects.filter(Q(goal_links__goal=goal) & years.q()), dims)
    reached = reach(
        EffortOrganisation.objects.filter(Q(effort__goal_links__goal=goal) & years.q("effort__")),
        dims,
    )
    totals = roll_up(cells, dims, None).get(None, Figures())
    totals.organisations = reached[None]
    return GoalReport(
        goal=goal,
        years=years,
        totals=totals,
        by_year=_rows_by_year(_with_reach(roll_up(cells, dims, "year"), reached["year"]), years),
        by_kind=_rows_by_kind(_with_reach(roll_up(cells, dims, "kind"), reached["kind"])),
        by_unit=_rows_by_unit(_with_reach(roll_up(cells, dims, "unit"), reached["unit"])),
    )


def goal_efforts(goal: PolicyGoal, years: Years):
    """The efforts serving the goal, newest first, each with its note on the goal."""
    links = EffortOrganisation.objects.select_related("organisation").order_by(
        "organisation__name", "id"
    )
    return (
        Effort.objects.filter(Q(goal_links__goal=goal) & years.q())
        .annotate(goal_note=F("goal_links__note"))
        .select_related("responsible_unit__municipality")
        .prefetch_related(Prefetch("organisation_links", queryset=links))
        .order_by("-start_date", "-id")
    )


@dataclass
class GoalLine:
    goal: PolicyGoal
    figures: Figures
    per_year: list[int] = field(default_factory=list)


@dataclass
class DocumentReport:
    document: PolicyDocument
    years: Years
    goals: list[GoalLine]
    totals: Figures
    year_labels: list[int]
    by_year: list[Row]
    by_kind: list[Row]
    by_unit: list[Row]

    @property
    def goal_rows(self) -> list[Row]:
        """The goals as rows of a table of figures, each linked to its page (with the
        period), retired goals marked. Built when shown, in the language of the page."""
        query = self.years.query()
        return [
            Row(
                line.goal,
                f"{line.goal.code} {line.goal.name}",
                line.figures,
                href=line.goal.get_absolute_url() + query,
                remark=_("retired") if line.goal.retired_on else "",
            )
            for line in self.goals
        ]


def document_report(document: PolicyDocument, years: Years) -> DocumentReport:
    """Every goal of a document side by side, and the document's efforts (each once) by
    year, kind and unit. Five queries, whatever the number of efforts: the goals, the
    sums per goal and year, the sums of the document's efforts per year, kind and unit,
    the organisations reached (per goal, year, kind, unit and in total), the units."""
    goals = list(document.goals.order_by("order", "code"))
    per_goal_year = {
        (row.pop("goal"), row.pop("year")): Figures(**row)
        for row in EffortGoal.objects.filter(Q(goal__document=document) & years.q("effort__"))
        .order_by()
        .values("goal", year=start_year("effort__start_date"))
        .annotate(**_sums("effort__"))
    }
    serves = EffortGoal.objects.filter(goal__document=document, effort_id=OuterRef("pk"))
    dims = ("year", "kind", "unit")
    cells = effort_sums(Effort.objects.filter(Exists(serves) & years.q()), dims)
    reached = reach(
        EffortOrganisation.objects.filter(
            Q(effort__goal_links__goal__document=document) & years.q("effort__")
        ),
        ("goal", *dims),
    )
    by_year = _with_reach(roll_up(cells, dims, "year"), reached["year"])
    year_labels = year_range(by_year, [y for _, y in per_goal_year], years=years)
    per_goal = roll_up(per_goal_year, ("goal", "year"), "goal")
    lines = []
    for goal in goals:
        figures = per_goal.get(goal.pk, Figures())
        figures.organisations = reached["goal"].get(goal.pk, 0)
        counts = [per_goal_year.get((goal.pk, y), Figures()).efforts for y in year_labels]
        lines.append(GoalLine(goal, figures, counts))
    totals = roll_up(cells, dims, None).get(None, Figures())
    totals.organisations = reached[None]
    return DocumentReport(
        document=document,
        years=years,
        goals=lines,
        totals=totals,
        year_labels=year_labels,
        by_year=[Row(y, str(y), by_year.get(y, Figures())) for y in year_labels],
        by_kind=_rows_by_kind(_with_reach(roll_up(cells, dims, "kind"), reached["kind"])),
        by_unit=_rows_by_unit(_with_reach(roll_up(cells, dims, "unit"), reached["unit"])),
    )


@dataclass
class UnitLine:
    unit: MunicipalUnit
    efforts: int
    under_goals: int
    per_goal: list[int]

    @property
    def has_none(self) -> bool:
        return self.under_goals == 0


@dataclass
class ContributionReport:
    municipality: object
    years: Years
    goals: list[PolicyGoal]
    units: list[UnitLine]

    @property
    def units_without(self) -> list[UnitLine]:
        return [line for line in self.units if line.has_none]

    @property
    def documents(self) -> list[PolicyDocument]:
        """The documents whose goals these are (the municipality's own and its region's)."""
        return list({goal.document_id: goal.document for goal in self.goals}.values())


def contribution_report(municipality, years: Years) -> ContributionReport:
    """Which of the municipality's units have logged efforts under which goals, and which
    have none (Motala's goal 7: every department and company contributes). Four queries."""
    goals = list(
        PolicyGoal.objects.for_municipality(municipality.code, municipality.county_id)
        .select_related("document__municipality", "document__county")
        .order_by("-document__valid_from", "document_id", "order", "code")
    )
    units = list(MunicipalUnit.objects.filter(municipality=municipality).order_by("name"))
    efforts = Effort.objects.filter(Q(responsible_unit__municipality=municipality) & years.q())
    totals = dict(efforts.order_by().values_list("responsible_unit").annotate(n=Count("id")))
    serving = EffortGoal.objects.filter(
        Q(effort__responsible_unit__municipality=municipality)
        & Q(goal__in=[g.pk for g in goals])
        & years.q("effort__")
    ).order_by()
    cells = {
        (row["effort__responsible_unit"], row["goal"]): row["n"]
        for row in serving.values("effort__responsible_unit", "goal").annotate(n=Count("effort_id"))
    }
    under_goals = dict(
        serving.values_list("effort__responsible_unit").annotate(
            n=Count("effort_id", distinct=True)
        )
    )
    lines = [
        UnitLine(
            unit=unit,
            efforts=totals.get(unit.pk, 0),
            under_goals=under_goals.get(unit.pk, 0),
            per_goal=[cells.get((unit.pk, goal.pk), 0) for goal in goals],
        )
        for unit in units
    ]
    return ContributionReport(municipality, years, goals, lines)


# --- Charts -------------------------------------------------------------------------------


LABEL_WIDTH = 18  # characters on a line of a category's label


def wrap_label(label: str, width: int = LABEL_WIDTH) -> list[str]:
    """A category's label as lines of whole words, which Chart.js draws one under the
    other: a long kind of effort is never cut off or dropped on a narrow screen."""
    return textwrap.wrap(str(label), width, break_long_words=False, break_on_hyphens=False) or [""]


def chart(rows: list[Row], *, title: str, over: str = "categories") -> dict:
    """Data for static/js/charts.js: efforts and SEK awarded, each on its own axis.

    ``over="years"``: time runs along the chart, so SEK awarded is a line over the
    efforts' bars. ``over="categories"`` (kinds, units, goals): unrelated categories, so
    both are bars (never a line from one category to the next), drawn horizontally with
    each category's label wrapped into lines of words.
    """
    if over not in ("years", "categories"):
        raise ValueError(over)
    years = over == "years"
    return {
        "title": title,
        "over": over,
        "labels": [row.label if years else wrap_label(row.label) for row in rows],
        "series": [
            {
                "type": "bar",
                "label": _("Efforts"),
                "axis": "count",
                "data": [row.figures.efforts for row in rows],
            },
            {
                "type": "line" if years else "bar",
                "label": _("SEK awarded"),
                "axis": "money",
                "data": [float(row.figures.awarded) for row in rows],
            },
        ],
        "axes": {"count": _("Efforts"), "money": _("SEK awarded")},
    }


# --- Cache -----------------------------------------------------------------------------------

CACHE_SECONDS = 24 * 60 * 60


def _cached(name: str, parts: tuple, compute):
    """The report from the cache, or computed and cached. The key holds the effort log's
    version token (``DataVersion.EFFORT_LOG``), which every write changes in its transaction: a
    cached report is never stale, and a shared cache is not needed for that (each app
    server's own cache is keyed by the same token)."""
    version = DataVersion.current(DataVersion.EFFORT_LOG)
    key = ":".join(["partnerships", name, *map(str, parts), version])
    report = cache.get(key)
    if report is None:
        report = compute()
        cache.set(key, report, CACHE_SECONDS)
    return report


def cached_goal_report(goal: PolicyGoal, years: Years) -> GoalReport:
    return _cached("goal", (goal.pk, years.first, years.last), lambda: goal_report(goal, years))


def cached_document_report(document: PolicyDocument, years: Years) -> DocumentReport:
    return _cached(
        "document",
        (document.pk, years.first, years.last),
        lambda: document_report(document, years),
    )


def cached_contribution_report(municipality, years: Years) -> ContributionReport:
    return _cached(
        "units",
        (municipality.pk, years.first, years.last),
        lambda: contribution_report(municipality, years),
    )
