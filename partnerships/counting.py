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
WORD_BITS = 6
WORD = 1 << WORD_BITS  # years per bigint of an organisation's year mask


def _bounds(years: Years, column: str) -> str:
    parts = []
    if years.first:
        parts.append(f"{column} >= {int(years.first)}")
    if years.last:
        parts.append(f"{column} <= {int(years.last)}")
    return " AND ".join(parts) or "TRUE"


def year_span(years: Years) -> tuple[int, int]:
    """The first and last year any effort can count in for the period: the period's own
    bounds, and where it is open, those of every effort in the log (two index probes and
    a scan of the end dates)."""
    if years.first and years.last:
        return years.first, years.last
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXTRACT(YEAR FROM MIN(start_date))::int, "
            "EXTRACT(YEAR FROM MAX(start_date))::int, EXTRACT(YEAR FROM MAX(end_date))::int "
            "FROM partnerships_effort"
        )
        first_start, last_start, last_end = cursor.fetchone()
    this_year = open_end(years)
    first = years.first or min(first_start or this_year, this_year)
    last = years.last or max(this_year, last_start or this_year, last_end or this_year)
    return first, max(first, last)


def _mask(word_first: int) -> str:
    """An effort's active years (``lo``..``hi``) as the bits of one bigint covering
    ``word_first``..``word_first + 63`` (bit 0 its first year); 0 when none fall in it."""
    low = f"GREATEST(s.lo, {word_first}) - {word_first}"
    high = f"LEAST(s.hi, {word_first + WORD - 1}) - {word_first}"
    return (
        f"CASE WHEN s.lo <= {word_first + WORD - 1} AND s.hi >= {word_first} "
        f"THEN (-1::bigint << ({low})) & ~(-2::bigint << ({high})) ELSE 0 END"
    )


