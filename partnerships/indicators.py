"""The indicators of the portal: one table of figures per indicator, computed live in the
database (aggregates, ``generate_series`` for the years), each with the definition of how
it is counted, shown beside it wherever it appears (README, "Indicators").

``table(key, ...)`` answers one indicator for a scope (municipalities, a county, or the
whole register) and a period of years; ``catalogue()`` lists them. The ``reports`` part of
the portal freezes tables with ``Table.as_dict()`` and reads them back with
``Table.from_dict()``.

The register counts published organisations (the register as the public sees it), each
entry on its own: an organisation that ceased and was registered again is two entries,
the old one ceased and the new one new from the year of its new registration.
"""

import datetime
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from partnerships import counting
from partnerships.followup import wrap_label
from partnerships.models import Effort, MunicipalUnit
from registry.models import County, Municipality, Organisation

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

    def organisations(self, alias: str = "o") -> tuple[str, list]:
        """SQL condition on registry_organisation (as ``alias``) for the scope."""
        if self.municipality_codes:
            return f"{alias}.home_municipality_id = ANY(%s)", [list(self.municipality_codes)]
        if self.county_code:
            return (
                f"{alias}.home_municipality_id IN "
                "(SELECT code FROM registry_municipality WHERE county_id = %s)",
                [self.county_code],
            )
        return "TRUE", []


# --- The register -------------------------------------------------------------------------

KINDS = Organisation.Kind


def _register_sql(scope: Scope, kind: str | None) -> tuple[str, list]:
    """The published organisations in scope, collapsed to how many share each founding
    year, register year, first year and ceased year (a few thousand groups at most)."""
    where, params = scope.organisations()
    kind_sql = "TRUE"
    if kind:
        kind_sql, params = "o.kind = %s", [*params, kind]
    sql = f"""
        SELECT o.kind,
               o.founded_year AS fy,
               EXTRACT(YEAR FROM o.created_at AT TIME ZONE %s)::int AS ry,
               LEAST(COALESCE(o.founded_year,
                              EXTRACT(YEAR FROM o.created_at AT TIME ZONE %s)::int),
                     EXTRACT(YEAR FROM o.created_at AT TIME ZONE %s)::int) AS sy,
               EXTRACT(YEAR FROM o.ceased_on)::int AS cy,
               COUNT(*) AS n
        FROM registry_organisation o
        WHERE o.publication_state = 'published' AND {where} AND {kind_sql}
        GROUP BY 1, 2, 3, 4, 5
    """
    tz = settings.TIME_ZONE
    return sql, [tz, tz, tz, *params]


