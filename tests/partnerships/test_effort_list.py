"""The officers' list of efforts: every filter, in the URL."""

import datetime
from decimal import Decimal

import pytest

from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/handlaggare/insatser/"


@pytest.fixture
def efforts(motala, lekeberg, motala_goals, region_goal):
    social = MunicipalUnitFactory(municipality=motala, name="Socialförvaltningen")
    culture = MunicipalUnitFactory(municipality=motala, name="Kultur- och fritidsförvaltningen")
    leke = MunicipalUnitFactory(municipality=lekeberg, name="Kommunstyrelseförvaltningen")
    verkstad = OrganisationFactory(
        name="Vätterns Verkstad", org_number="769600-4972", legal_form_id="51"
    )
    EffortFactory(
        title="IOP om mötesplats",
        kind="iop",
        responsible_unit=social,
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2021, 12, 31),
        status="completed",
        amount_awarded=Decimal("600000"),
        amount_paid=Decimal("600000"),
        goals=[motala_goals["M3"]],
        is_public=False,
    )
    EffortFactory(
        title="Föreningsbidrag",
        kind="grant",
        responsible_unit=culture,
        start_date=datetime.date(2023, 3, 1),
        amount_awarded=Decimal("20000"),
        goals=[motala_goals["M1"]],
        organisations=[verkstad],
        description="Bidrag till verkstadens ungdomsverksamhet.",
    )
    EffortFactory(
        title="Startstöd",
        kind="advice",
        responsible_unit=leke,
        status="planned",
        start_date=datetime.date(2024, 9, 1),
        amount_awarded=Decimal("0"),
        goals=[region_goal],
        decision_diary_number="KS 2024/55",
    )


@pytest.fixture
def officer_client(client, motala_officer):
    client.force_login(motala_officer)
    return client


def titles(response) -> set[str]:
    assert response.status_code == 200
    return {effort.title for effort in response.context["efforts"]}


@pytest.mark.parametrize(
    "params,expected",
    [
        ({}, {"IOP om mötesplats", "Föreningsbidrag", "Startstöd"}),
        ({"kind": "iop"}, {"IOP om mötesplats"}),
        ({"status": "planned"}, {"Startstöd"}),
        ({"municipality": "1814"}, {"Startstöd"}),
        ({"q": "ungdomsverksamhet"}, {"Föreningsbidrag"}),
        ({"q": "2024/55"}, {"Startstöd"}),
        ({"organisation": "vätterns"}, {"Föreningsbidrag"}),
        ({"organisation": "769600-4972"}, {"Föreningsbidrag"}),
        ({"active_from": "2022-01-01"}, {"Föreningsbidrag", "Startstöd"}),
        ({"active_to": "2020-01-01"}, {"IOP om mötesplats"}),
        (
            {"active_from": "2020-01-01", "active_to": "2023-12-31"},
            {"IOP om mötesplats", "Föreningsbidrag"},
        ),
        ({"awarded_min": "20 000"}, {"IOP om mötesplats", "Föreningsbidrag"}),
        ({"awarded_max": "20000"}, {"Föreningsbidrag", "Startstöd"}),
        ({"is_public": "false"}, {"IOP om mötesplats"}),
    ],
)
def test_filters(officer_client, efforts, params, expected):
    assert titles(officer_client.get(LIST_URL, params)) == expected


def test_filter_by_unit_and_goal(officer_client, efforts, motala_goals):
    from partnerships.models import MunicipalUnit

    culture = MunicipalUnit.objects.get(name="Kultur- och fritidsförvaltningen")
    assert titles(officer_client.get(LIST_URL, {"unit": culture.pk})) == {"Föreningsbidrag"}
    goal = motala_goals["M3"]
    assert titles(officer_client.get(LIST_URL, {"goal": goal.pk})) == {"IOP om mötesplats"}


def test_officers_see_every_municipalitys_efforts(officer_client, efforts):
    assert "Startstöd" in titles(officer_client.get(LIST_URL))


def test_export_links_keep_the_filter(officer_client, efforts):
    html = officer_client.get(LIST_URL, {"kind": "iop", "page": "1"}).content.decode()
    assert 'href="/handlaggare/insatser/export.csv?kind=iop"' in html
    assert 'href="/handlaggare/insatser/export.xlsx?kind=iop"' in html


def test_organisation_page_in_the_back_office_is_in_time_order(officer_client, motala_unit):
    from tests.partnerships.factories import FollowUpNoteFactory

    organisation = OrganisationFactory(slug="kvarnens-vanner", publication_state="pending")
    later = EffortFactory(
        responsible_unit=motala_unit,
        title="Senare",
        start_date=datetime.date(2024, 1, 1),
        organisations=[organisation],
    )
    EffortFactory(
        responsible_unit=motala_unit,
        title="Tidigare",
        start_date=datetime.date(2022, 1, 1),
        organisations=[organisation],
        is_public=False,
    )
    FollowUpNoteFactory(effort=later, text="Uppföljning i maj.")
    response = officer_client.get("/handlaggare/organisationer/kvarnens-vanner/insatser/")
    assert [e.title for e in response.context["efforts"]] == ["Tidigare", "Senare"]
    assert "Uppföljning i maj." in response.content.decode()
