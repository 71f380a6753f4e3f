"""Efforts that run over several years, payments in later years, ceased and re-registered
organisations, efforts without goals: the follow-up and the indicators against figures
worked out by hand (the rules: partnerships/counting.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships import followup, indicators
from partnerships.followup import Years
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
SE = "social_enterprise"


@pytest.fixture
def world(motala, motala_goals):
    """Motala's unit U and four efforts (o3 ceased in 2024; o3b is it registered again):

    ===  ==============  ======================  ===========  ==================================
    e    kind            runs                    awarded      payments, organisations, goals
    ===  ==============  ======================  ===========  ==================================
    A    IOP             2024-03-01..2026-02-28  300 000 (decision 2023-12-10)  100 000 in
                                                              each of 2024, 2025, 2026; o1; M4
    B    grant           2023-05-01..2023-12-31  50 000 (no decision: 2023)  50 000 paid
                                                              2024-02-01; o2, o3; M4
    C    advice          2025-01-10..(open)      0            -; o3b; no goal; 2 new enterprises
    D    premises        2022-01-01..2025-12-31  in kind 40 000 (decision 2021-11-30); o3;
                                                              M4; 4 people in work training
    ===  ==============  ======================  ===========  ==================================
    """
    unit = MunicipalUnitFactory(municipality=motala, name="Kommunstyrelseförvaltningen")
    o1 = OrganisationFactory(name="Ett", kind=SE, founded_year=2020)
    o2 = OrganisationFactory(name="Två", kind="association", founded_year=1990)
    o3 = OrganisationFactory(
        name="Tre", kind=SE, founded_year=2019, status="ceased", ceased_on=D(2024, 5, 1)
    )
    o3b = OrganisationFactory(name="Tre", slug="tre-igen", kind=SE, founded_year=2025)
    m4 = motala_goals["M4"]
    EffortFactory(
        title="A",
        responsible_unit=unit,
        kind="iop",
        start_date=D(2024, 3, 1),
        end_date=D(2026, 2, 28),
        status="completed",
        decision_date=D(2023, 12, 10),
        amount_awarded=Decimal("300000"),
        payments=[
            (D(2024, 3, 15), "100000"),
            (D(2025, 1, 31), "100000"),
            (D(2026, 1, 31), "100000"),
        ],
        goals=[m4],
        organisations=[o1],
    )
    EffortFactory(
        title="B",
        responsible_unit=unit,
        kind="grant",
        start_date=D(2023, 5, 1),
        end_date=D(2023, 12, 31),
        status="completed",
        amount_awarded=Decimal("50000"),
        payments=[(D(2024, 2, 1), "50000")],
        goals=[m4],
        organisations=[o2, o3],
    )
    EffortFactory(
        title="C",
        responsible_unit=unit,
        kind="advice",
        start_date=D(2025, 1, 10),
        amount_awarded=Decimal("0"),
        new_enterprises=2,
        organisations=[o3b],
    )
    EffortFactory(
        title="D",
        responsible_unit=unit,
        kind="premises",
        start_date=D(2022, 1, 1),
        end_date=D(2025, 12, 31),
        status="completed",
        decision_date=D(2021, 11, 30),
        amount_awarded=Decimal("0"),
        in_kind_value=Decimal("40000"),
        work_training_people=4,
        goals=[m4],
        organisations=[o3],
    )
    return {"unit": unit, "goal": m4, "document": m4.document}


def by_year(rows):
    return [
        (r.key, r.figures.efforts, r.figures.organisations, r.figures.awarded, r.figures.paid)
        for r in rows
    ]


def test_a_goal_counts_an_effort_in_every_year_it_runs(world):
    report = followup.goal_report(world["goal"], Years())
    assert by_year(report.by_year) == [
        (2021, 0, 0, Decimal("0"), Decimal("0")),  # D decided: in kind only
        (2022, 1, 1, Decimal("0"), Decimal("0")),  # D, with o3
        (2023, 2, 2, Decimal("350000"), Decimal("0")),  # B, D; o2, o3; A and B awarded
        (2024, 2, 2, Decimal("0"), Decimal("150000")),  # A, D; o1, o3; A's and B's payments
        (2025, 2, 2, Decimal("0"), Decimal("100000")),  # A, D (o3 ceased, still reached)
        (2026, 1, 1, Decimal("0"), Decimal("100000")),  # A
    ]
    assert [r.figures.in_kind for r in report.by_year][:2] == [Decimal("40000"), Decimal("0")]
    assert report.totals == followup.Figures(
        efforts=3,
        organisations=3,
        awarded=Decimal("350000"),
        paid=Decimal("350000"),
        in_kind=Decimal("40000"),
        work_training_people=4,
    )
    assert [(r.key, r.figures.efforts, r.figures.paid) for r in report.by_kind] == [
        ("grant", 1, Decimal("50000")),
        ("iop", 1, Decimal("300000")),
        ("premises", 1, Decimal("0")),
    ]


def test_a_period_counts_the_efforts_active_in_it_and_the_money_of_its_years(world):
    report = followup.goal_report(world["goal"], Years(2024, 2025))
    # A and D run in 2024-2025; B ended in 2023 but its payment of 2024 counts.
    assert report.totals == followup.Figures(
        efforts=2,
        organisations=2,
        awarded=Decimal("0"),
        paid=Decimal("250000"),
        in_kind=Decimal("0"),
        work_training_people=4,  # D's, in the first year of the period it runs in
    )
    assert [r.key for r in report.by_year] == [2024, 2025]
    assert [r.figures.work_training_people for r in report.by_year] == [4, 0]
    efforts = followup.goal_efforts(world["goal"], Years(2024, 2025))
    assert sorted(e.title for e in efforts) == ["A", "D"]
    assert sorted(e.title for e in followup.goal_efforts(world["goal"], Years(2026, 2026))) == ["A"]


def test_the_document_overview_per_goal_and_year(world):
    report = followup.document_report(world["document"], Years(2022, 2026))
    lines = {line.goal.code: line for line in report.goals}
    assert report.year_labels == [2022, 2023, 2024, 2025, 2026]
    assert lines["M4"].per_year == [1, 2, 2, 2, 1]
    assert (lines["M4"].figures.efforts, lines["M4"].figures.paid) == (3, Decimal("350000"))
    # C serves no goal: never in a document's figures.
    assert (report.totals.efforts, report.totals.organisations) == (3, 3)


def test_units_contribution_counts_active_efforts(world, motala):
    report = followup.contribution_report(motala, Years(2025, 2025))
    line = next(line for line in report.units if line.unit == world["unit"])
    # A, C and D run in 2025; A and D serve goals.
    assert (line.efforts, line.under_goals) == (3, 2)


def motala(key, first=2022, last=2026):
    return indicators.table(key, municipality_codes=["0583"], first_year=first, last_year=last)


def test_efforts_per_year_indicator(world):
    table = motala("efforts_per_year")
    assert table.rows == [
        # year, efforts, organisations, awarded, paid, in kind, work training, new enterprises
        ["2022", 1, 1, Decimal("0"), Decimal("0"), Decimal("0"), 4, 0],
        ["2023", 2, 2, Decimal("350000"), Decimal("0"), Decimal("0"), 0, 0],
        ["2024", 2, 2, Decimal("0"), Decimal("150000"), Decimal("0"), 0, 0],
        ["2025", 3, 3, Decimal("0"), Decimal("100000"), Decimal("0"), 0, 2],  # + C, o3b
        ["2026", 2, 2, Decimal("0"), Decimal("100000"), Decimal("0"), 0, 0],  # A, C
    ]


def test_efforts_by_kind_and_unit_indicators(world):
    kinds = motala("efforts_by_kind")
    assert [row[:5] for row in kinds.rows] == [
        ["Grant", 1, 2, Decimal("50000"), Decimal("50000")],
        ["IOP partnership", 1, 1, Decimal("300000"), Decimal("300000")],
        ["Premises", 1, 1, Decimal("0"), Decimal("0")],
        ["Advice and start-up help", 1, 1, Decimal("0"), Decimal("0")],
    ]
    units = motala("efforts_by_unit")
    assert [row[1:5] for row in units.rows] == [[4, 4, Decimal("350000"), Decimal("350000")]]


def test_efforts_by_organisation_kind(world):
    table = motala("efforts_by_organisation_kind")
    assert table.rows == [
        # kind, efforts, organisations of the kind reached, awarded and paid (split)
        ["Non-profit associations", 1, 1, Decimal("25000"), Decimal("25000")],
        ["Social enterprises", 4, 3, Decimal("325000"), Decimal("325000")],
        ["Cooperatives", 0, 0, Decimal("0"), Decimal("0")],
        ["Foundations", 0, 0, Decimal("0"), Decimal("0")],
    ]


def test_resource_equality(world):
    table = motala("resource_equality")
    assert table.rows == [
        # kind, SEK awarded, share, efforts, share (split), active at end of 2026, share
        ["Non-profit associations", Decimal("25000"), 7.1, 1, 12.5, 1, 33.3],
        ["Social enterprises", Decimal("325000"), 92.9, 4, 87.5, 2, 66.7],  # o3 ceased
        ["Cooperatives", Decimal("0"), 0.0, 0, 0.0, 0, 0.0],
        ["Foundations", Decimal("0"), 0.0, 0, 0.0, 0, 0.0],
    ]


def test_work_training_and_new_enterprises(world):
    table = motala("work_training_and_new_enterprises")
    assert table.rows == [
        # year, people in work training, work-training efforts, new enterprises, SE founded
        ["2022", 4, 0, 0, 0],
        ["2023", 0, 0, 0, 0],
        ["2024", 0, 0, 0, 0],
        ["2025", 0, 0, 2, 1],  # o3b founded (registered again)
        ["2026", 0, 0, 0, 0],
    ]


def test_the_goal_page_states_the_rules(client, world, motala_officer):
    client.force_login(motala_officer)
    # (reverse() gives English addresses here: the "english" fixture is active)
    html = client.get(reverse("partnerships:goal-detail", args=[world["goal"].pk])).content.decode()
    assert "How the figures are counted" in html
    assert "Money paid counts in the year of each payment." in html
    for name in ("goal-overview", "unit-contribution"):
        assert (
            "How the figures are counted"
            in client.get(reverse(f"partnerships:{name}")).content.decode()
        )