def figures(
    rows_sql: str,
    params: list,
    *,
    keys: tuple[str, ...],
    sets: list[tuple[str, ...]],
    years: Years,
    span: tuple[int, int] | None = None,
) -> dict[tuple[str, ...], dict[tuple, Figures]]:
    """Every measure for every grouping in ``sets``: ``{set: {key values: Figures}}``,
    in one query. ``rows_sql`` (with ``params``) yields ``e_id`` and ``k_<key>`` for each
    of ``keys``, each (id, keys) at most once and, for the sets without a key, each id
    once. ``span``: ``year_span(years)``, when the caller has it already.

    How it stays fast at 50 000 efforts (docs/benchmarks.md): no effort is expanded into
    its years. Efforts are counted per span of active years (``lo``..``hi``, within the
    period), and the spans, a few dozen, are spread over the years; an organisation's
    active years are the OR of its efforts' spans as bits of a bigint (one per 64 years),
    so each organisation is one row per key, not one per year."""
    this_year = open_end(years)
    span_first, span_last = span or year_span(years)
    words = range(span_first, span_last + 1, WORD)
    sy = "EXTRACT(YEAR FROM e.start_date)::int"
    ey = f"COALESCE(EXTRACT(YEAR FROM e.end_date)::int, GREATEST({this_year}, {sy}))"
    lo = f"GREATEST({sy}, {int(years.first)})" if years.first else sy
    hi = f"LEAST({ey}, {int(years.last)})" if years.last else ey
    key_cols = "".join(f", r.k_{k}" for k in keys)
    sql = f"""
        WITH r AS ({rows_sql}),
        s AS MATERIALIZED (
            SELECT e.id{key_cols}, {lo} AS lo, {hi} AS hi,
                   EXTRACT(YEAR FROM COALESCE(e.decision_date, e.start_date))::int AS ay,
                   e.amount_awarded, e.in_kind_value,
                   e.work_training_people, e.participants, e.new_enterprises
            FROM r JOIN partnerships_effort e ON e.id = r.e_id
        ),
        yrs AS (SELECT y FROM generate_series({span_first}, {span_last}) AS y)
    """
    parts = []
    outcome_sums = ", ".join(f"COALESCE(SUM({name}), 0)" for name in OUTCOMES)
    for number, group in enumerate(sets):
        plain = [f"k_{k}" for k in group if k != "year"]
        by_year = "year" in group

        def cols(year_column: str, group=group) -> list[str]:
            return [year_column if k == "year" else f"k_{k}" for k in group]

        def select(year_column: str) -> str:
            chosen = [f"CAST({c} AS TEXT)" for c in cols(year_column)]
            return ", ".join(chosen + ["NULL"] * (2 - len(chosen)))

        def group_by(chosen: list[str]) -> str:
            return f" GROUP BY {', '.join(chosen)}" if chosen else ""

        head = f"SELECT {number}, '{{part}}', "
        if by_year:
            # Each span once, then spread over its years; outcomes in its first year.
            spans = ", ".join([*plain, "s.lo", "s.hi"])
            firsts = ", ".join(
                f"COALESCE(SUM({name}) FILTER (WHERE y = sp.lo), 0)" for name in OUTCOMES
            )
            parts.append(
                head.format(part="active") + f"{select('y')}, SUM(n), {firsts} FROM "
                f"(SELECT {spans}, COUNT(*) AS n, "
                + ", ".join(f"SUM({name}) AS {name}" for name in OUTCOMES)
                + f" FROM s WHERE s.lo <= s.hi GROUP BY {spans}) sp "
                f"JOIN yrs ON y BETWEEN sp.lo AND sp.hi{group_by(cols('y'))}"
            )
        else:
            parts.append(
                head.format(part="active") + f"{select('y')}, COUNT(*), {outcome_sums} "
                f"FROM s WHERE s.lo <= s.hi{group_by(cols('y'))}"
            )
        parts.append(
            head.format(part="award")
            + f"{select('ay')}, SUM(amount_awarded), SUM(in_kind_value), NULL, NULL "
            f"FROM s WHERE {_bounds(years, 'ay')}{group_by(cols('ay'))}"
        )
        parts.append(
            head.format(part="paid") + f"{select('py')}, SUM(amount), NULL, NULL, NULL FROM "
            f"(SELECT {', '.join([*cols('py'), 'p.amount'])} FROM s JOIN "
            f"(SELECT effort_id, amount, EXTRACT(YEAR FROM date)::int AS py "
            f"FROM partnerships_effortpayment) p ON p.effort_id = s.id "
            f"WHERE {_bounds(years, 'py')}) t{group_by(cols('py'))}"
        )
        # Each organisation once per key: the OR of its active efforts' years.
        per_org = [*plain, "l.organisation_id"]
        masks = ", ".join(f"BIT_OR({_mask(word)})" for word in words)
        orgs = (
            f"(SELECT {', '.join(per_org)}, ARRAY[{masks}] AS m FROM s "
            "JOIN partnerships_effortorganisation l ON l.effort_id = s.id "
            f"WHERE s.lo <= s.hi GROUP BY {', '.join(per_org)}) o"
        )
        if by_year:
            bit = f"(y - {span_first})"
            parts.append(
                head.format(part="reach") + f"{select('y')}, COUNT(*), NULL, NULL, NULL "
                f"FROM {orgs} JOIN yrs ON "
                f"((o.m[({bit} >> {WORD_BITS}) + 1] >> ({bit} & {WORD - 1})) & 1) = 1"
                f"{group_by(cols('y'))}"
            )
        else:
            parts.append(
                head.format(part="reach") + f"{select('y')}, COUNT(*), NULL, NULL, NULL "
                f"FROM {orgs}{group_by(cols('y'))}"
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


KEY_TYPES = {"year": int, "unit": int, "goal": int}


def _key(dim: str, raw: str | None):
    if raw is None:
        return None
    return KEY_TYPES.get(dim, str)(raw)