def register_per_year(
    scope: Scope, kind: str | None, first: int, last: int
) -> list[tuple[int, int, int, int, int]]:
    """(year, new by founding year, new in the register, ceased, active at year end)."""
    groups, params = _register_sql(scope, kind)
    sql = f"""
        WITH g AS ({groups})
        SELECT y,
               COALESCE(SUM(n) FILTER (WHERE fy = y), 0)::int,
               COALESCE(SUM(n) FILTER (WHERE ry = y), 0)::int,
               COALESCE(SUM(n) FILTER (WHERE cy = y), 0)::int,
               COALESCE(SUM(n) FILTER (WHERE sy <= y AND (cy IS NULL OR cy > y)), 0)::int
        FROM generate_series(%s, %s) AS y LEFT JOIN g ON TRUE
        GROUP BY y ORDER BY y
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, first, last])
        return cursor.fetchall()


def active_by_kind(scope: Scope, first: int, last: int) -> dict[int, dict[str, int]]:
    """{year: {kind: organisations active at the end of the year}}."""
    groups, params = _register_sql(scope, None)
    sql = f"""
        WITH g AS ({groups})
        SELECT y, kind, SUM(n)::int
        FROM generate_series(%s, %s) AS y JOIN g ON sy <= y AND (cy IS NULL OR cy > y)
        GROUP BY y, kind
    """
    result: dict[int, dict[str, int]] = {y: {} for y in range(first, last + 1)}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, first, last])
        for year, kind, count in cursor.fetchall():
            result[year][kind] = count
    return result


def register_definition() -> str:
    return _(
        "Published entries of the register whose home municipality is in the scope. New by "
        "founding year: founded that year (entries without a founding year are left out of this "
        "column). New in the register: entered the register that year. Ceased: ceased that year. "
        "Active at year end: founded (or, without a founding year, entered the register) that "
        "year or before, and not ceased by 31 December. An organisation that ceased and was "
        "registered again is two entries: the old one ceased, the new one new when registered."
    )


def _kind_label(kind: str | None) -> str:
    """The kind in the plural, as a heading ("Social enterprises")."""
    return {
        KINDS.ASSOCIATION: _("Non-profit associations"),
        KINDS.SOCIAL_ENTERPRISE: _("Social enterprises"),
        KINDS.COOPERATIVE: _("Cooperatives"),
        KINDS.FOUNDATION: _("Foundations"),
        None: _("Organisations of every kind"),
    }[kind]


def register_table(kind: str | None) -> Callable[..., Table]:
    def build(scope: Scope, first: int, last: int) -> Table:
        rows = [list(row) for row in register_per_year(scope, kind, first, last)]
        for row in rows:
            row[0] = str(row[0])
        columns = [
            _("Year"),
            _("New by founding year"),
            _("New in the register"),
            pgettext("count of organisations", "Ceased"),
            _("Active at year end"),
        ]
        return Table(
            key=_register_key(kind),
            title=_("%(kind)s in the register per year, %(scope)s, %(period)s")
            % {"kind": _kind_label(kind), "scope": scope.name, "period": _period(first, last)},
            definition=register_definition(),
            columns=columns,
            rows=rows,
            chart=line_chart(
                _("%(kind)s per year") % {"kind": _kind_label(kind)},
                rows,
                columns,
                [4, 1, 3],
                axis=_("Organisations"),
            ),
        )

    return build


def _register_key(kind: str | None) -> str:
    return f"register_{kind or 'all'}"


def by_kind_definition() -> str:
    return _(
        "Published entries of the register active at the end of each year (founded, or "
        "without a founding year entered the register, that year or before, and not "
        "ceased by 31 December), by kind, in the scope's home municipalities."
    )


def organisations_by_kind(scope: Scope, first: int, last: int) -> Table:
    counts = active_by_kind(scope, first, last)
    columns = [_("Year"), *[str(label) for _, label in KINDS.choices], _("Total")]
    rows = []
    for year in range(first, last + 1):
        cells = [counts[year].get(kind, 0) for kind in KINDS.values]
        rows.append([str(year), *cells, sum(cells)])
    return Table(
        key="organisations_by_kind",
        title=_("Active organisations by kind at year end, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=by_kind_definition(),
        columns=columns,
        rows=rows,
        chart=line_chart(
            _("Active organisations by kind"),
            rows,
            columns,
            list(range(1, len(KINDS.values) + 1)),
            axis=_("Organisations"),
        ),
    )


def register_by_municipality(scope: Scope, first: int, last: int) -> Table:
    """Social enterprises and all organisations per home municipality in the scope."""
    where, params = scope.organisations()
    tz = settings.TIME_ZONE
    end = datetime.date(last, 12, 31)
    sql = f"""
        SELECT m.name,
               COUNT(*) FILTER (WHERE o.kind = 'social_enterprise' AND o.founded_year
                                BETWEEN %s AND %s)::int,
               COUNT(*) FILTER (WHERE o.kind = 'social_enterprise'
                                AND LEAST(COALESCE(o.founded_year, 9999),
                                  EXTRACT(YEAR FROM o.created_at AT TIME ZONE %s)::int) <= %s
                                AND (o.ceased_on IS NULL OR o.ceased_on > %s))::int,
               COUNT(*) FILTER (WHERE LEAST(COALESCE(o.founded_year, 9999),
                                  EXTRACT(YEAR FROM o.created_at AT TIME ZONE %s)::int) <= %s
                                AND (o.ceased_on IS NULL OR o.ceased_on > %s))::int
        FROM registry_organisation o
        JOIN registry_municipality m ON m.code = o.home_municipality_id
        WHERE o.publication_state = 'published' AND {where}
        GROUP BY m.name ORDER BY m.name
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last, tz, last, end, tz, last, end, *params])
        rows = [list(row) for row in cursor.fetchall()]
    columns = [
        _("Municipality"),
        _("Social enterprises founded %(period)s") % {"period": _period(first, last)},
        _("Social enterprises active at the end of %(year)s") % {"year": last},
        _("Organisations active at the end of %(year)s") % {"year": last},
    ]
    return Table(
        key="register_by_municipality",
        title=_("Social enterprises per municipality, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=register_definition(),
        columns=columns,
        rows=rows,
        chart=bar_chart(
            _("Social enterprises per municipality"), rows, columns, [2], axis=_("Organisations")
        )
        if len(rows) <= 40
        else None,
    )


# --- Survival ("fortlever") ---------------------------------------------------------------

SURVIVAL_YEARS = (1, 3, 5)


def survival_definition() -> str:
    return _(
        "Of the social enterprises in the register founded in a year (published entries "
        "of the kind social enterprise, by their founding year), how many were still "
        "active (not ceased) on 31 December one, three and five years later, and their "
        "share in per cent. Empty where that year has not ended yet or none were "
        "founded. Organisations that ceased before they were entered in the register "
        "are not known to it."
    )


def survival(scope: Scope, first: int, last: int) -> Table:
    where, params = scope.organisations()
    this_year = timezone.localdate().year
    sql = f"""
        SELECT y, COUNT(o.id)::int,
               {
        ", ".join(
            f"COUNT(o.id) FILTER (WHERE o.ceased_on IS NULL "
            f"OR o.ceased_on > make_date(y + {n}, 12, 31))::int"
            for n in SURVIVAL_YEARS
        )
    }
        FROM generate_series(%s, %s) AS y
        LEFT JOIN registry_organisation o
          ON o.founded_year = y AND o.kind = 'social_enterprise'
         AND o.publication_state = 'published' AND {where}
        GROUP BY y ORDER BY y
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last, *params])
        result = cursor.fetchall()
    rows = []
    for year, founded, *still in result:
        row: list[Cell] = [str(year), founded]
        for n, count in zip(SURVIVAL_YEARS, still, strict=True):
            if year + n >= this_year:  # that year has not ended yet
                row += [None, None]
            else:
                row += [count, _share(count, founded)]
        rows.append(row)
    columns = [_("Founded in"), pgettext("count of enterprises", "Founded")]
    for n in SURVIVAL_YEARS:
        columns += [
            ngettext("Active after %(n)d year", "Active after %(n)d years", n) % {"n": n},
            ngettext("Share after %(n)d year (%%)", "Share after %(n)d years (%%)", n) % {"n": n},
        ]
    return Table(
        key="survival",
        title=_("Survival of social enterprises by founding year, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=survival_definition(),
        columns=columns,
        rows=rows,
        chart=line_chart(
            _("Share of social enterprises still active"),
            rows,
            columns,
            [3, 5, 7],
            axis=_("Per cent"),
        ),
    )


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


# --- Efforts ------------------------------------------------------------------------------


def effort_rules() -> str:
    return _(
        "Efforts whose responsible unit belongs to a municipality in the scope. An effort "
        "is active in every year it runs, from its start year to its end year (without an "
        "end date: to the end of the period); efforts and organisations reached count the "
        "efforts active in the year or period, each effort and organisation once. SEK "
        "awarded and the in-kind value count in the year of the decision (else of the "
        "start), SEK paid in the year of each payment. People in work training, "
        "participants and new enterprises are what the efforts reported, once per effort, "
        "in the first year of the period in which it is active."
    )


def _scoped_efforts(scope: Scope):
    efforts = Effort.objects.filter(is_public=True) if scope.public_only else Effort.objects.all()
    if scope.municipality_codes:
        return efforts.filter(responsible_unit__municipality_id__in=scope.municipality_codes)
    if scope.county_code:
        return efforts.filter(responsible_unit__municipality__county_id=scope.county_code)
    return efforts


def _effort_cells(scope: Scope, first: int, last: int, sets) -> dict:
    sql, params = (
        _scoped_efforts(scope)
        .order_by()
        .values(e_id=F("id"), k_kind=F("kind"), k_unit=F("responsible_unit_id"))
        .query.sql_with_params()
    )
    return counting.figures(
        sql, list(params), keys=("kind", "unit"), sets=sets, years=counting.Years(first, last)
    )


def _figure_columns() -> list[str]:
    return [
        _("Efforts"),
        _("Organisations reached"),
        _("SEK awarded"),
        _("SEK paid"),
        _("In-kind value (SEK)"),
    ]


def _figure_cells(f: counting.Figures) -> list[Cell]:
    return [f.efforts, f.organisations, f.awarded, f.paid, f.in_kind]


def efforts_per_year(scope: Scope, first: int, last: int) -> Table:
    cells = _effort_cells(scope, first, last, [("year",)])[("year",)]
    columns = [
        _("Year"),
        *_figure_columns(),
        _("People in work training"),
        _("New enterprises started"),
    ]
    rows = []
    for year in range(first, last + 1):
        f = cells.get((year,), counting.Figures())
        rows.append([str(year), *_figure_cells(f), f.work_training_people, f.new_enterprises])
    return Table(
        key="efforts_per_year",
        title=_("Efforts, organisations reached and SEK per year, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=effort_rules(),
        columns=columns,
        rows=rows,
        chart=_effort_chart(_("Efforts and SEK awarded per year"), rows, columns, over="years"),
    )


def _effort_chart(title, rows, columns, *, over: str) -> dict:
    """Efforts (bars) and SEK awarded (a line over years, bars for categories), each on
    its own axis, like ``followup.chart``."""
    years = over == "years"
    return {
        "title": title,
        "over": over,
        "labels": [row[0] if years else wrap_label(row[0]) for row in rows],
        "series": [
            {"type": "bar", "label": columns[1], "axis": "count", "data": [r[1] for r in rows]},
            {
                "type": "line" if years else "bar",
                "label": columns[3],
                "axis": "money",
                "data": [_number(r[3]) for r in rows],
            },
        ],
        "axes": {"count": columns[1], "money": columns[3]},
    }


def efforts_by_kind(scope: Scope, first: int, last: int) -> Table:
    cells = _effort_cells(scope, first, last, [("kind",)])[("kind",)]
    labels = dict(Effort.Kind.choices)
    rows = [
        [str(labels[kind]), *_figure_cells(cells[(kind,)])]
        for kind in Effort.Kind.values
        if (kind,) in cells
    ]
    columns = [_("Kind of effort"), *_figure_columns()]
    return Table(
        key="efforts_by_kind",
        title=_("Efforts by kind, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=effort_rules(),
        columns=columns,
        rows=rows,
        chart=_effort_chart(
            _("Efforts and SEK awarded per kind"), rows, columns, over="categories"
        ),
    )


def efforts_per_municipality(scope: Scope, first: int, last: int) -> dict[str, int]:
    """How many efforts are active in the period per municipality (of the responsible
    unit), by ``effort_rules``: ``{code: efforts}``, municipalities with none left out.
    The map of the statistics pages (``registry.choropleth``)."""
    sql, params = (
        _scoped_efforts(scope)
        .order_by()
        .values(e_id=F("id"), k_municipality=F("responsible_unit__municipality_id"))
        .query.sql_with_params()
    )
    cells = counting.figures(
        sql,
        list(params),
        keys=("municipality",),
        sets=[("municipality",)],
        years=counting.Years(first, last),
    )[("municipality",)]
    return {code: f.efforts for (code,), f in cells.items() if f.efforts}


def efforts_by_unit(scope: Scope, first: int, last: int) -> Table:
    cells = _effort_cells(scope, first, last, [("unit",)])[("unit",)]
    units = MunicipalUnit.objects.filter(pk__in=[k[0] for k in cells]).select_related(
        "municipality"
    )
    rows = [[str(unit), *_figure_cells(cells[(unit.pk,)])] for unit in units]
    rows.sort(key=lambda row: (-row[1], row[0]))
    columns = [_("Responsible unit"), *_figure_columns()]
    return Table(
        key="efforts_by_unit",
        title=_("Efforts by responsible unit, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=effort_rules(),
        columns=columns,
        rows=rows,
        chart=_effort_chart(_("Efforts and SEK awarded per unit"), rows, columns, over="categories")
        if len(rows) <= 40
        else None,
    )


def _org_kind_sql(scope: Scope, first: int, last: int) -> tuple[str, list]:
    """Per organisation kind: efforts active in the period with an organisation of the
    kind, those organisations, SEK awarded and paid in the period split equally between
    an effort's organisations, and the efforts split the same way."""
    sql, params = _scoped_efforts(scope).order_by().values("id").query.sql_with_params()
    open_end = counting.open_end(counting.Years(first, last))
    query = f"""
        WITH e AS (
            SELECT e.id,
                   EXTRACT(YEAR FROM e.start_date)::int <= %s
                   AND COALESCE(EXTRACT(YEAR FROM e.end_date)::int, {int(open_end)}) >= %s
                       AS active,
                   EXTRACT(YEAR FROM COALESCE(e.decision_date, e.start_date))::int
                       BETWEEN %s AND %s AS awarded_in,
                   e.amount_awarded
            FROM partnerships_effort e WHERE e.id IN ({sql})
        ),
        l AS (
            SELECT l.effort_id, l.organisation_id, o.kind,
                   COUNT(*) OVER (PARTITION BY l.effort_id) AS n
            FROM partnerships_effortorganisation l
            JOIN registry_organisation o ON o.id = l.organisation_id
            WHERE l.effort_id IN (SELECT id FROM e)
        ),
        p AS (
            SELECT effort_id, SUM(amount) AS paid FROM partnerships_effortpayment
            WHERE effort_id IN (SELECT id FROM e)
              AND date BETWEEN make_date(%s, 1, 1) AND make_date(%s, 12, 31)
            GROUP BY effort_id
        )
        SELECT l.kind,
               COUNT(DISTINCT l.effort_id) FILTER (WHERE e.active),
               COUNT(DISTINCT l.organisation_id) FILTER (WHERE e.active),
               COALESCE(SUM(e.amount_awarded / l.n) FILTER (WHERE e.awarded_in), 0),
               COALESCE(SUM(p.paid / l.n), 0),
               COALESCE(SUM(1.0 / l.n) FILTER (WHERE e.active), 0)
        FROM l JOIN e ON e.id = l.effort_id LEFT JOIN p ON p.effort_id = l.effort_id
        GROUP BY l.kind
    """
    return query, [last, first, first, last, *params, first, last]


def _org_kind_figures(scope: Scope, first: int, last: int) -> dict[str, tuple]:
    sql, params = _org_kind_sql(scope, first, last)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            kind: (efforts, organisations, _money(awarded), _money(paid), float(shared))
            for kind, efforts, organisations, awarded, paid, shared in cursor.fetchall()
        }


