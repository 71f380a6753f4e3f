"""The directory's matches per municipality on a map without JavaScript, with the same
figures in a table: ``/organisationer/kommuner/``."""

import re

import pytest
from django.urls import reverse

from registry.models import Municipality, Organisation
from registry.services import RESERVED_SLUGS
from tests.factories import OrganisationFactory

MAP_URL = "/organisationer/kommuner/"


@pytest.fixture
def places(db):
    return {code: Municipality.objects.get(code=code) for code in ("0583", "0580", "1814")}


@pytest.fixture
def register(places):
    """Motala: two associations and a cooperative that also works in Linköping; Lekeberg:
    one association; and entries the public never sees, or sees only on asking."""
    motala, linkoping, lekeberg = places["0583"], places["0580"], places["1814"]
    OrganisationFactory(name="Motala Idrottsförening", home_municipality=motala)
    OrganisationFactory(name="Motala Läsecirkel", home_municipality=motala)
    OrganisationFactory(
        name="Östgöta Kooperativ",
        kind=Organisation.Kind.COOPERATIVE,
        home_municipality=motala,
        municipalities=[motala, linkoping],
    )
    OrganisationFactory(name="Lekebergs Hembygdsförening", home_municipality=lekeberg)
    for state in ("draft", "pending", "hidden"):
        OrganisationFactory(
            name=f"Dold {state}", home_municipality=lekeberg, publication_state=state
        )
    OrganisationFactory(
        name="Nedlagda föreningen",
        home_municipality=lekeberg,
        status="ceased",
        ceased_on="2020-01-01",
    )


def figures(response) -> dict[str, int]:
    """The table's figures by municipality code (only those above zero)."""
    html = response.content.decode()
    table = html[html.index("<table") :]
    found = re.findall(r'data-code="(\d{4})">([\d\xa0 ]+)</td>', table)
    return {code: int(re.sub(r"\D", "", n)) for code, n in found if int(re.sub(r"\D", "", n))}


def test_the_url():
    assert reverse("registry:municipality-map") == MAP_URL
    assert "kommuner" in RESERVED_SLUGS  # no organisation's page could live there


def test_counts_where_each_organisation_works(client, register):
    response = client.get(MAP_URL)
    assert response.status_code == 200
    # The cooperative counts in Motala and in Linköping; the hidden and the ceased
    # entries nowhere.
    assert figures(response) == {"0583": 3, "0580": 1, "1814": 1}
    assert response.context["found"].matches == 4
    html = response.content.decode()
    assert "<svg" in html and 'role="group"' in html
    assert "<title>Motala: 3 organisationer</title>" in html
    assert "<title>Linköping: 1 organisation</title>" in html
    assert "<title>Ale: 0 organisationer</title>" in html
    assert "Dold" not in html and "Nedlagda" not in html


def test_the_table_matches_the_map(client, register):
    response = client.get(MAP_URL)
    html = response.content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    on_map = {
        name: int(n)
        for name, n in re.findall(r"<title>([^<:]+): (\d+) organisation(?:er)?</title>", svg)
    }
    rows = re.findall(
        r'<th scope="row">(?:<a href="[^"]*">)?([^<]+)(?:</a>)?</th>\s*'
        r'<td class="text-end" data-code="\d{4}">(\d+)</td>',
        html,
    )
    assert len(rows) == 290 == len(on_map)
    assert {name: int(n) for name, n in rows} == on_map


def test_ceased_organisations_are_counted_when_asked_for(client, register):
    assert figures(client.get(MAP_URL, {"ceased": "on"}))["1814"] == 2


def test_the_directory_s_filters_and_search_are_honoured(client, register):
    assert figures(client.get(MAP_URL, {"kind": "cooperative"})) == {"0583": 1, "0580": 1}
    assert figures(client.get(MAP_URL, {"municipality": "0580"})) == {"0583": 1, "0580": 1}
    assert figures(client.get(MAP_URL, {"county": "18"})) == {"1814": 1}
    assert figures(client.get(MAP_URL, {"q": "Läsecirkel"})) == {"0583": 1}
    # A misspelling is corrected as in the list, and said.
    corrected = client.get(MAP_URL, {"q": "Hembygdsförning"})
    assert figures(corrected) == {"1814": 1}
    assert corrected.context["found"].corrected_query


def test_each_municipality_leads_to_the_directory_filtered_on_it(client, register):
    response = client.get(MAP_URL, {"kind": "association", "page": "3"})
    html = response.content.decode()
    link = "/organisationer/?kind=association&amp;municipality=0583"
    assert f'<a href="{link}" aria-label="Motala: 2 organisationer">' in html  # on the map
    assert f'<a href="{link}">Motala</a>' in html  # in the table
    areas = {area.code: area for area in response.context["map"].areas}
    assert areas["0580"].url is None  # nothing to find there: no link
    assert 'href="/organisationer/?kind=association&amp;page' not in html
    assert 'href="/organisationer/?kind=association"' in html  # back to the list


def test_a_skip_link_passes_the_map(client, register):
    html = client.get(MAP_URL).content.decode()
    skip = html.index('href="#organisations-map-table"')
    assert skip < html.index("<svg") < html.index('id="organisations-map-table"')
    assert "Hoppa över kartan" in html


def test_the_directory_links_to_the_map_with_its_search(client, register):
    html = client.get("/organisationer/", {"kind": "cooperative", "page": "1"}).content.decode()
    assert 'href="/organisationer/kommuner/?kind=cooperative"' in html


@pytest.mark.parametrize(
    "query",
    [{"municipality": "9999"}, {"kind": "nonsense"}, {"q": "x" * 500}, {"goal": "abc"}],
)
def test_bad_input_shows_the_form_s_errors(client, register, query):
    response = client.get(MAP_URL, query)
    assert response.status_code == 200
    assert figures(response) == {}
    assert "error-summary" in response.content.decode()


def test_only_reading(client):
    assert client.post(MAP_URL).status_code == 405


def test_in_english(client, register):
    html = client.get("/en" + MAP_URL).content.decode()
    assert "<title>Motala: 3 organisations</title>" in html
    assert "Skip the map" in html


@pytest.mark.parametrize("search", [{}, {"q": "förening"}, {"kind": "association"}])
def test_the_query_count_does_not_grow(client, places, django_assert_num_queries, search):
    """The versions; the count of matches; the grouped count per municipality. The
    municipality list comes from the reference cache. Few rows or many: the same."""
    client.get(MAP_URL, {"q": "uppvärmning"})  # the reference lists are now cached

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(MAP_URL, search).status_code == 200
        return len(queries)

    for code in ("0583", "1814"):
        OrganisationFactory(name="En förening", home_municipality=places[code])
    few = count()
    for code in ("0583", "0580", "1814") * 10:
        OrganisationFactory(name="En förening till", home_municipality=places[code])
    assert count() == few <= 4
    with django_assert_num_queries(1):  # the same search again: from the cache
        client.get(MAP_URL, search)
