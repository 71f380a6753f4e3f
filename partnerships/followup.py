"""Follow-up of efforts against the policy goals: the figures of the goal pages.

Every figure is computed in the database by ``partnerships.counting`` (one query for all
the groupings of a page), by the rules stated there and on every page that shows the
figures (``includes/_counting_rules.html``): an effort counts in every year it runs,
money awarded in the year of the decision, money paid in the year of each payment. A
period of years means efforts active in some year of it, money awarded or paid in it.

- **Efforts** under a goal: each effort once (an effort serves a goal at most once). For
  a whole document an effort serving several of its goals still counts once.
- **Organisations reached**: distinct organisations involved in those efforts, in any
  role (recipient, partner, provider); counted once however many efforts they were in.
- **SEK** awarded, paid out and in kind: exact decimal sums.
- Outcomes (people in work training, participants, new enterprises): sums of what was
  reported, once per effort; an effort that reported nothing adds nothing.
"""

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from partnerships import counting
from partnerships.counting import ZERO, Figures
from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)
from registry.models import DataVersion

__all__ = ["ZERO", "Figures", "Row", "Years", "chart", "wrap_label"]


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
class Years(counting.Years):
    """A period of years; ``None`` on either side is open."""

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


BY_YEAR_KIND_UNIT = [("year",), ("kind",), ("unit",), ()]


def _effort_rows(efforts) -> tuple[str, list]:
    """The efforts as rows for ``counting.figures``: their id, kind and unit."""
    rows = efforts.order_by().values(
        e_id=F("id"), k_kind=F("kind"), k_unit=F("responsible_unit_id")
    )
    return rows.query.sql_with_params()


def effort_figures(
    efforts, years: Years, sets=BY_YEAR_KIND_UNIT, span: tuple[int, int] | None = None
) -> dict:
    """The efforts' figures by year, kind and unit and in total (one query, and one for
    the span of years when the period is open and ``span`` not given)."""
    sql, params = _effort_rows(efforts)
    return counting.figures(
        sql, list(params), keys=("kind", "unit"), sets=sets, years=years, span=span
    )


def year_range(*keys: Iterable, years: Years) -> list[int]:
    """Every year from the first to the last with figures (or the period asked for)."""
    present = {key for group in keys for key in group if key is not None}
    if not present and not (years.first and years.last):
        return []
    first = years.first or min(present)
    last = years.last or max(present | {first})
    return list(range(first, last + 1))


def _by(cells: dict) -> dict:
    """Cells of a one-key grouping by their key."""
    return {key[0]: figures for key, figures in cells.items()}


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
    """One goal: totals, and by year, kind and unit. Two queries (three when the period
    is open: its span of years): the figures, the units' names."""
    cells = effort_figures(Effort.objects.filter(goal_links__goal=goal), years)
    return GoalReport(
        goal=goal,
        years=years,
        totals=cells[()].get((), Figures()),
        by_year=_rows_by_year(_by(cells[("year",)]), years),
        by_kind=_rows_by_kind(_by(cells[("kind",)])),
        by_unit=_rows_by_unit(_by(cells[("unit",)])),
    )


def goal_efforts(goal: PolicyGoal, years: Years):
    """The efforts serving the goal, newest first, each with its note on the goal."""
    links = EffortOrganisation.objects.select_related("organisation").order_by(
        "organisation__name", "id"
    )
    return (
        Effort.objects.filter(Q(goal_links__goal=goal) & years.active_q())
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
    year, kind and unit. Four queries, whatever the number of efforts (five when the
    period is open: its span of years): the goals, the figures per goal and per goal and
    year, the figures of the document's efforts by year, kind and unit, the units."""
    goals = list(document.goals.order_by("order", "code"))
    pairs = (
        EffortGoal.objects.filter(goal__document=document)
        .order_by()
        .values(e_id=F("effort_id"), k_goal=F("goal_id"))
    )
    sql, params = pairs.query.sql_with_params()
    span = counting.year_span(years)
    per_goal = counting.figures(
        sql,
        list(params),
        keys=("goal",),
        sets=[("goal",), ("goal", "year")],
        years=years,
        span=span,
    )
    serves = EffortGoal.objects.filter(goal__document=document, effort_id=OuterRef("pk"))
    cells = effort_figures(Effort.objects.filter(Exists(serves)), years, span=span)
    by_year = _by(cells[("year",)])
    per_goal_year = per_goal[("goal", "year")]
    year_labels = year_range(by_year, [y for _, y in per_goal_year], years=years)
    lines = []
    for goal in goals:
        figures = per_goal[("goal",)].get((goal.pk,), Figures())
        counts = [per_goal_year.get((goal.pk, y), Figures()).efforts for y in year_labels]
        lines.append(GoalLine(goal, figures, counts))
    return DocumentReport(
        document=document,
        years=years,
        goals=lines,
        totals=cells[()].get((), Figures()),
        year_labels=year_labels,
        by_year=[Row(y, str(y), by_year.get(y, Figures())) for y in year_labels],
        by_kind=_rows_by_kind(_by(cells[("kind",)])),
        by_unit=_rows_by_unit(_by(cells[("unit",)])),
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
    have none (Motala's goal 7: every department and company contributes): the efforts
    active in the period. Four queries."""
    goals = list(
        PolicyGoal.objects.for_municipality(municipality.code, municipality.county_id)
        .select_related("document__municipality", "document__county")
        .order_by("-document__valid_from", "document_id", "order", "code")
    )
    units = list(MunicipalUnit.objects.filter(municipality=municipality).order_by("name"))
    efforts = Effort.objects.filter(
        Q(responsible_unit__municipality=municipality) & years.active_q()
    )
    totals = dict(efforts.order_by().values_list("responsible_unit").annotate(n=Count("id")))
    serving = EffortGoal.objects.filter(
        Q(effort__responsible_unit__municipality=municipality)
        & Q(goal__in=[g.pk for g in goals])
        & years.active_q("effort__")
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
