"""The organisations' map data (registry:map-data, registry/maps.py): the directory's
search in a view, clustered on a grid in SQL."""

import datetime
import math
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import maps
from registry.models import Municipality, Organisation
from registry.models.organisation import MAP_GRID_CELLS
from socialeconomy.env import tile_source
from tests.factories import OrganisationFactory

URL = "/organisationer/karta/"
SWEDEN = "10,55,25,69"
# Motala's centre and Lekeberg's (Fjugesta): 0.4 degrees apart.
MOTALA = (Decimal("58.537800"), Decimal("15.037200"))
FJUGESTA = (Decimal("59.174000"), Decimal("14.869000"))


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def place(at, *, north=0.0, east=0.0, **fields):
    latitude, longitude = at
    return OrganisationFactory(
        latitude=(latitude + Decimal(str(north))).quantize(Decimal("0.000001")),
        longitude=(longitude + Decimal(str(east))).quantize(Decimal("0.000001")),
        **fields,
    )


def get(client, **params):
    response = client.get(URL, params)
    assert response["Content-Type"] == "application/json"
    return response


def total_of(data) -> int:
    return sum(c["count"] for c in data["clusters"]) + len(data["organisations"])


@pytest.mark.django_db
def test_url_and_name():
    assert reverse("registry:map-data") == URL


@pytest.mark.django_db
def test_few_organisations_are_listed_one_by_one(client):
    lekeberg = Municipality.objects.get(code="1814")
    one = place(FJUGESTA, name="Fjugesta hembygdsförening", home_municipality=lekeberg)
    place(MOTALA, name="Motala kooperativ", kind=Organisation.Kind.COOPERATIVE)
    OrganisationFactory(name="Utan position")  # no coordinates: not on the map

    data = get(client, bbox=SWEDEN, zoom=5).json()

    assert data["total"] == 2
    assert data["clusters"] == []
    by_name = {o["name"]: o for o in data["organisations"]}
    assert set(by_name) == {"Fjugesta hembygdsförening", "Motala kooperativ"}
    assert by_name["Fjugesta hembygdsförening"] == {
        "name": "Fjugesta hembygdsförening",
        "url": one.get_absolute_url(),
        "kind": "association",
        "kind_label": "Ideell förening",
        "lat": 59.174,
        "lon": 14.869,
    }
    assert by_name["Motala kooperativ"]["kind"] == "cooperative"


@pytest.mark.django_db
def test_many_organisations_are_clustered_with_the_right_counts(client, monkeypatch):
    monkeypatch.setattr(maps, "MAX_POINTS", 5)
    for i in range(7):
        place(MOTALA, north=0.001 * i)
    for i in range(4):
        place(FJUGESTA, east=0.001 * i)
    alone = place((Decimal("63.825800"), Decimal("20.263000")), name="Umeå ensam")

    data = get(client, bbox=SWEDEN, zoom=6).json()

    assert data["total"] == 12
    counts = sorted(c["count"] for c in data["clusters"])
    assert counts == [4, 7]
    motala = next(c for c in data["clusters"] if c["count"] == 7)
    assert motala["lat"] == pytest.approx(58.5408, abs=1e-4)  # the mean of the seven
    assert motala["lon"] == pytest.approx(15.0372, abs=1e-4)
    # A cell that holds one organisation shows it, not a cluster of one.
    assert [o["name"] for o in data["organisations"]] == [alone.name]
    assert total_of(data) == 12


@pytest.mark.django_db
def test_zoomed_in_the_cluster_opens_and_outside_the_view_is_left_out(client, monkeypatch):
    monkeypatch.setattr(maps, "MAX_POINTS", 5)
    for i in range(7):
        place(MOTALA, north=0.02 * i, east=0.03 * i)
    place(FJUGESTA)

    # Around Motala at zoom 12: Fjugesta is outside, each of the seven in its own cell.
    data = get(client, bbox="14.9,58.45,15.35,58.75", zoom=12).json()
    assert data["total"] == 7
    assert data["clusters"] == []
    assert len(data["organisations"]) == 7


