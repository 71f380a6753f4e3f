"""The read API: endpoints, the directory's search and filters, paging, harvesting,
validators, throttling, CORS and the query count."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry.api.hsds import pk_from_hsds_id
from registry.models import ActivityArea, GlobalGoal, Municipality, Organisation
from tests.api.conftest import get_json
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory, PolicyGoalFactory

pytestmark = pytest.mark.django_db

ORGS = "/api/v1/organisations/"


@pytest.fixture(autouse=True)
def generous_throttle(settings):
    settings.API_THROTTLE_RATE = "100000/minute"


def names(body) -> list[str]:
    return [row["name"] for row in body["results"]]


def test_the_root_lists_every_endpoint_the_schema_and_the_docs(client):
    body = get_json(client, "/api/v1/")
    assert set(body["endpoints"]) == {
        "organisations",
        "hsds-organizations",
        "municipalities",
        "counties",
        "legal-forms",
        "activity-areas",
        "global-goals",
        "offer-categories",
        "efforts",
        "policy-documents",
        "policy-goals",
    }
    for url in body["endpoints"].values():
        assert client.get(url).status_code == 200
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    schema = client.get("/api/v1/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organisations/{slug}/" in schema["paths"]


def test_an_organisation_in_full_with_its_org_id(client):
    lekeberg = Municipality.objects.get(code="1814")
    organisation = OrganisationFactory(
        name="Lekebergs Arbetskooperativ",
        slug="lekebergs-arbetskooperativ",
        org_number="769600-4972",
        legal_form_id="51",
        kind=Organisation.Kind.SOCIAL_ENTERPRISE,
        home_municipality=lekeberg,
        alternate_names="LAK\nArbetskooperativet",
        activity_areas=[ActivityArea.objects.get(slug="employment")],
        global_goals=[GlobalGoal.objects.get(number=8)],
        latitude="59.2", longitude="14.9",
    )  # fmt: skip
    body = get_json(client, f"{ORGS}lekebergs-arbetskooperativ/")
    assert body["org_id"] == "SE-ON-769600-4972"
    assert body["org_number"] == "769600-4972"
    assert body["legal_form"] == "51"
    assert body["kind"] == "social_enterprise"
    assert body["alternate_names"] == ["LAK", "Arbetskooperativet"]
    assert body["home_municipality"] == {"code": "1814", "name": "Lekeberg", "county": "18"}
    assert body["municipalities"] == ["1814"]
    assert body["activity_areas"] == ["employment"]
    assert body["global_goals"] == [8]
    assert body["latitude"] == 59.2
    assert body["web_url"] == "http://testserver/organisationer/lekebergs-arbetskooperativ/"
    assert body["url"] == "http://testserver/api/v1/organisations/lekebergs-arbetskooperativ/"
    assert body["contacts"] == []
    assert body["updated_at"]
    # English asked for: the same answer (the data carries both languages).
    english = client.get(f"{ORGS}{organisation.slug}/", headers={"accept-language": "en"})
    assert english.json() == body


def test_the_directory_filters_and_search_apply(client):
    lekeberg = Municipality.objects.get(code="1814")
    employment = ActivityArea.objects.get(slug="employment")
    OrganisationFactory(
        name="Lekebergs Arbetskooperativ",
        kind="social_enterprise",
        work_integrating=True,
        home_municipality=lekeberg,
        activity_areas=[employment],
    )
    OrganisationFactory(name="Motala Hembygdsförening", kind="association")
    OrganisationFactory(name="Upphörda föreningen", status="ceased", ceased_on="2024-01-01")
    assert names(get_json(client, f"{ORGS}?kind=social_enterprise")) == [
        "Lekebergs Arbetskooperativ"
    ]
    assert names(get_json(client, f"{ORGS}?municipality=1814&work_integrating=true")) == [
        "Lekebergs Arbetskooperativ"
    ]
    assert names(get_json(client, f"{ORGS}?county=18&area=employment")) == [
        "Lekebergs Arbetskooperativ"
    ]
    assert names(get_json(client, f"{ORGS}?q=hembygd")) == ["Motala Hembygdsförening"]
    # Ceased ones only when asked for, like the directory.
    assert "Upphörda föreningen" not in names(get_json(client, ORGS))
    assert "Upphörda föreningen" in names(get_json(client, f"{ORGS}?ceased=true"))
    # A misspelling is corrected, and the answer says so.
    corrected = get_json(client, f"{ORGS}?q=hembygdsforenign")
    assert names(corrected) == ["Motala Hembygdsförening"]
    assert corrected["corrected_query"]


def test_bad_parameters_are_a_400_with_a_message(client):
    for query in ("municipality=9999", "kind=nothing", "goal=x", "per_page=1000", "page=0",
                  "page=abc", "modified_after=yesterday", "sort=random"):  # fmt: skip
        response = client.get(f"{ORGS}?{query}")
        assert response.status_code == 400, query
        assert response.json(), query


def test_pages_with_next_links_and_a_bounded_per_page(client, settings):
    for index in range(5):
        OrganisationFactory(name=f"Förening {index}")
    first = get_json(client, f"{ORGS}?per_page=2")
    assert names(first) == ["Förening 0", "Förening 1"]
    assert first["count"] == 5 and first["previous"] is None
    second = get_json(client, first["next"])
    assert names(second) == ["Förening 2", "Förening 3"]
    third = get_json(client, second["next"])
    assert names(third) == ["Förening 4"] and third["next"] is None
    assert get_json(client, third["previous"])["results"] == second["results"]
    assert get_json(client, f"{ORGS}?per_page=2&page=9")["results"] == []
    settings.API_MAX_PAGE_SIZE = 3
    assert client.get(f"{ORGS}?per_page=4").status_code == 400


def test_modified_after_and_sort_modified_harvest_changes(client):
    old = OrganisationFactory(name="Gammal")
    newer = OrganisationFactory(name="Nyare")
    Organisation.objects.filter(pk=old.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=10)
    )
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    response = client.get(ORGS, {"modified_after": since, "sort": "modified"})
    assert names(response.json()) == ["Nyare"]
    everything = client.get(ORGS, {"sort": "modified"}).json()
    assert names(everything) == ["Gammal", "Nyare"]
    assert everything["results"][1]["slug"] == newer.slug


def test_etag_and_last_modified_give_304_until_the_register_changes(client):
    organisation = OrganisationFactory(name="Förening")
    first = client.get(ORGS)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert etag.startswith('"') and last_modified
    again = client.get(ORGS, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert client.get(ORGS, headers={"if-modified-since": last_modified}).status_code == 304
    # Another query is another answer.
    assert (
        client.get(f"{ORGS}?kind=cooperative", headers={"if-none-match": etag}).status_code == 200
    )
    # A change to the register, however written, is a new version.
    Organisation.objects.filter(pk=organisation.pk).update(presentation="Ny text")
    changed = client.get(ORGS, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_contact_giving_consent_changes_the_organisations_etag(client):
    organisation = OrganisationFactory(name="Förening", slug="forening")
    url = f"{ORGS}forening/"
    etag = client.get(url)["ETag"]
    contact = ContactPersonFactory(organisation=organisation, name="Anna Kontakt")
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200
    etag = client.get(url)["ETag"]
    contact.show_publicly, contact.consent_given_at = True, timezone.now()
    contact.save()
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200
    assert response.json()["contacts"][0]["name"] == "Anna Kontakt"


def test_efforts_have_their_etag_from_the_effort_log(client):
    effort = EffortFactory(title="Insatsen")
    url = f"/api/v1/efforts/{effort.pk}/"
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    effort.title = "Insatsen, omdöpt"
    effort.save()
    assert client.get(url, headers={"if-none-match": etag}).status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_a_list_page_costs_the_same_queries_whatever_its_size(client, rows):
    areas = list(ActivityArea.objects.all()[:2])
    for index in range(rows):
        organisation = OrganisationFactory(activity_areas=areas, global_goals=[1, 8])
        ContactPersonFactory(
            organisation=organisation, show_publicly=index % 2 == 0,
            consent_given_at=timezone.now() if index % 2 == 0 else None,
        )  # fmt: skip
    client.get(ORGS)  # the reference lists of the filters are cached from now on
    counts = {}
    for url in (f"{ORGS}?per_page={rows}", f"/api/v1/hsds/organizations/?per_page={rows}"):
        with CaptureQueriesContext(connection) as queries:
            body = get_json(client, url)
        assert len(body["results"]) == rows
        counts[url.split("?")[0]] = len(queries)
    # The throttle (a savepoint here, the lock, the count, the insert, its release), the
    # versions, the count, the page's keys, the rows, four many-to-many lists and the
    # public contacts; as many for 3 rows as for 30.
    assert counts == {ORGS: QUERIES, "/api/v1/hsds/organizations/": QUERIES}


QUERIES = 14


def test_an_effort_list_costs_the_same_queries_whatever_its_size(client):
    unit = MunicipalUnitFactory()
    goal = PolicyGoalFactory()
    organisations = [OrganisationFactory() for _ in range(3)]
    for _ in range(20):
        EffortFactory(responsible_unit=unit, organisations=organisations, goals=[goal])
    counts = []
    for rows in (2, 20):
        with CaptureQueriesContext(connection) as queries:
            body = get_json(client, f"/api/v1/efforts/?per_page={rows}")
        assert len(body["results"]) == rows
        counts.append(len(queries))
    assert body["results"][0]["goals"][0]["code"] == goal.code
    assert len(body["results"][0]["organisations"]) == 3
    # The throttle (a savepoint here, the lock, the count, the insert, its release), the
    # versions, the page, its organisations and its goals, the count.
    assert counts == [10, 10]


def test_reference_lists_cost_the_same_queries_whatever_their_size(client):
    client.get("/api/v1/municipalities/")  # the reference lists' version exists from now on
    counts = []
    for rows in (2, 100):
        with CaptureQueriesContext(connection) as queries:
            body = get_json(client, f"/api/v1/municipalities/?per_page={rows}")
        assert len(body["results"]) == rows
        counts.append(len(queries))
    # The throttle (five, as above), the versions, the page and the count.
    assert counts == [8, 8]


def test_efforts_with_amounts_goals_and_filters(client):
    lekeberg_unit = MunicipalUnitFactory(municipality_id="1814", name="Kommunstyrelsen")
    organisation = OrganisationFactory(name="Mottagaren", org_number="802002-4280")
    goal = PolicyGoalFactory(code="M4", name_sv="Starta sociala företag")
    EffortFactory(
        title="IOP i Lekeberg", kind="iop", responsible_unit=lekeberg_unit,
        amount_awarded="250000.00", amount_paid="100000.00",
        organisations=[organisation], goals=[(goal, "Startstöd")],
        start_date=datetime.date(2024, 5, 1),
    )  # fmt: skip
    EffortFactory(title="Bidrag i Motala", kind="grant", start_date=datetime.date(2023, 1, 1))
    body = get_json(client, "/api/v1/efforts/?municipality=1814")
    assert [row["title"] for row in body["results"]] == ["IOP i Lekeberg"]
    effort = body["results"][0]
    assert effort["amount_awarded"] == "250000.00" and effort["currency"] == "SEK"
    assert effort["amount_paid"] == "100000.00"
    assert effort["municipality"] == "1814"
    assert effort["organisations"][0]["org_id"] == "SE-ON-802002-4280"
    assert effort["organisations"][0]["role"] == "recipient"
    assert effort["goals"][0] == {
        "id": goal.pk, "document": goal.document_id, "code": "M4",
        "name_sv": "Starta sociala företag", "name_en": goal.name_en, "note": "Startstöd",
    }  # fmt: skip
    years = get_json(client, "/api/v1/efforts/?year=2023")
    assert [row["title"] for row in years["results"]] == ["Bidrag i Motala"]
    kinds = get_json(client, "/api/v1/efforts/?kind=iop")
    assert [row["title"] for row in kinds["results"]] == ["IOP i Lekeberg"]


def test_policy_documents_with_their_goals(client):
    body = get_json(client, "/api/v1/policy-documents/?municipality=0583")
    motala = body["results"][0]
    assert motala["title"].startswith("Policy för social ekonomi")
    assert [goal["code"] for goal in motala["goals"]][:2] == ["M1", "M2"]
    goals = get_json(client, f"/api/v1/policy-goals/?document={motala['id']}&per_page=100")
    assert len(goals["results"]) == len(motala["goals"])


def test_reference_lists(client):
    municipalities = get_json(client, "/api/v1/municipalities/?per_page=100")
    assert municipalities["count"] == 290
    assert get_json(client, "/api/v1/municipalities/0583/") == {
        "code": "0583", "name": "Motala", "county": "05",
    }  # fmt: skip
    assert get_json(client, "/api/v1/counties/")["count"] == 21
    assert get_json(client, "/api/v1/global-goals/8/")["number"] == 8
    assert get_json(client, "/api/v1/legal-forms/00/")["code"] == "00"
    assert get_json(client, "/api/v1/activity-areas/employment/")["slug"] == "employment"
    assert get_json(client, "/api/v1/offer-categories/")["count"] >= 1
    assert get_json(client, "/api/v1/municipalities/?county=18")["count"] == 12


def test_hsds_organization_with_location_contact_and_service(client):
    organisation = OrganisationFactory(
        name="Hsds-föreningen", org_number="802002-4280", phone="0141-12345",
        street_address="Storgatan 1", postal_code="591 86", city="Motala",
        latitude="58.54", longitude="15.04",
        last_verified_on=datetime.date(2026, 3, 1),
    )  # fmt: skip
    ContactPersonFactory(
        organisation=organisation, name="Eva Ordförande", role="Ordförande",
        show_publicly=True, consent_given_at=timezone.now(),
    )  # fmt: skip
    listed = get_json(client, "/api/v1/hsds/organizations/")["results"][0]
    assert pk_from_hsds_id("organization", listed["id"]) == organisation.pk
    body = get_json(client, listed["url"])
    assert body == listed
    assert body["name"] == "Hsds-föreningen"
    assert body["organization_identifiers"][0]["identifier_scheme"] == "SE-ON"
    assert body["organization_identifiers"][0]["identifier"] == "802002-4280"
    assert body["phones"][0]["number"] == "0141-12345"
    assert body["contacts"][0]["name"] == "Eva Ordförande"
    assert body["contacts"][0]["title"] == "Ordförande"
    location = body["locations"][0]
    assert location["latitude"] == 58.54
    assert location["addresses"][0]["postal_code"] == "591 86"
    assert location["addresses"][0]["state_province"] == "Östergötlands län"
    assert location["addresses"][0]["country"] == "SE"
    service = body["services"][0]
    assert service["assured_date"] == "2026-03-01"
    assert service["status"] == "active"
    assert client.get("/api/v1/hsds/organizations/00000000-0000-0000-0000-000000000000/")\
        .status_code == 404  # fmt: skip


def test_only_reading_is_allowed(client):
    for url in (ORGS, "/api/v1/", "/api/v1/efforts/", "/api/v1/schema/", "/api/v1/docs/"):
        assert client.post(url, {}).status_code == 405, url
        assert client.delete(url).status_code == 405, url


def test_the_throttle_counts_per_address_in_the_database(client, settings):
    settings.API_THROTTLE_RATE = "3/minute"
    for _ in range(3):
        assert client.get(ORGS, REMOTE_ADDR="192.0.2.1").status_code == 200
    refused = client.get("/api/v1/efforts/", REMOTE_ADDR="192.0.2.1")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 60
    # Another address has its own count.
    assert client.get(ORGS, REMOTE_ADDR="192.0.2.2").status_code == 200
    # The count is in the database: a fresh client (another app server) sees it.
    from tests.conftest import CommittingClient

    assert CommittingClient().get(ORGS, REMOTE_ADDR="192.0.2.1").status_code == 429
    from registry.models import RateLimitHit

    assert RateLimitHit.objects.count() == 4


def test_cors_is_open_for_get_on_the_api_only(client):
    origin = {"origin": "https://kommun.example.se"}
    response = client.get(ORGS, headers=origin)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Credentials" not in response
    preflight = client.options(
        ORGS, headers={**origin, "access-control-request-method": "GET",
                       "access-control-request-headers": "if-none-match"},
    )  # fmt: skip
    assert preflight.status_code == 200
    assert set(preflight["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}
    assert "if-none-match" in preflight["Access-Control-Allow-Headers"]
    page = client.get("/organisationer/", headers=origin)
    assert "Access-Control-Allow-Origin" not in page


def test_other_pages_keep_the_strict_csp(client):
    page = client.get("/organisationer/")
    policy = page["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    docs = client.get("/api/v1/docs/")
    assert "script-src 'self'" in docs["Content-Security-Policy"]


def test_an_unknown_path_or_format_is_a_json_404(client):
    for url in ("/api/v1/nothing/", "/api/v1/organisations/a.b/", f"{ORGS}?format=api"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url


def test_the_schema_in_swedish_or_english(client):
    swedish = client.get("/api/v1/schema/?format=json").json()
    english = client.get("/api/v1/schema/?format=json&lang=en").json()
    assert swedish["paths"].keys() == english["paths"].keys()
    parameters = english["paths"]["/api/v1/organisations/"]["get"]["parameters"]
    assert {"q", "kind", "municipality", "modified_after", "page", "per_page"} <= {
        parameter["name"] for parameter in parameters
    }
    assert client.get("/api/v1/schema/?lang=zz").status_code == 200


def test_the_docs_page_describes_every_operation_in_both_languages(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    swedish = client.get("/api/v1/docs/").content.decode()
    english = client.get("/en/api/v1/docs/").content.decode()
    assert "<h1>Öppna data (API)</h1>" in swedish
    assert "<h1>Open data API</h1>" in english
    for path in schema["paths"]:
        assert f"<code>GET {path}</code>" in swedish
        assert f"<code>GET {path}</code>" in english
    assert "<script" not in swedish.split("</main>")[0].split("<main")[1]


def test_the_throttle_rate_is_read_strictly():
    from django.core.exceptions import ImproperlyConfigured

    from socialeconomy.env import parse_rate

    assert parse_rate("120/minute") == (120, datetime.timedelta(minutes=1))
    assert parse_rate("30/10s") == (30, datetime.timedelta(seconds=10))
    assert parse_rate("1000 / hour") == (1000, datetime.timedelta(hours=1))
    for bad in ("120", "0/minute", "120/fortnight", "x/minute", ""):
        with pytest.raises(ImproperlyConfigured):
            parse_rate(bad)


def test_every_page_links_to_the_docs_in_its_footer(client):
    assert '<a href="/api/v1/docs/">Öppna data (API)</a>' in client.get("/").content.decode()
    english = client.get("/en/organisationer/").content.decode()
    assert '<a href="/en/api/v1/docs/">Open data API</a>' in english


def test_a_harvest_by_next_links_skips_nothing_while_entries_change(client):
    """sort=modified pages by the last row seen: an entry changed mid-walk moves to the
    end (and comes again there) without pushing the row at the next page's edge past it."""
    start = timezone.now() - datetime.timedelta(days=30)
    made = []
    for i in range(6):
        organisation = OrganisationFactory(name=f"Förening {i}")
        Organisation.objects.filter(pk=organisation.pk).update(
            updated_at=start + datetime.timedelta(days=i)
        )
        made.append(organisation)
    seen = []
    page = client.get(ORGS, {"sort": "modified", "per_page": 2}).json()
    seen += names(page)
    assert page["previous"] is None
    # Someone edits the first entry while the harvester is between pages.
    first = Organisation.objects.get(pk=made[0].pk)
    first.presentation = "Ändrad"
    first.save()
    while page["next"]:
        asked = parse_qs(urlsplit(page["next"]).query)
        assert "page" not in asked and "after" in asked
        page = client.get(page["next"]).json()
        seen += names(page)
    assert seen == [f"Förening {i}" for i in range(6)] + ["Förening 0"]


def test_after_is_for_the_harvesting_order_and_checked(client):
    OrganisationFactory()
    assert client.get(ORGS, {"after": "2026-01-01T00:00:00+00:00_1"}).status_code == 400
    for bad in ("x", "2026-01-01_1", "2026-01-01T00:00:00+00:00_x", "_5"):
        response = client.get(ORGS, {"sort": "modified", "after": bad})
        assert response.status_code == 400, bad
        assert "after" in response.json()
