"""The register's indicators: published organisations per year and kind, by
municipality, and how many new enterprises survive (``fortlever``)."""

from collections.abc import Callable

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from partnerships.indicators.base import Cell, Scope, Table, _period, _share, bar_chart, line_chart
from registry.models import Organisation

# --- The register -------------------------------------------------------------------------

KINDS = Organisation.Kind


def _register_sql(scope: Scope, kind: str | None) -> tuple[str, list]:
    """The published organisations in scope, collapsed to how many share each founding
    year, register year, first year and ceased year: sums of the register's counts
    (``registry.RegisterCount``, kept by the database), a few thousand rows at most."""
    where, params = scope.register_counts()
    kind_sql = "TRUE"
    if kind:
        kind_sql, params = "c.kind = %s", [*params, kind]
    sql = f"""
        SELECT c.kind,
               c.founded_year AS fy,
               c.registered_year AS ry,
               LEAST(COALESCE(c.founded_year, c.registered_year), c.registered_year) AS sy,
               c.ceased_year AS cy,
               SUM(c.organisations) AS n
        FROM registry_registercount c
        WHERE c.organisations <> 0 AND {where} AND {kind_sql}
        GROUP BY 1, 2, 3, 4, 5
    """
    return sql, params


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
    where, params = scope.register_counts()
    sql = f"""
        SELECT m.name,
               COALESCE(SUM(c.organisations) FILTER (WHERE c.kind = 'social_enterprise'
                            AND c.founded_year BETWEEN %s AND %s), 0)::int,
               COALESCE(SUM(c.organisations) FILTER (WHERE c.kind = 'social_enterprise'
                            AND LEAST(COALESCE(c.founded_year, 9999), c.registered_year) <= %s
                            AND (c.ceased_year IS NULL OR c.ceased_year > %s)), 0)::int,
               COALESCE(SUM(c.organisations) FILTER (WHERE
                            LEAST(COALESCE(c.founded_year, 9999), c.registered_year) <= %s
                            AND (c.ceased_year IS NULL OR c.ceased_year > %s)), 0)::int
        FROM registry_registercount c
        JOIN registry_municipality m ON m.code = c.municipality_id
        WHERE c.organisations <> 0 AND {where}
        GROUP BY m.name ORDER BY m.name
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, last, last, last, last, last, *params])
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
    where, params = scope.register_counts()
    this_year = timezone.localdate().year
    still = ", ".join(
        f"COALESCE(SUM(c.organisations) FILTER (WHERE c.ceased_year IS NULL "
        f"OR c.ceased_year > y + {n}), 0)::int"
        for n in SURVIVAL_YEARS
    )
    sql = f"""
        SELECT y, COALESCE(SUM(c.organisations), 0)::int, {still}
        FROM generate_series(%s, %s) AS y
        LEFT JOIN registry_registercount c
          ON c.founded_year = y AND c.kind = 'social_enterprise' AND c.organisations <> 0
         AND {where}
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
