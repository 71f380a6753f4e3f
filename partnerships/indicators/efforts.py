"""The efforts' indicators, counted by the multi-year rules (``partnerships.counting``)."""

from decimal import Decimal

from django.db import connection
from django.db.models import F
from django.utils.translation import gettext as _

from partnerships import counting
from partnerships.followup import wrap_label
from partnerships.indicators.base import (
    Cell,
    Scope,
    Table,
    _number,
    _period,
    _share,
    bar_chart,
    line_chart,
)
from partnerships.indicators.register import KINDS, _kind_label, active_by_kind, register_per_year
from partnerships.models import Effort, MunicipalUnit

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
