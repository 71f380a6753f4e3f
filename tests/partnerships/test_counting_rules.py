"""``counting.figures`` against the counting rules written out plainly in Python, on a
random effort log: efforts over one to many years, open ones, some from 1950 (so that an
organisation's years need more than one 64-year mask), payments in later years, shared
organisations, several goals. Every period kind (closed, open at either end, open at
both, one year) and every grouping the pages use is compared, cell by cell."""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from partnerships import counting
from partnerships.counting import Figures, Years
from partnerships.models import Effort, EffortGoal
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db

D = datetime.date
KINDS = ["grant", "iop", "advice", "premises"]
SETS = [(), ("year",), ("kind",), ("unit",), ("year", "kind"), ("year", "unit")]
GOAL_SETS = [("goal",), ("goal", "year")]


@pytest.fixture
def log(motala, motala_goals):
    """Forty efforts drawn with a fixed seed, plus three long ones from 1950."""
    rng = random.Random(20261202)
    today = timezone.localdate()
    units = [MunicipalUnitFactory(municipality=motala, name=f"Enhet {n}") for n in range(3)]
    organisations = [OrganisationFactory(name=f"Förening {n}") for n in range(8)]
    goals = [motala_goals[code] for code in ("M1", "M2", "M4")]
    efforts = []
    for number in range(43):
        if number < 3:
            start = D(1950 + number, 6, 1)
        else:
            start = D(rng.randint(2014, today.year), rng.randint(1, 12), rng.randint(1, 28))
        end = None
        if rng.random() < 0.7:
            end = min(today, start + datetime.timedelta(days=rng.randint(0, 365 * 5)))
        decided = None
        if rng.random() < 0.6:
            decided = start - datetime.timedelta(days=rng.randint(0, 400))
        awarded = rng.randint(0, 20) * 6000
        payments = [  # at most a third of the award each: never more paid than awarded
            (
                min(today, start + datetime.timedelta(days=rng.randint(0, 365 * 3))),
                str(rng.randint(1, awarded // 3000) * 1000),
            )
            for _ in range(rng.randint(0, 3) if awarded else 0)
        ]
        efforts.append(
            EffortFactory(
                title=f"Insats {number}",
                responsible_unit=rng.choice(units),
                kind=rng.choice(KINDS),
                start_date=start,
                end_date=end,
                status="completed" if end else "ongoing",
                decision_date=decided,
                amount_awarded=Decimal(awarded),
                in_kind_value=Decimal(rng.randint(0, 3) * 1000),
                work_training_people=rng.randint(0, 4),
                participants=rng.randint(0, 30),
                new_enterprises=rng.randint(0, 2),
                payments=payments,
                organisations=rng.sample(organisations, rng.randint(0, 3)),
                goals=rng.sample(goals, rng.randint(0, 3)),
            )
        )
    return efforts


def expected(rows: list[tuple[Effort, dict]], sets, years: Years) -> dict:
    """The rules (README, "How the figures are counted"), one effort at a time."""
    this_year = years.last or timezone.localdate().year
    result = {group: defaultdict(Figures) for group in sets}
    reached = {group: defaultdict(set) for group in sets}
    for effort, keys in rows:
        start = effort.start_date.year
        end = effort.end_date.year if effort.end_date else max(this_year, start)
        low = max(start, years.first) if years.first else start
        high = min(end, years.last) if years.last else end
        organisations = set(effort.organisation_links.values_list("organisation_id", flat=True))
        award_year = (effort.decision_date or effort.start_date).year
        for group in sets:

            def key(year, group=group, keys=keys):
                return tuple(year if name == "year" else keys[name] for name in group)

            active = range(low, high + 1) if "year" in group else ([None] if low <= high else [])
            for year in active:
                cell = result[group][key(year)]
                cell.efforts += 1
                if year in (None, low):
                    cell.work_training_people += effort.work_training_people
                    cell.participants += effort.participants
                    cell.new_enterprises += effort.new_enterprises
                reached[group][key(year)] |= organisations
            if within(award_year, years):
                cell = result[group][key(award_year)]
                cell.awarded += effort.amount_awarded
                cell.in_kind += effort.in_kind_value
            for payment in effort.payments.all():
                if within(payment.date.year, years):
                    result[group][key(payment.date.year)].paid += payment.amount
        for group in sets:
            for cell_key, organisations_reached in reached[group].items():
                result[group][cell_key].organisations = len(organisations_reached)
    return result


def within(year: int, years: Years) -> bool:
    return (not years.first or year >= years.first) and (not years.last or year <= years.last)


def assert_same(computed: dict, wanted: dict, sets) -> None:
    for group in sets:
        for key in set(computed[group]) | set(wanted[group]):
            got = computed[group].get(key, Figures())
            want = wanted[group].get(key, Figures())
            assert got == want, (group, key)


PERIODS = [
    Years(),
    Years(2017, 2026),
    Years(2021, 2021),
    Years(2019, None),
    Years(None, 2022),
    Years(1949, 2030),
]


@pytest.mark.parametrize("years", PERIODS, ids=str)
def test_the_figures_by_year_kind_and_unit_follow_the_rules(log, years):
    queryset = Effort.objects.order_by().values(
        e_id=F("id"), k_kind=F("kind"), k_unit=F("responsible_unit_id")
    )
    sql, params = queryset.query.sql_with_params()
    computed = counting.figures(sql, list(params), keys=("kind", "unit"), sets=SETS, years=years)
    rows = [(e, {"kind": e.kind, "unit": e.responsible_unit_id}) for e in log]
    wanted = expected(rows, SETS, years)
    assert_same(computed, wanted, SETS)
    assert computed[()][()].efforts > 0 or years == Years(2021, 2021)


@pytest.mark.parametrize("years", PERIODS, ids=str)
def test_the_figures_per_goal_follow_the_rules(log, years):
    pairs = EffortGoal.objects.order_by().values(e_id=F("effort_id"), k_goal=F("goal_id"))
    sql, params = pairs.query.sql_with_params()
    computed = counting.figures(sql, list(params), keys=("goal",), sets=GOAL_SETS, years=years)
    rows = [
        (link.effort, {"goal": link.goal_id})
        for link in EffortGoal.objects.select_related("effort")
    ]
    assert rows
    assert_same(computed, expected(rows, GOAL_SETS, years), GOAL_SETS)


def test_an_organisation_reached_in_1950_and_now_counts_in_both_years(motala):
    """Years more than 64 apart fall in different words of the organisation's mask."""
    unit = MunicipalUnitFactory(municipality=motala)
    organisation = OrganisationFactory(name="Gamla föreningen")
    this_year = timezone.localdate().year
    EffortFactory(
        responsible_unit=unit,
        start_date=D(1950, 3, 1),
        end_date=D(1950, 9, 1),
        status="completed",
        organisations=[organisation],
    )
    EffortFactory(
        responsible_unit=unit, start_date=D(this_year, 1, 2), organisations=[organisation]
    )
    first, last = counting.year_span(Years())
    assert (first, last) == (1950, this_year)
    assert last - first + 1 > counting.WORD
    sql, params = Effort.objects.values(e_id=F("id")).query.sql_with_params()
    cells = counting.figures(sql, list(params), keys=(), sets=[("year",), ()], years=Years())
    reached = {year: f.organisations for (year,), f in cells[("year",)].items() if f.organisations}
    assert reached == {1950: 1, this_year: 1}
    assert cells[()][()].organisations == 1
    assert cells[()][()].efforts == 2