@pytest.mark.django_db
def test_the_directorys_filters_and_search_apply(client):
    place(MOTALA, name="Motala kooperativ", kind=Organisation.Kind.COOPERATIVE)
    place(MOTALA, name="Motala idrottsförening", north=0.01)
    place(FJUGESTA, name="Lekebergs idrottsförening", home_municipality_id="1814")

    def names(**params):
        data = get(client, bbox=SWEDEN, zoom=5, **params).json()
        return {o["name"] for o in data["organisations"]}

    assert names(kind="cooperative") == {"Motala kooperativ"}
    assert names(q="idrottsförening") == {"Motala idrottsförening", "Lekebergs idrottsförening"}
    assert names(q="idrott", municipality="1814") == {"Lekebergs idrottsförening"}
    # A misspelt word is corrected as the directory corrects it.
    assert names(q="kooprativ") == {"Motala kooperativ"}
    assert names(q="nothingmatchesthis") == set()


@pytest.mark.django_db
def test_the_ceased_are_left_out_unless_asked_for(client):
    place(MOTALA, name="Aktiv förening")
    place(
        FJUGESTA,
        name="Nedlagd förening",
        status=Organisation.Status.CEASED,
        ceased_on=datetime.date(2024, 1, 1),
    )

    def names(**params):
        return {
            o["name"] for o in get(client, bbox=SWEDEN, zoom=5, **params).json()["organisations"]
        }

    assert names() == {"Aktiv förening"}
    assert names(ceased="on") == {"Aktiv förening", "Nedlagd förening"}


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "pending", "hidden"])
def test_unpublished_organisations_are_never_on_the_map(client, monkeypatch, state):
    place(MOTALA, name="Synlig förening")
    place(MOTALA, name="Dold förening", north=0.0001, publication_state=state)

    data = get(client, bbox=SWEDEN, zoom=5).json()
    assert data["total"] == 1
    assert [o["name"] for o in data["organisations"]] == ["Synlig förening"]
    # Nor counted in a cluster, nor found by its name.
    monkeypatch.setattr(maps, "MAX_POINTS", 0)
    cache.clear()
    data = get(client, bbox=SWEDEN, zoom=5).json()
    assert data["total"] == 1 and data["clusters"] == []
    assert get(client, bbox=SWEDEN, zoom=5, q="Dold").json()["total"] == 0


@pytest.mark.django_db
def test_the_answer_is_cached_until_the_register_changes(client):
    place(MOTALA)
    assert get(client, bbox=SWEDEN, zoom=5).json()["total"] == 1
    with CaptureQueriesContext(connection) as cached:
        assert get(client, bbox=SWEDEN, zoom=5).json()["total"] == 1
    assert not any("registry_organisation" in q["sql"] for q in cached.captured_queries)
    place(FJUGESTA)
    assert get(client, bbox=SWEDEN, zoom=5).json()["total"] == 2


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as context:
        response = get(client, **params)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db
def test_query_count_does_not_grow_with_the_organisations(client, monkeypatch):
    monkeypatch.setattr(maps, "MAX_POINTS", 3)
    place(MOTALA)
    place(FJUGESTA, east=0.5)
    get(client, bbox=SWEDEN, zoom=6)  # the reference lists' choices, cached from now on
    few = _queries(client, bbox=SWEDEN, zoom=7, kind="association")
    few_text = _queries(client, bbox=SWEDEN, zoom=7, q="förening")
    for i in range(30):
        place(MOTALA, north=0.01 * i, east=0.02 * (i % 5))
        place((Decimal("63.8"), Decimal("20.2")), north=0.3 * (i % 4))
    place((Decimal("67.85"), Decimal("20.22")))  # Kiruna, alone in its cell
    # Each new organisation changed the register's version: the answers are computed again.
    many = _queries(client, bbox=SWEDEN, zoom=7, kind="association")
    many_text = _queries(client, bbox=SWEDEN, zoom=7, q="förening")
    assert few == many <= 3  # the register's version, the cells, the organisations
    # and the count that decides on a correction; then the two SET LOCALs that keep a
    # search on the map's own index, in a transaction of their own (a savepoint here)
    assert few_text == many_text <= 8