def _money(value) -> Decimal:
    return Decimal(value or 0).quantize(Decimal("0.01"))


def org_kind_definition() -> str:
    return _(
        "Efforts of the scope's units active in the period, by the kind of the "
        "organisations in them (any role): an effort counts for every kind among its "
        "organisations, and organisations reached are those of the kind. SEK awarded (in "
        "the year of the decision, else of the start) and SEK paid (in the year of each "
        "payment) are split equally between the organisations of an effort. Efforts "
        "without organisations are left out."
    )


def efforts_by_organisation_kind(scope: Scope, first: int, last: int) -> Table:
    figures = _org_kind_figures(scope, first, last)
    rows = []
    for kind in KINDS.values:
        efforts, organisations, awarded, paid, _shared = figures.get(
            kind, (0, 0, _money(0), _money(0), 0.0)
        )
        rows.append([_kind_label(kind), efforts, organisations, awarded, paid])
    columns = [
        _("Organisation kind"),
        _("Efforts"),
        _("Organisations reached"),
        _("SEK awarded"),
        _("SEK paid"),
    ]
    return Table(
        key="efforts_by_organisation_kind",
        title=_("Efforts by organisation kind, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=org_kind_definition(),
        columns=columns,
        rows=rows,
        chart=_effort_chart(
            _("Efforts and SEK awarded per organisation kind"), rows, columns, over="categories"
        ),
    )


def resource_equality_definition() -> str:
    return _(
        "Motala's goal 6, resource equality: each organisation kind's share of the SEK "
        "awarded by the scope's units (in the year of the decision, else of the start, "
        "split equally between the organisations of an effort) and of their efforts "
        "active in the period (each effort split equally between its organisations), beside "
        "its share of the published organisations active at the end of the last year "
        "whose home municipality is in the scope. Efforts without organisations are left "
        "out. Shares in per cent."
    )


def resource_equality(scope: Scope, first: int, last: int) -> Table:
    figures = _org_kind_figures(scope, first, last)
    active = active_by_kind(scope, last, last)[last]
    total_awarded = sum((f[2] for f in figures.values()), Decimal(0))
    total_shared = sum(f[4] for f in figures.values())
    total_active = sum(active.values())
    rows = []
    for kind in KINDS.values:
        efforts, _orgs, awarded, _paid, shared = figures.get(kind, (0, 0, _money(0), 0, 0.0))
        rows.append(
            [
                _kind_label(kind),
                awarded,
                _share(awarded, total_awarded),
                efforts,
                _share(shared, total_shared),
                active.get(kind, 0),
                _share(active.get(kind, 0), total_active),
            ]
        )
    columns = [
        _("Organisation kind"),
        _("SEK awarded"),
        _("Share of SEK awarded (%)"),
        _("Efforts"),
        _("Share of efforts (%)"),
        _("Active organisations at the end of %(year)s") % {"year": last},
        _("Share of active organisations (%)"),
    ]
    return Table(
        key="resource_equality",
        title=_("Resource equality by organisation kind, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=resource_equality_definition(),
        columns=columns,
        rows=rows,
        chart=bar_chart(
            _("Shares of support and of organisations"),
            rows,
            columns,
            [2, 4, 6],
            axis=_("Per cent"),
        ),
    )


def outcomes_definition() -> str:
    return _(
        "People in work training and new enterprises started: what the efforts of the "
        "scope's units reported, once per effort, in the first year of the period in which "
        "it is active. Work-training efforts: efforts of the kind work-training placements "
        "active in the year. Social enterprises founded: published entries of the kind "
        "social enterprise with that founding year, home municipality in the scope."
    )


def work_training_and_new_enterprises(scope: Scope, first: int, last: int) -> Table:
    sql, params = (
        _scoped_efforts(scope)
        .order_by()
        .values(e_id=F("id"), k_kind=F("kind"))
        .query.sql_with_params()
    )
    cells = counting.figures(
        sql,
        list(params),
        keys=("kind",),
        sets=[("year",), ("year", "kind")],
        years=counting.Years(first, last),
    )
    founded = {
        row[0]: row[1] for row in register_per_year(scope, KINDS.SOCIAL_ENTERPRISE, first, last)
    }
    rows = []
    for year in range(first, last + 1):
        f = cells[("year",)].get((year,), counting.Figures())
        training = cells[("year", "kind")].get(
            (year, Effort.Kind.WORK_TRAINING), counting.Figures()
        )
        rows.append(
            [str(year), f.work_training_people, training.efforts, f.new_enterprises, founded[year]]
        )
    columns = [
        _("Year"),
        _("People in work training"),
        _("Work-training efforts"),
        _("New enterprises started"),
        _("Social enterprises founded"),
    ]
    return Table(
        key="work_training_and_new_enterprises",
        title=_("Work training and new enterprises, %(scope)s, %(period)s")
        % {"scope": scope.name, "period": _period(first, last)},
        definition=outcomes_definition(),
        columns=columns,
        rows=rows,
        chart=line_chart(
            _("Work training and new enterprises per year"),
            rows,
            columns,
            [1, 3, 4],
            axis=_("Number"),
        ),
    )


# --- The catalogue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    key: str
    title: Callable[[], str]
    definition: Callable[[], str]
    build: Callable[[Scope, int, int], Table]


def _entries() -> list[_Entry]:
    entries = [
        _Entry(
            _register_key(kind),
            lambda kind=kind: _("%(kind)s in the register per year") % {"kind": _kind_label(kind)},
            register_definition,
            register_table(kind),
        )
        for kind in [
            KINDS.SOCIAL_ENTERPRISE,
            *[k for k in KINDS.values if k != "social_enterprise"],
            None,
        ]
    ]
    entries += [
        _Entry(
            "register_by_municipality",
            lambda: _("Social enterprises per municipality"),
            register_definition,
            register_by_municipality,
        ),
        _Entry(
            "organisations_by_kind",
            lambda: _("Active organisations by kind at year end"),
            by_kind_definition,
            organisations_by_kind,
        ),
        _Entry(
            "survival",
            lambda: _("Survival of social enterprises (fortlever)"),
            survival_definition,
            survival,
        ),
        _Entry(
            "resource_equality",
            lambda: _("Resource equality by organisation kind (Motala goal 6)"),
            resource_equality_definition,
            resource_equality,
        ),
        _Entry(
            "efforts_per_year",
            lambda: _("Efforts, organisations reached and SEK per year"),
            effort_rules,
            efforts_per_year,
        ),
        _Entry("efforts_by_kind", lambda: _("Efforts by kind"), effort_rules, efforts_by_kind),
        _Entry(
            "efforts_by_unit",
            lambda: _("Efforts by responsible unit"),
            effort_rules,
            efforts_by_unit,
        ),
        _Entry(
            "efforts_by_organisation_kind",
            lambda: _("Efforts by organisation kind"),
            org_kind_definition,
            efforts_by_organisation_kind,
        ),
        _Entry(
            "work_training_and_new_enterprises",
            lambda: _("Work training and new enterprises"),
            outcomes_definition,
            work_training_and_new_enterprises,
        ),
    ]
    return entries


EFFORT_DEFINITIONS = (effort_rules, org_kind_definition, resource_equality_definition)
EFFORT_DEFINITIONS += (outcomes_definition,)


def catalogue() -> list[Indicator]:
    """Every indicator, in the order they are offered, translated."""
    return [Indicator(e.key, e.title(), e.definition()) for e in _entries()]


def table(
    key: str,
    *,
    municipality_codes: list[str] | None,
    county_code: str | None = None,
    first_year: int,
    last_year: int,
    public_only: bool = False,
) -> Table:
    """One indicator for a scope and a period (``None`` codes and county: the whole
    register). ``public_only``: count only the efforts published on the portal (the
    public statistics). Raises KeyError for an unknown key, ValueError for a backwards
    period."""
    if first_year > last_year:
        raise ValueError("first_year after last_year")
    entry = {e.key: e for e in _entries()}[key]
    scope = Scope(
        tuple(municipality_codes) if municipality_codes else None,
        None if municipality_codes else county_code,
        public_only,
    )
    result = entry.build(scope, first_year, last_year)
    if public_only and entry.definition in EFFORT_DEFINITIONS:
        result.definition += " " + _("Only the efforts published on the portal are counted.")
    return result
