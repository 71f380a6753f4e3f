"""The register's open-data files: each format parses back, the directory's filters
hold, only published organisations and consenting contacts are in them, the SE-ON
identifier, the headers, 304 for a client that has the file, and memory that stays
flat however many rows."""

import csv
import io
import json
import tracemalloc

import pytest
from django.test import RequestFactory
from django.utils import timezone

from registry import opendata
from registry.models import (
    ActivityArea,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
    Organisation,
)
from tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

CSV = "/oppna-data/organisationer.csv"
EXCEL = "/oppna-data/organisationer-excel.csv"
NDJSON = "/oppna-data/organisationer.ndjson"
HSDS = "/oppna-data/organisationer-hsds.json"
FILES = [CSV, EXCEL, NDJSON, HSDS]


@pytest.fixture
def register():
    verkstad = OrganisationFactory(
        name="Vätterns Verkstad",
        slug="vatterns-verkstad",
        org_number="769600-4972",
        legal_form=LegalForm.objects.get(code="51"),
        kind=Organisation.Kind.SOCIAL_ENTERPRISE,
        work_integrating=True,
        latitude="58.537500",
        longitude="15.036400",
        phone="+46 141 22 33 44",
        alternate_names="VV\nCykelverkstaden",
        activity_areas=list(ActivityArea.objects.order_by("-order")[:3]),
        global_goals=list(GlobalGoal.objects.filter(number__in=[8, 1, 12])),
        municipalities=list(Municipality.objects.filter(code__in=["0583", "0114", "0180"])),
    )
    verkstad.offer_categories.set(OfferCategory.objects.order_by("-pk")[:2])
    ContactPersonFactory(
        organisation=verkstad,
        name="Andra Synliga",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=verkstad,
        name="Synlig Kontakt",
        email="synlig@example.se",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(organisation=verkstad, name="Dold Kontakt", email="dold@example.se")
    lekeberg = OrganisationFactory(
        name="Lekebergs Hembygdsförening", home_municipality_id="1814", org_number=None
    )
    lekeberg.municipalities.set(["1814"])
    OrganisationFactory(name="Utkastet", publication_state=Organisation.PublicationState.DRAFT)
    OrganisationFactory(
        name="Nedlagda föreningen",
        status=Organisation.Status.CEASED,
        ceased_on=timezone.localdate(),
    )
    return verkstad


def body(response) -> bytes:
    assert response.status_code == 200, response.content[:300]
    return b"".join(response.streaming_content)


def csv_rows(response, delimiter=",") -> list[dict]:
    text = body(response).decode("utf-8")
    reader = csv.DictReader(io.StringIO(text.removeprefix("\ufeff")), delimiter=delimiter)
    return list(reader)


def test_csv_is_international(client, register):
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="organisationer-')
    assert 'rel="license"' in response["Link"]
    raw = body(client.get(CSV))
    assert not raw.startswith("\ufeff".encode())
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert [row["name"] for row in rows] == ["Lekebergs Hembygdsförening", "Vätterns Verkstad"]
    row = rows[1]
    assert row["org_id"] == "SE-ON-769600-4972"
    assert row["latitude"] == "58.5375"
    assert row["work_integrating"] == "true"
    assert row["kind"] == "social_enterprise"
    assert row["home_municipality"] == "0583"
    assert row["home_municipality_name"] == "Motala"
    assert row["county"] == "05"
    assert row["phone"] == "'+46 141 22 33 44"  # never a formula in a spreadsheet
    assert "Synlig Kontakt" in row["contacts"]
    assert rows[0]["org_id"] == ""  # no number, no identifier
    assert list(rows[0]) == opendata.csv_columns()


def test_excel_csv_is_for_swedish_excel(client, register):
    raw = body(client.get(EXCEL))
    assert raw.startswith("\ufeff".encode())
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    row = next(row for row in rows if row["name"] == "Vätterns Verkstad")
    assert row["latitude"] == "58,5375"
    assert row["longitude"] == "15,0364"
    assert row["last_verified_on"] == register.last_verified_on.isoformat()
    assert row["org_id"] == "SE-ON-769600-4972"


def test_ndjson_is_the_api_representation(client, register):
    response = client.get(NDJSON)
    assert response["Content-Type"] == "application/x-ndjson"
    lines = body(response).decode().splitlines()
    items = [json.loads(line) for line in lines]
    assert [item["name"] for item in items] == [
        "Lekebergs Hembygdsförening",
        "Vätterns Verkstad",
    ]
    api = client.get(f"/api/v1/organisations/{register.slug}/").json()
    assert items[1] == api
    assert items[1]["org_id"] == "SE-ON-769600-4972"
    assert [contact["name"] for contact in items[1]["contacts"]] == [
        "Andra Synliga",
        "Synlig Kontakt",
    ]
    assert len(items[1]["municipalities"]) == 3 and len(items[1]["activity_areas"]) == 3


def test_hsds_is_one_document_with_its_licence(client, register):
    response = client.get(HSDS)
    assert response["Content-Type"] == "application/json"
    document = json.loads(body(response))
    assert document["license"] == opendata.LICENCE_URL
    assert document["source"].endswith(HSDS)
    organisations = document["contents"]
    assert [item["name"] for item in organisations] == [
        "Lekebergs Hembygdsförening",
        "Vätterns Verkstad",
    ]
    api = client.get(organisations[1]["url"]).json()
    assert organisations[1] == api
    identifier = organisations[1]["organization_identifiers"][0]
    assert (identifier["identifier_scheme"], identifier["identifier"]) == ("SE-ON", "769600-4972")


@pytest.mark.parametrize("url", FILES)
def test_the_directory_filters_hold(client, register, url):
    for query, expected in [
        ({"municipality": "1814"}, {"Lekebergs Hembygdsförening"}),
        ({"kind": "social_enterprise"}, {"Vätterns Verkstad"}),
        ({"q": "verkstad"}, {"Vätterns Verkstad"}),
        ({"q": "verkstd"}, {"Vätterns Verkstad"}),  # corrected as in the directory
        ({"q": "769600-4972"}, {"Vätterns Verkstad"}),
        (
            {"ceased": "on"},
            {"Lekebergs Hembygdsförening", "Vätterns Verkstad", "Nedlagda föreningen"},
        ),
        ({"municipality": "1814", "kind": "social_enterprise"}, set()),
    ]:
        text = body(client.get(url, query)).decode("utf-8-sig")
        found = {name for name in expected if name in text}
        assert found == expected, (url, query)
        others = {"Lekebergs Hembygdsförening", "Vätterns Verkstad", "Nedlagda föreningen"}
        assert not any(name in text for name in others - expected), (url, query)


@pytest.mark.parametrize("url", FILES)
def test_bad_filters_are_a_400_that_says_why(client, register, url):
    response = client.get(url, {"kind": "nonsense", "goal": "x"})
    assert response.status_code == 400
    assert b"kind" in response.content


@pytest.mark.parametrize("url", FILES)
def test_nothing_unpublished_and_no_contact_without_consent(client, register, url):
    text = body(client.get(url, {"ceased": "on"})).decode("utf-8-sig")
    assert "Utkastet" not in text
    assert "Dold Kontakt" not in text and "dold@example.se" not in text
    assert "Synlig Kontakt" in text


@pytest.mark.parametrize("url", FILES)
def test_a_client_with_the_current_file_gets_304(client, register, url):
    response = client.get(url)
    body(response)
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    register.name = "Vätterns Cykelverkstad"
    register.save()
    assert client.get(url, headers={"if-none-match": response["ETag"]}).status_code == 200


def test_the_page_describes_every_file(client, register):
    response = client.get("/oppna-data/")
    assert response.status_code == 200
    text = response.content.decode()
    for url in FILES:
        assert f'href="{url}"' in text
    assert opendata.LICENCE_URL in text
    assert "CC0 1.0" in text
    assert "org_id" in text


def test_the_directory_links_to_the_files_with_its_filters(client, register):
    text = client.get("/organisationer/", {"kind": "social_enterprise", "page": "1"}).content
    text = text.decode()
    for url in FILES:
        assert f'href="{url}?kind=social_enterprise"' in text
    assert 'href="/oppna-data/"' in text


def test_the_detail_page_shows_the_org_id(client, register):
    text = client.get(f"/organisationer/{register.slug}/").content.decode()
    assert "SE-ON-769600-4972" in text


def test_no_query_per_row(client):
    for number in range(3):
        OrganisationFactory(name=f"Förening {number}")

    def queries(url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            body(client.get(url))
        return len(captured)

    for url in FILES:
        queries(url)  # the data versions and reference lists, read once per process
    few = {url: queries(url) for url in FILES}
    for number in range(3, 40):
        OrganisationFactory(name=f"Förening {number}")
    many = {url: queries(url) for url in FILES}
    assert few == many


# --- Memory ----------------------------------------------------------------------------


def _register(count: int, start: int) -> None:
    legal_form = LegalForm.objects.get(code="61")
    created = Organisation.objects.bulk_create(
        Organisation(
            name=f"Förening {number:05d}",
            slug=f"forening-{number}",
            legal_form=legal_form,
            kind=Organisation.Kind.ASSOCIATION,
            home_municipality_id="0583",
            presentation="En förening bland många i registret över den sociala ekonomin.",
            publication_state=Organisation.PublicationState.PUBLISHED,
        )
        for number in range(start, start + count)
    )
    through = Organisation.municipalities.through
    through.objects.bulk_create(
        through(organisation_id=organisation.pk, municipality_id="0583") for organisation in created
    )


def _peak(write) -> int:
    tracemalloc.start()
    try:
        write()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


WRITERS = {
    "csv": lambda request, queryset: opendata.csv_download(
        request, queryset, opendata.OPEN_DATA_CSV, "organisationer"
    ),
    "ndjson": opendata.ndjson_download,
    "hsds": opendata.hsds_download,
}


@pytest.mark.parametrize("fmt", WRITERS)
def test_memory_stays_flat_for_the_whole_register(fmt):
    request = RequestFactory().get("/oppna-data/")

    def download():
        _directory, queryset = opendata.organisations({})
        response = WRITERS[fmt](request, queryset)
        size = 0
        for chunk in response.streaming_content:  # read as the server sends it
            size += len(chunk)
        assert size > 0

    _register(1000, 0)
    small = _peak(download)
    _register(3000, 1000)
    large = _peak(download)
    # Four times the rows: far less than four times the memory (chunks of 500).
    assert large < small * 1.5, (small, large)


def test_the_officers_export_has_the_org_id(client, register):
    from tests.partnerships.factories import OfficerFactory

    client.force_login(OfficerFactory(username="motala", municipalities=["0583"]))
    response = client.get("/handlaggare/registret/export.csv")
    text = body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    row = next(row for row in rows if row["Namn"] == "Vätterns Verkstad")
    assert row["Organisationsidentitet"] == "SE-ON-769600-4972"
    assert row["Organisationsnummer"] == "769600-4972"


@pytest.mark.parametrize("url", [*FILES, "/oppna-data/bidrag-360giving.json"])
def test_an_address_downloading_too_often_is_asked_to_wait(client, register, settings, url):
    """Whole files per address are limited (shared by every app server through the
    database); a 304 is free, and another address is not held back."""
    settings.OPEN_DATA_DOWNLOAD_RATE = "2/hour"
    first = client.get(url)
    assert first.status_code == 200
    b"".join(first.streaming_content)
    for _ in range(3):  # still current: 304s, never counted
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert "För många nedladdningar" in refused.content.decode()
    assert client.get(url, REMOTE_ADDR="192.0.2.77").status_code == 200