@pytest.mark.django_db
def test_a_search_reads_the_maps_index_alone_and_leaves_the_planner_as_it_was(client):
    """The hint that keeps a free-text map search on the map's index (bitmap scans off)
    holds for the map's queries only: the rest of the transaction plans as usual."""
    from django.db import connection

    place(MOTALA)
    statements = []

    def log(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(log):
        assert get(client, bbox=SWEDEN, zoom=7, q="förening").status_code == 200
    hints = [sql for sql in statements if "enable_bitmapscan" in sql]
    assert hints == ["SET LOCAL enable_bitmapscan = off", "SET LOCAL enable_bitmapscan TO DEFAULT"]
    # between the two: the map's own queries (the cells, the organisations)
    first, last = statements.index(hints[0]), statements.index(hints[1])
    assert any("map_x" in sql for sql in statements[first:last])
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_bitmapscan")
        assert cursor.fetchone() == ("on",)
    statements.clear()
    with connection.execute_wrapper(log):
        assert get(client, bbox=SWEDEN, zoom=7, kind="association").status_code == 200
    assert not any("enable_bitmapscan" in sql for sql in statements)  # no search: no hint


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"zoom": "5"},
        {"bbox": SWEDEN},
        {"bbox": SWEDEN, "zoom": ""},
        {"bbox": "10,55,25", "zoom": "5"},
        {"bbox": "10,55,25,69,1", "zoom": "5"},
        {"bbox": "a,b,c,d", "zoom": "5"},
        {"bbox": "10,55,NaN,69", "zoom": "5"},
        {"bbox": "10,55,inf,69", "zoom": "5"},
        {"bbox": "25,55,10,69", "zoom": "5"},  # east before west
        {"bbox": "10,69,25,55", "zoom": "5"},  # north before south
        {"bbox": "10,55,10,69", "zoom": "5"},  # no width
        {"bbox": SWEDEN, "zoom": "x"},
        {"bbox": SWEDEN, "zoom": "5.5"},
        {"bbox": SWEDEN, "zoom": "-1"},
        {"bbox": SWEDEN, "zoom": "23"},
        {"bbox": SWEDEN, "zoom": "16"},  # all of Sweden cell by cell
        {"bbox": "-180,-90,180,90", "zoom": "9"},
    ],
)
def test_bad_views_answer_400_with_a_reason(client, params):
    response = get(client, **params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.django_db
def test_the_world_and_beyond_is_clamped(client):
    place(MOTALA)
    data = get(client, bbox="-400,-100,400,100", zoom=0).json()
    assert data["total"] == 1
    assert -180 <= data["bbox"][0] < data["bbox"][2] <= 180


@pytest.mark.django_db
def test_only_reads(client):
    assert client.post(URL, {"bbox": SWEDEN, "zoom": "5"}).status_code == 405


numbers = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(max_size=12),
    st.sampled_from(["", "1e400", "-0", "٣", "²", "0x10", " 5 "]),
)


@pytest.mark.django_db
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    west=numbers,
    south=numbers,
    east=numbers,
    north=numbers,
    zoom=st.one_of(st.integers(min_value=-5, max_value=30).map(str), st.text(max_size=5)),
    separator=st.sampled_from([",", ";", ", "]),
)
def test_any_parameters_answer_200_or_400_never_500(
    client, west, south, east, north, zoom, separator
):
    bbox = separator.join((west, south, east, north))
    response = client.get(URL, {"bbox": bbox, "zoom": zoom})
    assert response.status_code in (200, 400)
    body = response.json()
    if response.status_code == 400:
        assert body["error"]
    else:
        assert body["total"] == total_of(body) or body["total"] <= maps.MAX_POINTS


def test_view_cells_cover_the_bbox():
    view = maps.parse_view("14.9,58.45,15.35,58.75", "12")
    west, south, east, north = view.bounds
    assert west <= 14.9 and east >= 15.35 and south <= 58.45 and north >= 58.75
    # Whole cells of CELL_PIXELS at zoom 12: 0.0879 degrees of longitude.
    assert (east - west) / (view.x1 - view.x0 + 1) == pytest.approx(360 / 2**12 / 4)
    assert math.isclose(view.latitude(view.cells_per_world / 2), 0.0, abs_tol=1e-9)


@pytest.mark.parametrize(
    ("url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tiles.example.se:8443/a/{z}/{x}/{y}.png", "https://*.tiles.example.se:8443"),
        ("/tiles/{z}/{x}/{y}.png", None),
        ("", None),
    ],
)
def test_the_tile_host_for_the_csp_comes_from_the_url(url, source):
    assert tile_source(url) == source


