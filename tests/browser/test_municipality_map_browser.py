"""The map of the municipalities without tiles or JavaScript, in a real browser: axe
(WCAG 2.0/2.1 A and AA) on the directory's map page and the statistics pages; with
JavaScript off, the map and its table drawn all the same and the skip link past the
map's links working by keyboard.

axe itself cannot run with JavaScript off (its promise waits on timers that a page
without scripts never fires), so it audits the pages with JavaScript on: no script of
the portal touches the map, its table or the skip link, so the audited markup is the
markup a browser without JavaScript gets."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import Municipality, Organisation
from tests.browser.conftest import DESKTOP
from tests.browser.helpers import NARROW, AxeAudit
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAP_URL = "/organisationer/kommuner/"


@pytest.fixture
def register():
    motala, linkoping = (Municipality.objects.get(code=c) for c in ("0583", "0580"))
    for number in range(6):
        OrganisationFactory(name=f"Motala förening {number}", home_municipality=motala)
    OrganisationFactory(
        name="Östgöta Kooperativ",
        kind=Organisation.Kind.COOPERATIVE,
        home_municipality=motala,
        municipalities=[motala, linkoping],
    )
    OrganisationFactory(name="Dold förening", publication_state="hidden")
    year = timezone.localdate().year
    unit = MunicipalUnitFactory(municipality=motala, name="Socialförvaltningen")
    EffortFactory(responsible_unit=unit, start_date=datetime.date(year - 1, 3, 1))


@pytest.fixture
def no_script_page(browser, live_server):
    """A page in a context with JavaScript off: the map needs none."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        viewport=DESKTOP,
        reduced_motion="reduce",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _drawn(page, map_id: str) -> None:
    svg = page.locator(f"#{map_id}-heading ~ .row svg")
    expect(svg).to_be_visible()
    expect(
        svg.locator("path.map-c0, path.map-c1, path.map-c2, path.map-c3, path.map-c4, path.map-c5")
    ).to_have_count(290)
    expect(page.locator(f"#{map_id}-table tbody tr")).to_have_count(290)
    box = svg.bounding_box()
    assert box["width"] > 150 and box["height"] > 300  # drawn at a readable size


def test_the_maps_pass_axe(page, register):
    audit = AxeAudit(page)
    audit.visit("map", MAP_URL)
    _drawn(page, "organisations-map")
    expect(page.locator("#organisations-map-table")).to_contain_text("Motala")
    audit.visit("map, cooperatives", f"{MAP_URL}?kind=cooperative")
    audit.visit("map, English", f"/en{MAP_URL}?q=Motala")
    audit.visit("map, bad filter", f"{MAP_URL}?municipality=9999")
    expect(page.locator(".error-summary")).to_be_visible()
    audit.visit("statistics", "/statistik/")
    _drawn(page, "support-map")
    audit.visit("statistics, Motala", "/statistik/0583/")
    expect(page.locator("#support-map-table tr.map-current-row")).to_contain_text("Motala")
    page.set_viewport_size(NARROW)
    for state, url in [("map, 320 px", MAP_URL), ("statistics, 320 px", "/statistik/0583/")]:
        audit.visit(state, url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{url} scrolls sideways at 320 px by {overflow} px"
    audit.assert_clean()


def test_a_municipality_on_the_map_leads_to_the_directory(page, register):
    page.goto(MAP_URL)
    shape = page.locator('svg a[aria-label="Motala: 7 organisationer"]')
    expect(shape).to_have_count(1)
    with page.expect_navigation():
        shape.click()
    assert page.url.endswith("/organisationer/?municipality=0583")
    expect(page.locator("#results-heading")).to_contain_text("7")


def _tab_to(page, target) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if target.evaluate("(element) => element === document.activeElement"):
            return
    raise AssertionError("never reached by Tab")


def test_without_javascript_the_maps_and_tables_are_drawn(no_script_page, register):
    page = no_script_page
    page.goto(MAP_URL)
    _drawn(page, "organisations-map")
    expect(page.locator('svg a[aria-label="Motala: 7 organisationer"]')).to_have_count(1)
    expect(page.locator("#organisations-map-table")).to_contain_text("Motala")
    page.goto("/statistik/0583/")
    _drawn(page, "support-map")
    expect(page.locator("#support-map-table tr.map-current-row")).to_contain_text("Motala")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no javascript"])
def test_the_skip_link_passes_the_map_by_keyboard(page, no_script_page, register, javascript):
    page = page if javascript else no_script_page
    page.goto(MAP_URL)
    skip = page.locator(".map-skip-link")
    _tab_to(page, skip)
    expect(skip).to_be_visible()
    expect(skip).to_have_text("Hoppa över kartan")
    page.keyboard.press("Enter")
    table = page.locator("#organisations-map-table")
    expect(table).to_be_focused()
    page.keyboard.press("Tab")  # on into the table: the map's links are behind us
    focused = page.evaluate(
        "() => [document.activeElement.closest('svg') !== null,"
        " document.activeElement.closest('#organisations-map-table') !== null,"
        " document.activeElement.textContent]"
    )
    assert focused[:2] == [False, True], focused
    # Without the skip link, Tab walks through the map's linked municipalities.
    page.goto(MAP_URL)
    _tab_to(page, skip)
    page.keyboard.press("Tab")  # the first linked municipality on the map
    assert page.evaluate("() => document.activeElement.closest('svg') !== null")
    label = page.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert label in {"Linköping: 1 organisation", "Motala: 7 organisationer"}
