"""The public statistics in a real browser: every chart drawn beside its table, the
municipality chooser by keyboard, and axe (WCAG 2.0/2.1 A and AA) on the pages, the
chooser's error state included, on a desktop and at 320 px."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.helpers import AxeAudit
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROW = {"width": 320, "height": 800}
ALL_DRAWN = (
    "() => document.querySelectorAll('canvas[data-chart]').length > 0"
    " && [...document.querySelectorAll('canvas[data-chart]')]"
    ".every((c) => window.Chart && window.Chart.getChart(c))"
)


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def register():
    year = timezone.localdate().year
    unit = MunicipalUnitFactory(municipality_id="0583", name="Socialförvaltningen")
    enterprise = OrganisationFactory(kind="social_enterprise", founded_year=year - 4)
    OrganisationFactory(kind="association", founded_year=1995)
    OrganisationFactory(
        kind="social_enterprise",
        founded_year=year - 5,
        status="ceased",
        ceased_on=datetime.date(year - 2, 6, 1),
    )
    EffortFactory(
        responsible_unit=unit,
        kind="iop",
        start_date=datetime.date(year - 3, 1, 1),
        end_date=datetime.date(year - 1, 12, 31),
        status="completed",
        amount_awarded=Decimal("300000"),
        payments=[
            (datetime.date(year - 3, 2, 1), "100000"),
            (datetime.date(year - 2, 2, 1), "100000"),
        ],
        organisations=[enterprise],
    )


@pytest.mark.parametrize("viewport", ["desktop", "320px"])
def test_the_statistics_pages_pass_axe(page, register, viewport):
    if viewport == "320px":
        page.set_viewport_size(NARROW)
    audit = AxeAudit(page)
    for state, url in [
        ("statistics", "/statistik/"),
        ("statistics, Motala", "/statistik/0583/"),
        ("statistics, English", "/en/statistik/0583/"),
    ]:
        audit.visit(state, url)
        page.wait_for_function(ALL_DRAWN)
        audit.check(f"{state}, charts drawn")
        if viewport == "320px":
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways at 320 px by {overflow} px"
    audit.visit("statistics, chooser error", "/statistik/?kommun=9999")
    expect(page.locator(".error-summary")).to_be_visible()
    audit.assert_clean()


def test_each_chart_has_its_table_and_the_chooser_works_by_keyboard(page, register):
    page.goto("/statistik/")
    page.wait_for_function(ALL_DRAWN)
    sections = page.locator("section.indicator")
    assert sections.count() == 6
    for index in range(sections.count()):
        section = sections.nth(index)
        expect(section.locator("table caption")).to_be_visible()
        expect(section.locator(".indicator-definition")).to_be_visible()
        canvas = section.locator("canvas[data-chart]")
        assert canvas.count() == 1
        assert canvas.get_attribute("role") == "img" and canvas.get_attribute("aria-label")
    page.get_by_label("Kommun", exact=True).focus()
    page.get_by_label("Kommun", exact=True).select_option("0583")
    page.get_by_label("Kommun", exact=True).press("Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.url.split("/statistik/")[0] + "/statistik/0583/")
    expect(page.locator("h1")).to_have_text("Statistik: Motala")


def test_linked_from_the_start_page(page):
    page.goto("/")
    page.get_by_role("link", name="Statistik").first.click()
    expect(page.locator("h1")).to_have_text("Statistik om den sociala ekonomin")