def _settings_with(**env):
    clean = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    clean.update({"DEBUG": "1", **env})
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import socialeconomy.settings as s; print(' '.join(s.SECURE_CSP['img-src']))",
        ],
        cwd=Path(__file__).resolve().parent.parent.parent,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_tile_host_setting_reaches_the_csp():
    result = _settings_with(MAP_TILE_URL="https://{s}.kartor.example.se/{z}/{x}/{y}.png")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["'self'", "data:", "https://*.kartor.example.se"]
    result = _settings_with(MAP_TILE_URL="")
    assert result.stdout.split() == ["'self'", "data:"]
    result = _settings_with(MAP_TILE_URL="ftp://kartor.example.se/{z}/{x}/{y}.png")
    assert result.returncode != 0
    assert "MAP_TILE_URL" in result.stderr
    result = _settings_with(MAP_TILE_URL="https://kartor.example.se/tiles.png")
    assert result.returncode != 0


@pytest.mark.django_db
def test_the_default_tiles_are_allowed_by_the_csp(client):
    csp = client.get("/organisationer/")["Content-Security-Policy"]
    assert "img-src 'self' data: https://tile.openstreetmap.org" in csp


@pytest.mark.django_db
def test_the_directory_offers_the_map_of_its_search(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.se/{z}/{x}/{y}.png"
    place(MOTALA, name="Motala kooperativ", kind=Organisation.Kind.COOPERATIVE)
    html = client.get("/organisationer/", {"kind": "cooperative", "page": "1"}).content.decode()
    assert 'data-map="directory"' in html
    assert f'data-map-data-url="{URL}"' in html
    assert 'data-map-query="kind=cooperative"' in html  # the search, not the page
    assert 'data-tile-url="https://tiles.example.se/{z}/{x}/{y}.png"' in html
    assert 'data-tile-attribution="&amp;copy; &lt;a href=' in html
    assert 'href="#after-map">Hoppa över kartan</a>' in html
    assert "Visa karta" in html
    # Without JavaScript the button and the map stay hidden; the list is there.
    assert '<div class="map-controls" data-map-controls hidden>' in html
    assert 'id="directory-map-panel" class="map-panel" hidden' in html
    assert "Motala kooperativ" in html


@pytest.mark.django_db
def test_the_detail_page_shows_the_position(client):
    placed = place(MOTALA, name="Motala kooperativ")
    html = client.get(placed.get_absolute_url()).content.decode()
    assert 'data-map="place" data-lat="58.537800" data-lon="15.037200"' in html
    assert "Latitud 58,5378, longitud 15,0372" in html
    assert "Hoppa över kartan" in html
    assert "leaflet.js" in html
    unplaced = OrganisationFactory(name="Utan position")
    html = client.get(unplaced.get_absolute_url()).content.decode()
    assert "data-map" not in html and "leaflet" not in html


@pytest.mark.django_db
def test_the_database_keeps_each_positions_finest_cell():
    organisation = place(MOTALA)
    x, y = Organisation.objects.values_list("map_x", "map_y").get(pk=organisation.pk)
    finest = maps.View(zoom=maps.MAX_ZOOM, x0=0, x1=0, y0=0, y1=0)
    assert finest.cells_per_world == MAP_GRID_CELLS
    assert finest.longitude(x) <= 15.0372 < finest.longitude(x + 1)
    assert finest.latitude(y + 1) <= 58.5378 < finest.latitude(y)
    assert parse_cell(organisation) == (x, y)
    Organisation.objects.filter(pk=organisation.pk).update(latitude=None, longitude=None)
    assert Organisation.objects.values_list("map_x", "map_y").get(pk=organisation.pk) == (
        None,
        None,
    )


def parse_cell(organisation):
    """The finest cell Python gives the position (``maps.parse_view``)."""
    west, south = organisation.longitude, organisation.latitude
    step = Decimal("0.000001")
    view = maps.parse_view(f"{west},{south},{west + step},{south + step}", str(maps.MAX_ZOOM))
    return view.x0, view.y0


@pytest.mark.django_db
def test_a_refused_filter_is_a_400_and_never_answers_for_other_filters(client):
    """The directory's form refuses an unknown goal; the map says so, and does not cache
    the kind's answer under the key of a search whose filters it could not read."""
    place(MOTALA, kind="cooperative", name="Kooperativet")
    place(FJUGESTA, kind="association", name="Föreningen")
    refused = get(client, bbox=SWEDEN, zoom=5, kind="cooperative", goal="99")
    assert refused.status_code == 400
    assert "goal" in refused.json()["fields"]
    everything = get(client, bbox=SWEDEN, zoom=5)
    assert everything.status_code == 200
    assert everything.json()["total"] == 2
