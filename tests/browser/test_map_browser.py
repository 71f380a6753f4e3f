"""The organisations' map in a real browser: on the directory (behind "Visa karta", the
current search's organisations in clusters and markers) and on a detail page, with tiles
from the live test server (tests/browser/map_tiles.py) and nothing from outside."""

import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from registry import maps
from registry.models import Municipality, Organisation
from tests.browser import map_tiles
from tests.browser.axe import assert_no_axe_violations
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIST_URL = "/organisationer/"
LOCAL_HOSTS = {"localhost", "127.0.0.1"}


@pytest.fixture
def tiles(settings, live_server):
    settings.ROOT_URLCONF = "tests.browser.map_tiles"
    settings.MAP_TILE_URL = live_server.url + map_tiles.TILE_PATH
    map_tiles.served.clear()
    return map_tiles.served


@pytest.fixture
def requests_seen(page):
    """Every URL the page asks for, to check that none leaves the machine."""
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def assert_all_local(urls):
    outside = [url for url in urls if urlsplit(url).hostname not in LOCAL_HOSTS]
    assert not outside, f"requests left the machine: {outside}"


def at(latitude, longitude, **fields):
    return OrganisationFactory(
        latitude=Decimal(latitude).quantize(Decimal("0.000001")),
        longitude=Decimal(longitude).quantize(Decimal("0.000001")),
        **fields,
    )


@pytest.fixture
def organisations(monkeypatch):
    """Eight in Motala, three in Fjugesta, one in Umeå; more than MAX_POINTS, so the
    country's view shows clusters."""
    monkeypatch.setattr(maps, "MAX_POINTS", 5)
    for i in range(8):
        at(58.5378 + 0.02 * i, 15.0372, name=f"Motalaförening {i}")
    lekeberg = Municipality.objects.get(code="1814")
    for i in range(3):
        at(59.174, 14.869 + 0.002 * i, name=f"Fjugestaförening {i}", home_municipality=lekeberg)
    umea = Municipality.objects.get(code="2480")
    return at(
        63.8258,
        20.263,
        name="Umeå kooperativ",
        home_municipality=umea,
        kind=Organisation.Kind.COOPERATIVE,
    )


def settled(page):
    """The map has stopped moving and has its answer for where it stands."""
    page.wait_for_function(
        """() => {
            const map = document.querySelector("#directory-map");
            return !map.hasAttribute("aria-busy")
                && !map.classList.contains("leaflet-zoom-anim")
                && map.dataset.mapZoom !== undefined;
        }"""
    )
    page.wait_for_timeout(400)  # past the request's debounce of 150 ms


def open_map(page):
    page.goto(LIST_URL)
    toggle = page.get_by_role("button", name="Visa karta")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(page.get_by_role("button", name="Dölj karta")).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#directory-map")).to_be_visible()


def test_directory_map_shows_clusters_and_markers_with_local_tiles(
    page, tiles, requests_seen, organisations
):
    open_map(page)
    status = page.locator("[data-map-status]")
    expect(status).to_have_text("12 organisationer i den här delen av kartan")
    clusters = page.locator(".map-cluster")
    expect(clusters.first).to_be_visible()
    assert sorted(clusters.all_inner_texts()) == ["3", "8"]
    # Umeå is alone in its cell: a marker of its own, named.
    umea = page.get_by_role("button", name="Umeå kooperativ")
    expect(umea).to_be_visible()
    umea.click()
    link = page.locator(".leaflet-popup").get_by_role("link", name="Umeå kooperativ")
    expect(link).to_have_attribute("href", organisations.get_absolute_url())
    expect(page.locator(".leaflet-tile-loaded").first).to_be_visible()
    assert tiles, "no tile was asked of the live server"
    assert_no_axe_violations(page)

    # A cluster zooms in when pressed, until Motala's organisations stand one by one.
    element = page.locator("#directory-map")
    first = page.get_by_role("button", name=re.compile("^Motalaförening")).first
    for _ in range(8):
        settled(page)
        if first.count():
            break
        zoom = int(element.get_attribute("data-map-zoom"))
        counts = [int(text) for text in page.locator(".map-cluster").all_inner_texts()]
        page.locator(".map-cluster").nth(counts.index(max(counts))).click()  # Motala's
        expect(element).not_to_have_attribute("data-map-zoom", str(zoom))
    expect(first).to_be_visible()
    assert_all_local(requests_seen)


def test_the_map_shows_the_current_search_only(page, tiles, requests_seen, organisations):
    page.goto(LIST_URL + "?kind=cooperative")
    page.get_by_role("button", name="Visa karta").click()
    expect(page.locator("[data-map-status]")).to_have_text(
        "1 organisation i den här delen av kartan"
    )
    expect(page.get_by_role("button", name="Umeå kooperativ")).to_be_visible()
    assert page.locator(".map-cluster").count() == 0
    assert_all_local(requests_seen)


def test_keyboard_users_can_skip_the_map(page, tiles, organisations):
    open_map(page)
    expect(page.locator("[data-map-status]")).not_to_be_empty()
    page.get_by_role("button", name="Dölj karta").focus()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Hoppa över kartan")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#after-map")).to_be_focused()
    page.keyboard.press("Tab")
    # Past the map: the first result in the list, the way to the same information.
    focused = page.evaluate("document.activeElement.closest('.result-list') !== null")
    assert focused


def test_the_map_stays_shown_while_paging_and_can_be_hidden(page, tiles, organisations):
    open_map(page)
    page.reload()
    expect(page.locator("#directory-map")).to_be_visible()
    page.get_by_role("button", name="Dölj karta").click()
    expect(page.locator("#directory-map")).to_be_hidden()
    page.reload()
    expect(page.locator("#directory-map")).to_be_hidden()


def test_without_tiles_the_markers_show_on_a_plain_background(
    page, settings, requests_seen, organisations
):
    settings.MAP_TILE_URL = ""
    open_map(page)
    expect(page.locator(".map-cluster").first).to_be_visible()
    assert page.locator(".leaflet-tile").count() == 0
    assert_no_axe_violations(page)
    assert_all_local(requests_seen)


def test_detail_page_shows_the_organisation_on_the_map(page, tiles, requests_seen, organisations):
    page.goto(organisations.get_absolute_url())
    region = page.get_by_role("region", name="Plats")
    expect(region).to_be_visible()
    expect(region.locator(".leaflet-marker-icon")).to_have_attribute("alt", "Umeå kooperativ")
    expect(region.locator(".leaflet-tile-loaded").first).to_be_visible()
    expect(page.get_by_text("Latitud 63,8258, longitud 20,2630")).to_be_visible()
    assert tiles
    assert_no_axe_violations(page)
    # The skip link leads past the map.
    page.get_by_role("link", name="Hoppa över kartan").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#after-location-map")).to_be_focused()
    assert_all_local(requests_seen)


def test_detail_page_without_a_position_has_no_map(page, tiles, requests_seen):
    organisation = OrganisationFactory(name="Utan plats")
    page.goto(organisation.get_absolute_url())
    expect(page.get_by_role("heading", name="Utan plats")).to_be_visible()
    assert page.locator("[data-map]").count() == 0
    assert not any("leaflet" in url for url in requests_seen)
