"""The grants in the 360Giving shape: what a grant is, its fields, the split between
recipients, the public list's filters, nothing that is not public, and flat memory."""

import datetime
import json
import tracemalloc
from decimal import Decimal

import pytest
from django.test import RequestFactory

from partnerships import opendata
from partnerships.models import Effort
from registry import opendata as register_opendata
from registry.models import Organisation
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db

URL = "/oppna-data/bidrag-360giving.json"
REQUIRED = (
    "id",
    "title",
    "description",
    "currency",
    "amountAwarded",
    "awardDate",
    "recipientOrganization",
    "fundingOrganization",
)


def document(client, query=None) -> dict:
    response = client.get(URL, query or {})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="bidrag-360giving-')
    return json.loads(b"".join(response.streaming_content))


@pytest.fixture
def verkstad():
    return OrganisationFactory(name="Vätterns Verkstad", org_number="769600-4972", city="Motala")


@pytest.fixture
def unit():
    return MunicipalUnitFactory(name="Socialförvaltningen")


def test_a_public_grant_in_the_360giving_shape(client, settings, verkstad, unit):
    settings.OPEN_DATA_360GIVING_PREFIX = "360G-motala"
    effort = EffortFactory(
        title="Stöd till cykelverkstaden",
        description="Startstöd för verkstaden.",
        responsible_unit=unit,
        amount_awarded=Decimal("120000.50"),
        amount_paid=Decimal("20000.00"),
        decision_date=datetime.date(2024, 1, 20),
        start_date=datetime.date(2024, 2, 1),
        organisations=[verkstad],
    )
    package = document(client)
    assert package["license"] == register_opendata.LICENCE_URL
    assert package["publisher"]["name"]
    [grant] = package["grants"]
    assert all(field in grant for field in REQUIRED)
    assert grant["id"] == f"360G-motala-{effort.pk}-{verkstad.pk}"
    assert grant["title"] == "Stöd till cykelverkstaden"
    assert grant["currency"] == "SEK"
    assert grant["amountAwarded"] == 120000.5
    assert grant["amountDisbursed"] == 20000.0
    assert grant["awardDate"] == "2024-01-20"
    assert grant["recipientOrganization"] == [
        {
            "id": "SE-ON-769600-4972",
            "name": "Vätterns Verkstad",
            "addressCountry": "SE",
            "addressLocality": "Motala",
            "url": f"http://testserver/organisationer/{verkstad.slug}/",
        }
    ]
    assert grant["fundingOrganization"] == [
        {"id": "360G-motala-KOMMUN-0583", "name": "Motala", "department": "Socialförvaltningen"}
    ]
    assert grant["beneficiaryLocation"] == [
        {"name": "Motala", "countryCode": "SE", "geoCode": "0583"}
    ]
    assert grant["classifications"][0]["code"] == "grant"
    assert grant["classifications"][0]["title"] == "Bidrag"
    assert grant["relatedActivity"] == []


def test_several_recipients_share_the_money_and_name_each_other(client, verkstad, unit):
    other = OrganisationFactory(name="Andra föreningen", org_number=None)
    hidden = OrganisationFactory(
        name="Dolda mottagaren", publication_state=Organisation.PublicationState.HIDDEN
    )
    partner = OrganisationFactory(name="Partnern")
    EffortFactory(
        responsible_unit=unit,
        amount_awarded=Decimal("100.00"),
        organisations=[verkstad, other, hidden, (partner, "partner")],
    )
    grants = document(client)["grants"]
    assert [grant["recipientOrganization"][0]["name"] for grant in grants] == [
        "Andra föreningen",
        "Vätterns Verkstad",
    ]
    # Split between the three recipients; the hidden one's share is not given to others.
    assert [grant["amountAwarded"] for grant in grants] == [33.34, 33.33]
    assert grants[0]["recipientOrganization"][0]["id"] == f"360G-socialekonomi-ORG-{other.pk}"
    assert grants[0]["relatedActivity"] == [grants[1]["id"]]
    text = json.dumps(grants, ensure_ascii=False)
    assert "Dolda mottagaren" not in text and "Partnern" not in text


def test_split_evenly_adds_up():
    for amount, parts in [("100.00", 3), ("0.01", 2), ("99999.99", 7), ("10.00", 1)]:
        shares = opendata.split_evenly(Decimal(amount), parts)
        assert sum(shares) == Decimal(amount)
        assert max(shares) - min(shares) <= Decimal("0.01")


def test_only_public_efforts_with_money_and_a_published_recipient(client, verkstad, unit):
    EffortFactory(title="Internainsatsen", is_public=False, organisations=[verkstad])
    EffortFactory(title="Utan pengar", amount_awarded=Decimal("0"), organisations=[verkstad])
    hidden = OrganisationFactory(publication_state=Organisation.PublicationState.DRAFT)
    EffortFactory(title="Bara dold mottagare", organisations=[hidden])
    EffortFactory(title="Bara partner", organisations=[(verkstad, "partner")])
    EffortFactory(title="Synliga bidraget", organisations=[verkstad])
    titles = [grant["title"] for grant in document(client)["grants"]]
    assert titles == ["Synliga bidraget"]


def test_the_public_lists_filters_hold(client, verkstad):
    lekeberg = MunicipalUnitFactory(municipality_id="1814", name="Kommunstyrelsen")
    EffortFactory(title="I Motala", organisations=[verkstad], kind=Effort.Kind.GRANT)
    EffortFactory(
        title="I Lekeberg",
        responsible_unit=lekeberg,
        organisations=[verkstad],
        kind=Effort.Kind.IOP,
        start_date=datetime.date(2022, 5, 1),
    )

    def titles(query):
        return [grant["title"] for grant in document(client, query)["grants"]]

    assert titles({"municipality": "1814"}) == ["I Lekeberg"]
    assert titles({"kind": "grant"}) == ["I Motala"]
    assert titles({"year": "2022"}) == ["I Lekeberg"]
    assert client.get(URL, {"year": "abc"}).status_code == 400
    assert client.get(URL, {"municipality": "9999"}).status_code == 400


def test_an_empty_file_is_still_json(client):
    assert document(client)["grants"] == []


def test_a_client_with_the_current_file_gets_304(client, verkstad):
    effort = EffortFactory(organisations=[verkstad])
    response = client.get(URL)
    assert client.get(URL, headers={"if-none-match": response["ETag"]}).status_code == 304
    Effort.objects.filter(pk=effort.pk).update(title="Ändrad")
    from registry.models import DataVersion

    DataVersion.bump(DataVersion.EFFORT_LOG)
    assert client.get(URL, headers={"if-none-match": response["ETag"]}).status_code == 200


def _peak(write) -> int:
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat(verkstad, unit):
    request = RequestFactory().get(URL)

    def download():
        _filters, queryset = opendata.grant_efforts({})
        size = sum(len(chunk) for chunk in opendata.download(request, queryset).streaming_content)
        assert size > 0

    def efforts(count):
        for _number in range(count):
            EffortFactory(responsible_unit=unit, organisations=[verkstad])

    efforts(500)
    small = _peak(download)
    efforts(1500)
    large = _peak(download)
    assert large < small * 1.5, (small, large)


def test_the_public_list_links_to_the_file_with_its_filters(client, verkstad):
    EffortFactory(organisations=[verkstad])
    text = client.get("/samverkan/", {"kind": "grant"}).content.decode()
    assert f'href="{URL}?kind=grant"' in text
