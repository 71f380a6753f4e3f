"""The goal follow-up figures, checked against numbers worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships import followup
from partnerships.followup import Years
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(motala, lekeberg, motala_goals, region_goal):
    """Six efforts, each within one year (multi-year efforts: test_multiyear.py); the
    expected figures are worked out in the comments."""
    a = MunicipalUnitFactory(municipality=motala, name="Arbetsmarknadsförvaltningen")
    b = MunicipalUnitFactory(municipality=motala, name="Kultur- och fritidsförvaltningen")
    c = MunicipalUnitFactory(municipality=motala, name="Kommunalt energibolag", kind="company")
    leke = MunicipalUnitFactory(municipality=lekeberg, name="Kommunstyrelseförvaltningen")
    o1, o2, o3 = (OrganisationFactory(name=name) for name in ("Ett", "Två", "Tre"))
    m1, m2, m3 = motala_goals["M1"], motala_goals["M2"], motala_goals["M3"]
    EffortFactory(  # e1
        responsible_unit=a,
        kind="grant",
        start_date=datetime.date(2020, 3, 1),
        end_date=datetime.date(2020, 12, 31),
        status="completed",
        amount_awarded=Decimal("100000"),
        amount_paid=Decimal("100000"),
        participants=10,
        goals=[m1, m2],
        organisations=[(o1, "recipient")],
    )
    EffortFactory(  # e2
        responsible_unit=a,
        kind="iop",
        start_date=datetime.date(2021, 6, 1),
        end_date=datetime.date(2021, 12, 31),
        status="completed",
        amount_awarded=Decimal("250000.50"),
        amount_paid=Decimal("100000"),
        participants=5,
        work_training_people=3,
        goals=[m1],
        organisations=[(o1, "partner"), (o2, "partner")],
    )
    EffortFactory(  # e3
        responsible_unit=b,
        kind="grant",
        start_date=datetime.date(2021, 1, 15),
        end_date=datetime.date(2021, 12, 31),
        status="completed",
        amount_awarded=Decimal("50000"),
        amount_paid=Decimal("25000"),
        goals=[m2],
        organisations=[(o3, "recipient")],
    )
    EffortFactory(  # e4: no goal
        responsible_unit=b,
        kind="premises",
        start_date=datetime.date(2022, 9, 1),
        end_date=datetime.date(2022, 12, 31),
        status="completed",
        amount_awarded=Decimal("0"),
        in_kind_value=Decimal("80000"),
        organisations=[(o2, "recipient")],
    )
    EffortFactory(  # e5: Lekeberg, the region's goal: never in Motala's figures
        responsible_unit=leke,
        kind="grant",
        start_date=datetime.date(2022, 4, 1),
        end_date=datetime.date(2022, 12, 31),
        status="completed",
        amount_awarded=Decimal("999"),
        goals=[region_goal],
        organisations=[(o3, "recipient")],
    )
    EffortFactory(  # e6
        responsible_unit=a,
        kind="advice",
        start_date=datetime.date(2022, 2, 1),
        end_date=datetime.date(2022, 12, 31),
        status="completed",
        amount_awarded=Decimal("0"),
        new_enterprises=2,
        goals=[m1, m3],
    )
    return {"a": a, "b": b, "c": c, "goals": motala_goals, "document": m1.document}


def test_goal_totals(small):
    report = followup.goal_report(small["goals"]["M1"], Years())
    # M1: e1, e2, e6. Organisations: o1 (e1, e2) and o2 (e2) = 2 distinct.
    assert report.totals == followup.Figures(
        efforts=3,
        organisations=2,
        awarded=Decimal("350000.50"),
        paid=Decimal("200000.00"),
        in_kind=Decimal("0.00"),
        work_training_people=3,
        participants=15,
        new_enterprises=2,
    )


def test_goal_by_year_kind_and_unit(small):
    report = followup.goal_report(small["goals"]["M1"], Years())
    assert [
        (r.key, r.figures.efforts, r.figures.organisations, r.figures.awarded, r.figures.paid)
        for r in report.by_year
    ] == [
        (2020, 1, 1, Decimal("100000"), Decimal("100000")),
        (2021, 1, 2, Decimal("250000.50"), Decimal("100000")),
        (2022, 1, 0, Decimal("0"), Decimal("0")),
    ]
    assert [(r.key, r.figures.efforts) for r in report.by_kind] == [
        ("grant", 1),
        ("iop", 1),
        ("advice", 1),
    ]
    assert [(r.key, r.figures.efforts, r.figures.organisations) for r in report.by_unit] == [
        (small["a"], 3, 2)
    ]


def test_goal_in_a_period(small):
    report = followup.goal_report(small["goals"]["M1"], Years(2021, 2021))
    assert (report.totals.efforts, report.totals.organisations, report.totals.awarded) == (
        1,
        2,
        Decimal("250000.50"),
    )
    assert [r.key for r in report.by_year] == [2021]


def test_goal_without_efforts(small):
    report = followup.goal_report(small["goals"]["M7"], Years())
    assert report.totals == followup.Figures()
    assert report.by_year == report.by_kind == report.by_unit == []


def test_document_overview(small):
    report = followup.document_report(small["document"], Years())
    lines = {line.goal.code: line for line in report.goals}
    assert list(lines) == ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]
    assert (lines["M1"].figures.efforts, lines["M1"].figures.organisations) == (3, 2)
    assert lines["M1"].figures.awarded == Decimal("350000.50")
    # M2: e1 and e3; o1 and o3; 100 000 + 50 000 awarded; 100 000 + 25 000 paid.
    assert (lines["M2"].figures.efforts, lines["M2"].figures.organisations) == (2, 2)
    assert (lines["M2"].figures.awarded, lines["M2"].figures.paid) == (
        Decimal("150000"),
        Decimal("125000"),
    )
    assert (lines["M3"].figures.efforts, lines["M3"].figures.organisations) == (1, 0)
    assert lines["M7"].figures == followup.Figures()
    # Each effort once: e1, e2, e3, e6 (e1 serves two goals; e4 none; e5 is Lekeberg's).
    assert (report.totals.efforts, report.totals.organisations) == (4, 3)
    assert (report.totals.awarded, report.totals.paid) == (Decimal("400000.50"), Decimal("225000"))
    assert report.year_labels == [2020, 2021, 2022]
    assert lines["M1"].per_year == [1, 1, 1]
    assert lines["M2"].per_year == [1, 1, 0]
    assert lines["M3"].per_year == [0, 0, 1]
    assert [
        (r.key, r.figures.efforts, r.figures.organisations, r.figures.awarded)
        for r in report.by_year
    ] == [
        (2020, 1, 1, Decimal("100000")),
        (2021, 2, 3, Decimal("300000.50")),
        (2022, 1, 0, Decimal("0")),
    ]
    assert [(r.key, r.figures.efforts) for r in report.by_kind] == [
        ("grant", 2),
        ("iop", 1),
        ("advice", 1),
    ]


def test_document_overview_in_a_period(small):
    report = followup.document_report(small["document"], Years(2021, 2021))
    assert report.totals.efforts == 2
    assert report.year_labels == [2021]


def test_regional_document(small, region_goal):
    report = followup.document_report(region_goal.document, Years())
    assert (report.totals.efforts, report.totals.awarded) == (1, Decimal("999"))


def test_units_contribution(small, motala):
    report = followup.contribution_report(motala, Years())
    assert [g.code for g in report.goals] == ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]
    rows = {line.unit.name: line for line in report.units}
    assert list(rows) == [
        "Arbetsmarknadsförvaltningen",
        "Kommunalt energibolag",
        "Kultur- och fritidsförvaltningen",
    ]
    a = rows["Arbetsmarknadsförvaltningen"]
    assert (a.efforts, a.under_goals, a.per_goal) == (3, 3, [3, 1, 1, 0, 0, 0, 0])
    b = rows["Kultur- och fritidsförvaltningen"]
    assert (b.efforts, b.under_goals, b.per_goal) == (2, 1, [0, 1, 0, 0, 0, 0, 0])
    assert [line.unit.name for line in report.units_without] == ["Kommunalt energibolag"]


def test_units_contribution_includes_the_regions_goals(small, lekeberg):
    report = followup.contribution_report(lekeberg, Years())
    assert [g.code for g in report.goals] == ["RÖ1"]
    assert [(line.unit.name, line.per_goal) for line in report.units] == [
        ("Kommunstyrelseförvaltningen", [1])
    ]


def test_the_pages_show_the_figures(client, small, motala_officer):
    client.force_login(motala_officer)
    overview = client.get("/en/handlaggare/mal/")
    html = overview.content.decode()
    assert overview.context["document"] == small["document"]
    assert "400,000.50" in html
    goal = client.get(reverse("partnerships:goal-detail", args=[small["goals"]["M1"].pk]))
    assert [e.pk for e in goal.context["efforts"]] == sorted(
        (e.pk for e in goal.context["efforts"]), reverse=True
    )
    assert goal.context["report"].totals.efforts == 3
    assert 'id="chart-year-data"' in goal.content.decode()
    units = client.get("/handlaggare/mal/enheter/")
    assert units.context["municipality"].code == "0583"
    assert "Kommunalt energibolag" in units.content.decode()


def test_the_period_must_run_forwards(client, small, motala_officer):
    client.force_login(motala_officer)
    response = client.get("/en/handlaggare/mal/", {"from_year": "2022", "to_year": "2020"})
    assert response.status_code == 200
    assert "The last year cannot be before the first." in response.content.decode()
    assert response.context["report"].years == Years()


def test_chart_data_matches_the_table(small):
    report = followup.goal_report(small["goals"]["M1"], Years())
    chart = followup.chart(report.by_year, title="Per year", over="years")
    assert chart["labels"] == ["2020", "2021", "2022"]
    assert chart["series"][0]["data"] == [1, 1, 1]
    assert chart["series"][1]["data"] == [100000.0, 250000.5, 0.0]


def test_cached_figures_follow_every_change(small, motala_unit):
    from registry.models import DataVersion

    goal = small["goals"]["M1"]
    before = DataVersion.current(DataVersion.EFFORT_LOG)
    assert followup.cached_goal_report(goal, Years()).totals.efforts == 3
    effort = EffortFactory(responsible_unit=motala_unit, goals=[goal])
    assert DataVersion.current(DataVersion.EFFORT_LOG) != before
    assert followup.cached_goal_report(goal, Years()).totals.efforts == 4
    effort.goal_links.get().delete()
    assert followup.cached_goal_report(goal, Years()).totals.efforts == 3
    goal.name_sv = "Nytt namn"
    goal.save()
    assert followup.cached_document_report(goal.document, Years()).goals[0].goal.name_sv == (
        "Nytt namn"
    )


def test_document_overview_by_unit(small):
    report = followup.document_report(small["document"], Years())
    # A: e1, e2, e6 (o1, o2); B: e3 (o3). e4 serves no goal, e5 is Lekeberg's.
    assert [
        (r.key.name, r.figures.efforts, r.figures.organisations, r.figures.awarded)
        for r in report.by_unit
    ] == [
        ("Arbetsmarknadsförvaltningen", 3, 2, Decimal("350000.50")),
        ("Kultur- och fritidsförvaltningen", 1, 1, Decimal("50000")),
    ]


@pytest.mark.parametrize(
    "code,name,document,other",
    [
        ("1814", "Lekeberg", "Regional handlingsplan för civilsamhälle", "Motala"),
        ("0583", "Motala", "Policy för social ekonomi", "Lekeberg"),
    ],
)
def test_the_units_page_names_the_chosen_municipality_and_its_documents(
    client, small, motala_officer, code, name, document, other
):
    client.force_login(motala_officer)
    response = client.get("/handlaggare/mal/enheter/", {"municipality": code})
    assert response.context["municipality"].code == code
    html = response.content.decode()
    lead = html[html.index('<p class="lead">') : html.index("</p>", html.index('class="lead"'))]
    assert name in lead and other not in lead
    documents = html[html.index('<ul class="documents">') :]
    documents = documents[: documents.index("</ul>")]
    assert document in documents
    assert other not in documents
    assert "Motalas policy" not in html and "Motala\u2019s policy" not in html
    assert [d.title[:20] for d in response.context["report"].documents] == [document[:20]]
