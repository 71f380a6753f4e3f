"""How efforts are counted over the years: the one statement of the rules, in SQL.

The goal follow-up (``partnerships.followup``), the indicators (``partnerships.indicators``)
and the exports count by these rules (README, "How the figures are counted"):

- An effort is **active** in every year it runs: from the year of its start date to the
  year of its end date; an effort without an end date runs to the end of the period
  asked for, or to the current year when the period is open (and at least its start
  year). **Efforts** and **organisations reached** count the efforts active in a year
  (or in any year of a period), each effort once, each organisation once.
- **SEK awarded** (and the in-kind value) counts in the year of the decision
  (``decision_date``), or the year the effort started when it has no decision date.
- **SEK paid** counts in the year of each payment (``EffortPayment.date``).
- **Outcomes** (people in work training, participants, new enterprises) are counted
  once per effort, in the first year of the period in which the effort is active.

``figures(rows, sets=..., years=...)`` computes every measure for several groupings at
once, in one query: ``rows`` is SQL (from the ORM) giving the efforts in scope as
``e_id`` (the effort's id) plus key columns ``k_<name>`` (an effort may appear once per
key, e.g. once per goal it serves); ``sets`` are the groupings wanted, each a tuple of
key names, where ``"year"`` is the year the measure counts in (active year, award year,
payment year).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils import timezone

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Years:
    """A period of years; ``None`` on either side is open."""

    first: int | None = None
    last: int | None = None

    def active_q(self, prefix: str = ""):
        """The efforts active in some year of the period (a Q on Effort)."""
        from django.db.models import Q

        condition = Q()
        if self.last:
            condition &= Q(**{f"{prefix}start_date__lte": datetime.date(self.last, 12, 31)})
        if self.first:
            condition &= Q(**{f"{prefix}end_date__isnull": True}) | Q(
                **{f"{prefix}end_date__gte": datetime.date(self.first, 1, 1)}
            )
        return condition


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


def open_end(years: Years) -> int:
    """The last year an effort without an end date is counted in."""
    return years.last or timezone.localdate().year


MONEY = ("awarded", "paid", "in_kind")
OUTCOMES = ("work_training_people", "participants", "new_enterprises")
PARTS = {  # the measures each part of the query gives, in its value columns
    "active": ("efforts", *OUTCOMES),
    "award": ("awarded", "in_kind"),
    "paid": ("paid",),
    "reach": ("organisations",),
}


def _bounds(years: Years, column: str) -> str:
    parts = []
    if years.first:
        parts.append(f"{column} >= {int(years.first)}")
    if years.last:
        parts.append(f"{column} <= {int(years.last)}")
    return " AND ".join(parts) or "TRUE"


def figures(
    rows_sql: str,
    params: list,
    *,
    keys: tuple[str, ...],
    sets: list[tuple[str, ...]],
    years: Years,
    unique: bool = True,
) -> dict[tuple[str, ...], dict[tuple, Figures]]:
    """Every measure for every grouping in ``sets``: ``{set: {key values: Figures}}``,
    in one query. ``rows_sql`` (with ``params``) yields ``e_id`` and ``k_<key>`` for each
    of ``keys``; ``unique``: each (id, keys) at most once and, for the sets without a
    key, each id once (no DISTINCT needed)."""
    last_open = open_end(years)
    first = f"{int(years.first)}" if years.first else "s.sy"
    last = f"{int(years.last)}" if years.last else "s.ey"
    key_cols = "".join(f", r.k_{k}" for k in keys)
    plain_keys = "".join(f", k_{k}" for k in keys)
    sql = f"""
        WITH r AS ({rows_sql}),
        s AS (
            SELECT e.id{key_cols},
                   EXTRACT(YEAR FROM e.start_date)::int AS sy,
                   COALESCE(EXTRACT(YEAR FROM e.end_date)::int,
                            GREATEST({last_open}, EXTRACT(YEAR FROM e.start_date)::int)) AS ey,
                   EXTRACT(YEAR FROM COALESCE(e.decision_date, e.start_date))::int AS ay,
                   e.amount_awarded, e.in_kind_value,
                   e.work_training_people, e.participants, e.new_enterprises
            FROM r JOIN partnerships_effort e ON e.id = r.e_id
        ),
        act AS (
            SELECT s.id{plain_keys}, y, y = GREATEST(s.sy, {first}) AS first_year,
                   s.work_training_people, s.participants, s.new_enterprises
            FROM s CROSS JOIN LATERAL generate_series(GREATEST(s.sy, {first}),
                                                      LEAST(s.ey, {last})) AS y
        ),
        ids AS (SELECT DISTINCT id{plain_keys} FROM s)
    """
    in_period = _in_period(years)
    parts = []
    for number, group in enumerate(sets):
        by_year = "year" in group
        distinct = not unique

        def cols(year_column: str, group=group) -> list[str]:
            return [year_column if k == "year" else f"k_{k}" for k in group]

        def select(year_column: str) -> str:
            chosen = [f"CAST({c} AS TEXT)" for c in cols(year_column)]
            return ", ".join(chosen + ["NULL"] * (2 - len(chosen)))

        def group_by(year_column: str) -> str:
            chosen = cols(year_column)
            return f" GROUP BY {', '.join(chosen)}" if chosen else ""

        def rows(source: str, year_column: str, where: str, extra: str, distinct=distinct) -> str:
            """The source's rows, each (keys, effort) once when rows may repeat."""
            if not distinct:
                return f"(SELECT * FROM {source} WHERE {where}) t"
            on = ", ".join([*cols(year_column), "id"])
            return f"(SELECT DISTINCT ON ({on}) {on}, {extra} FROM {source} WHERE {where}) t"

        head = f"SELECT {number}, '{{part}}', "
        outcomes = ", ".join(OUTCOMES)
        if by_year:
            source = rows("act", "y", "TRUE", f"first_year, {outcomes}")
            sums = ", ".join(
                f"COALESCE(SUM({name}) FILTER (WHERE first_year), 0)" for name in OUTCOMES
            )
        else:
            source = rows("s", "y", in_period, outcomes)
            sums = ", ".join(f"COALESCE(SUM({name}), 0)" for name in OUTCOMES)
        parts.append(
            head.format(part="active")
            + f"{select('y')}, COUNT(*), {sums} FROM {source}{group_by('y')}"
        )
        award = rows("s", "ay", _bounds(years, "ay"), "amount_awarded, in_kind_value")
        parts.append(
            head.format(part="award")
            + f"{select('ay')}, SUM(amount_awarded), SUM(in_kind_value), NULL, NULL "
            f"FROM {award}{group_by('ay')}"
        )
        chosen = ", ".join([*cols("py"), "p.id"])
        payers = "ids" if distinct else "s"
        parts.append(
            head.format(part="paid") + f"{select('py')}, SUM(amount), NULL, NULL, NULL FROM "
            f"(SELECT {f'DISTINCT ON ({chosen})' if distinct else ''} {chosen}, p.amount "
            f"FROM {payers} JOIN "
            f"(SELECT id, effort_id, amount, EXTRACT(YEAR FROM date)::int AS py "
            f"FROM partnerships_effortpayment) p ON p.effort_id = {payers}.id "
            f"WHERE {_bounds(years, 'py')}) t{group_by('py')}"
        )
        reach_source = "act" if by_year else f"(SELECT * FROM s WHERE {in_period}) a"
        reach_cols = ", ".join([*cols("y"), "l.organisation_id"])
        parts.append(
            head.format(part="reach")
            + f"{select('y')}, COUNT(*), NULL, NULL, NULL FROM (SELECT DISTINCT {reach_cols} "
            f"FROM {reach_source} JOIN partnerships_effortorganisation l "
            f"ON l.effort_id = {'act' if by_year else 'a'}.id) t{group_by('y')}"
        )
    sql += " UNION ALL ".join(parts)
    result: dict[tuple[str, ...], dict[tuple, Figures]] = {group: {} for group in sets}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for number, part, first_key, second_key, *values in cursor.fetchall():
            group = sets[number]
            raw = (first_key, second_key)[: len(group)]
            key = tuple(_key(dim, value) for dim, value in zip(group, raw, strict=True))
            cell = result[group].setdefault(key, Figures())
            for name, value in zip(PARTS[part], values, strict=False):
                if name in MONEY:
                    setattr(cell, name, Decimal(value or 0).quantize(Decimal("0.01")))
                else:
                    setattr(cell, name, int(value or 0))
    return result


def _in_period(years: Years) -> str:
    """An effort (a row of ``s``) active in some year of the period."""
    parts = []
    if years.first:
        parts.append(f"s.ey >= {int(years.first)}")
    if years.last:
        parts.append(f"s.sy <= {int(years.last)}")
    return " AND ".join(parts) or "TRUE"


KEY_TYPES = {"year": int, "unit": int, "goal": int}


def _key(dim: str, raw: str | None):
    if raw is None:
        return None
    return KEY_TYPES.get(dim, str)(raw)
