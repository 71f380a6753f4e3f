"""The public statistics pages: live figures with their definitions, for everyone."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.html import escape

from registry import reference
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def figures(motala_unit, lekeberg_unit):
    """In Motala, two social enterprises founded two years ago (one ceased last year) and
    an association; a public grant of 10 000 and a grant that is not public (never on
    the public page); in Lekeberg, a public grant of 999."""
    se = OrganisationFactory(kind="social_enterprise", founded_year=THIS_YEAR - 2)
    OrganisationFactory(
        kind="social_enterprise",
        founded_year=THIS_YEAR - 2,
        status="ceased",
        ceased_on=datetime.date(THIS_YEAR - 1, 3, 1),
    )
    OrganisationFactory(kind="association", founded_year=2000)
    start = datetime.date(THIS_YEAR - 1, 2, 1)
    EffortFactory(
        responsible_unit=motala_unit,
        start_date=start,
        amount_awarded=Decimal("10000"),
        organisations=[se],
    )
    EffortFactory(
        responsible_unit=motala_unit,
        start_date=start,
        amount_awarded=Decimal("777777"),
        is_public=False,
        organisations=[se],
    )
    EffortFactory(responsible_unit=lekeberg_unit, start_date=start, amount_awarded=Decimal("999"))


def tables(response) -> dict:
    return {table.key: table for table in response.context["tables"]}


def row(table, label):
    return next(r for r in table.rows if r[0] == label)


def test_anyone_sees_the_whole_register(client, figures):
    response = client.get("/en/statistik/")
    assert response.status_code == 200
    shown = tables(response)
    assert list(shown) == [
        "organisations_by_kind",
        "register_social_enterprise",
        "survival",
        "efforts_by_kind",
        "efforts_per_year",
        "resource_equality",
    ]
    html = response.content.decode()
    for table in shown.values():
        assert escape(table.title) in html and escape(table.definition) in html
    assert "How the figures are counted" in html
    # Public efforts only: 10 000 (Motala) + 999 (Lekeberg), never the 777 777.
    assert row(shown["efforts_by_kind"], "Grant")[1:4] == [2, 1, Decimal("10999")]
    assert "777,777" not in html
    assert "Only the efforts published on the portal are counted." in html
    # This year: the association and the social enterprise still active.
    assert row(shown["organisations_by_kind"], str(THIS_YEAR))[1:] == [1, 1, 0, 0, 2]


def test_one_municipality(client, figures):
    response = client.get("/en/statistik/0583/")
    assert response.status_code == 200
    assert response.context["municipality"].name == "Motala"
    shown = tables(response)
    assert row(shown["efforts_by_kind"], "Grant")[1:4] == [1, 1, Decimal("10000")]
    survival = row(shown["survival"], str(THIS_YEAR - 2 - 2))  # the period ends 2 years back
    assert survival[1] == 0
    se = row(shown["register_social_enterprise"], str(THIS_YEAR - 2))
    assert se[1] == 2  # founded that year
    assert row(shown["register_social_enterprise"], str(THIS_YEAR - 1))[3:] == [1, 1]
    assert "Motala" in shown["survival"].title


def test_the_survival_cohort_of_two_years_ago(client, figures):
    shown = tables(client.get("/en/statistik/0583/"))
    cohort = row(shown["survival"], str(THIS_YEAR - 2))
    # founded 2, active after one year (at the end of last year): 1 (50 %); later: not yet
    assert cohort == [str(THIS_YEAR - 2), 2, 1, 50.0, None, None, None, None]


def test_the_municipality_chooser(client, figures):
    response = client.get("/statistik/", {"kommun": "1814"})
    assert response.status_code == 302 and response["Location"] == "/statistik/1814/"
    back = client.get("/statistik/1814/", {"kommun": ""})
    assert back.status_code == 302 and back["Location"] == "/statistik/"
    wrong = client.get("/en/statistik/", {"kommun": "9999"})
    assert wrong.status_code == 200
    html = wrong.content.decode()
    assert "Choose a municipality on the list, or the whole register." in html
    assert 'href="#id_kommun"' in html  # in the error summary, linked to the field
    assert html.count("<title>Error: ") == 1


def test_an_unknown_municipality_is_404(client):
    assert client.get("/statistik/9999/").status_code == 404


def test_only_reading(client):
    assert client.post("/statistik/").status_code == 405


def test_swedish_first(client, figures):
    html = client.get("/statistik/").content.decode()
    assert "Statistik" in html or "statistik" in html
    assert client.get("/statistik/").context["tables"][0].title.startswith("Aktiva")


def test_linked_from_the_start_page(client):
    assert 'href="/en/statistik/"' in client.get("/en/").content.decode()


def test_the_query_count_does_not_grow(client, figures, motala_unit):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get("/statistik/0583/").status_code == 200
        return len(context.captured_queries)

    with translation.override("sv"):  # the map's list of municipalities is cached
        reference.municipality_choices_by_county()
    few = count()
    for _ in range(5):
        EffortFactory(responsible_unit=motala_unit, organisations=[OrganisationFactory()])
    assert count() == few <= 20


def test_the_cached_figures_follow_every_change(client, figures, motala_unit):
    def grant_efforts():
        return row(tables(client.get("/en/statistik/0583/"))["efforts_by_kind"], "Grant")[1]

    assert grant_efforts() == 1
    EffortFactory(responsible_unit=motala_unit, start_date=datetime.date(THIS_YEAR, 1, 2))
    assert grant_efforts() == 2
    before = row(tables(client.get("/en/statistik/"))["organisations_by_kind"], str(THIS_YEAR))
    OrganisationFactory(kind="foundation", founded_year=2001)
    after = row(tables(client.get("/en/statistik/"))["organisations_by_kind"], str(THIS_YEAR))
    assert after[4] == before[4] + 1
