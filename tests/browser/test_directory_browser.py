"""The public directory in a real browser: search, filters, detail, language, accessibility."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import (
    ActivityArea,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
    Organisation,
)
from tests.browser.axe import assert_no_axe_violations
from tests.factories import ContactPersonFactory, OrganisationFactory, make_org_number

# live_server runs in another thread, so the tests need real commits (transaction=True);
# serialized_rollback=True puts back the reference data the data migrations loaded,
# which the flush at the end of each transactional test would otherwise remove.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIST_URL = "/organisationer/"


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.fixture
def verkstad():
    """A work-integrating social enterprise with every field filled in."""
    organisation = OrganisationFactory(
        name="Vätterns Verkstad",
        slug="vatterns-verkstad",
        alternate_names="VV\nCykelverkstaden i Motala",
        org_number=make_org_number("7"),
        legal_form=LegalForm.objects.get(code="51"),
        kind=Organisation.Kind.SOCIAL_ENTERPRISE,
        work_integrating=True,
        presentation="Vi lagar cyklar och ger människor en väg tillbaka till arbete.",
        description="Verkstaden startade 2012.\n\nI dag arbetar tolv personer här.",
        founded_year=2012,
        # Long addresses without a hyphen to break at: they must wrap at 320 px too.
        website="https://www.vatternsarbetsintegrerandeverkstad.example.se/cykelverkstaden",
        email="bokningochinformation@vatternsarbetsintegrerandeverkstad.example.se",
        phone="0141-22 33 44",
        street_address="Hamngatan 1",
        postal_code="591 86",
        city="Motala",
        latitude="58.537800",
        longitude="15.036500",
        employees=12,
        people_in_work_integration=8,
        offers="Cykelservice och reparationer för kommunens verksamheter.",
        sells_to_public_sector=True,
        sells_to_business=True,
        municipalities=[
            Municipality.objects.get(code="0583"),
            Municipality.objects.get(code="0580"),
        ],
        activity_areas=list(ActivityArea.objects.all()[:2]),
        global_goals=list(GlobalGoal.objects.filter(number__in=[8, 10, 12])),
    )
    organisation.offer_categories.set(OfferCategory.objects.all()[:2])
    ContactPersonFactory(
        organisation=organisation,
        name="Anna Andersson",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Bertil Berg",
        role="Verksamhetsledare",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(organisation=organisation, name="Hemlig Person", show_publicly=False)
    return organisation


@pytest.fixture
def directory(verkstad):
    """The full entry, a ceased one, and three that the search and filters must leave out."""
    ceased = OrganisationFactory(
        name="Gamla Verkstadsföreningen",
        slug="gamla-verkstadsforeningen",
        status=Organisation.Status.CEASED,
        ceased_on=timezone.localdate() - datetime.timedelta(days=400),
        presentation="Föreningen drev en verkstad för unga.",
    )
    OrganisationFactory(name="Verkstad för alla", presentation="Öppen verkstad varje tisdag.")
    OrganisationFactory(name="Bokcirkeln i Motala", presentation="Vi läser böcker tillsammans.")
    OrganisationFactory(  # a long Swedish compound word must wrap on a phone
        name="Arbetsintegreringskooperativet Vätterstranden",
        slug="arbetsintegreringskooperativet",
        kind=Organisation.Kind.COOPERATIVE,
        legal_form=LegalForm.objects.get(code="51"),
        org_number=make_org_number("7"),
        work_integrating=True,
        presentation="Kooperativet driver ett café och en cateringfirma.",
    )
    return {"verkstad": verkstad, "ceased": ceased}


def test_search_and_filter_are_kept_in_a_shareable_url(page, directory):
    page.goto(LIST_URL)
    expect(page.get_by_role("heading", name="4 organisationer hittades")).to_be_visible()

    page.get_by_label("Sök", exact=True).fill("verkstad")
    page.get_by_label("Typ", exact=True).select_option(label="Socialt företag")
    page.get_by_label("Arbetsintegrerande", exact=True).select_option(label="Ja")
    page.get_by_role("button", name="Visa resultat").click()

    expect(page.get_by_role("heading", name="1 organisation hittades")).to_be_visible()
    results = page.get_by_role("list", name="1 organisation hittades")
    expect(results.get_by_role("listitem")).to_have_count(1)
    expect(results.get_by_role("link")).to_have_text(["Vätterns Verkstad"])
    query = query_of(page.url)
    assert query["q"] == ["verkstad"]
    assert query["kind"] == ["social_enterprise"]
    assert query["work_integrating"] == ["true"]

    # The URL is the whole state: opened afresh, it shows the same results and form.
    shared = page.context.new_page()
    shared.goto(page.url)
    expect(shared.get_by_role("heading", name="1 organisation hittades")).to_be_visible()
    expect(shared.get_by_label("Sök", exact=True)).to_have_value("verkstad")
    expect(shared.get_by_label("Typ", exact=True)).to_have_value("social_enterprise")
    expect(shared.get_by_label("Arbetsintegrerande", exact=True)).to_have_value("true")


def test_a_result_opens_the_detail_page(page, directory):
    page.goto(f"{LIST_URL}?q=verkstad")
    page.get_by_role("link", name="Vätterns Verkstad").click()

    expect(page).to_have_url(f"{LIST_URL}vatterns-verkstad/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vätterns Verkstad")
    main = page.locator("main")
    expect(main).to_contain_text("Vi lagar cyklar och ger människor en väg tillbaka")
    expect(main).to_contain_text("Ekonomisk förening")
    expect(main).to_contain_text("Hamngatan 1")
    expect(main.get_by_role("heading", name="Kontaktpersoner")).to_be_visible()
    expect(main).to_contain_text("Anna Andersson")
    expect(main).to_contain_text("Bertil Berg, Verksamhetsledare")
    expect(main).not_to_contain_text("Hemlig Person")
    expect(main).not_to_contain_text("Organisationen har upphört")
    breadcrumb = page.get_by_role("navigation", name="Brödsmulor")
    expect(breadcrumb.get_by_role("link", name="Katalog")).to_be_visible()


def test_the_ceased_notice_shows_on_a_ceased_organisation(page, directory):
    page.goto(directory["ceased"].get_absolute_url())
    notice = page.get_by_role("note")
    expect(notice.get_by_role("heading", name="Organisationen har upphört")).to_be_visible()


def test_language_switch_to_english_keeps_the_page_and_filters(page, directory):
    page.goto(f"{LIST_URL}?kind=social_enterprise")
    expect(page.locator("html")).to_have_attribute("lang", "sv")

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Directory of organisations")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert urlsplit(page.url).path == "/en/organisationer/"
    assert query_of(page.url) == {"kind": ["social_enterprise"]}
    expect(page.get_by_label("Kind", exact=True)).to_have_value("social_enterprise")


def test_language_switch_back_to_swedish(page, directory):
    page.goto(f"/en{LIST_URL}?kind=social_enterprise")

    with page.expect_navigation():
        page.get_by_role("button", name="Svenska").click()
    assert urlsplit(page.url).path == LIST_URL
    assert query_of(page.url) == {"kind": ["social_enterprise"]}
    assert page.locator("html").get_attribute("lang") == "sv"
    expect(page.get_by_role("heading", level=1)).to_have_text("Katalog över organisationer")


AXE_PAGES = {
    "home": "/",
    "list": LIST_URL,
    "list-page-2": f"{LIST_URL}?page=2",
    "list-search": f"{LIST_URL}?q=verkstad&sort=name",
    "list-no-results": f"{LIST_URL}?q=finnsintealls",
    "list-ceased-left-out": f"{LIST_URL}?q=verkstad",
    "list-ceased-included": f"{LIST_URL}?q=verkstad&ceased=on",
    "list-corrected": f"{LIST_URL}?q=verkstd",
    "list-org-number": f"{LIST_URL}?q=16{{org_number}}",
    "list-ceased-left-out-en": f"/en{LIST_URL}?q=verkstad",
    "list-filter-error": f"{LIST_URL}?kind=bogus&work_integrating=kanske",
    "detail-full": f"{LIST_URL}vatterns-verkstad/",
    "detail-ceased": f"{LIST_URL}gamla-verkstadsforeningen/",
    "home-en": "/en/",
    "list-en": f"/en{LIST_URL}",
    "list-filter-error-en": f"/en{LIST_URL}?kind=bogus",
    "detail-full-en": f"/en{LIST_URL}vatterns-verkstad/",
    "detail-ceased-en": f"/en{LIST_URL}gamla-verkstadsforeningen/",
}


@pytest.mark.parametrize("url", AXE_PAGES.values(), ids=AXE_PAGES.keys())
def test_public_pages_have_no_axe_violations(page, directory, settings, url):
    settings.REGISTRY_PAGE_SIZE = 3  # so that the list pages show the pagination too
    response = page.goto(url.format(org_number=directory["verkstad"].org_number))
    assert response.status == 200
    assert_no_axe_violations(page)


def test_ceased_organisations_are_left_out_until_asked_for(page, directory):
    page.goto(f"{LIST_URL}?q=verkstad")
    results = page.locator("ol.result-list")
    expect(results).not_to_contain_text("Gamla Verkstadsföreningen")
    page.get_by_text("1 organisation som har upphört matchar också men visas inte.").wait_for()
    page.get_by_role("link", name="Ta med dem").click()
    expect(results).to_contain_text("Gamla Verkstadsföreningen")
    expect(page.get_by_label("Ta med organisationer som har upphört")).to_be_checked()
    assert query_of(page.url)["ceased"] == ["on"]


def test_axe_helper_reports_violations(page):
    """The helper must fail on a known violation, or the zero counts above mean nothing."""
    page.set_content("<!doctype html><html><head><title>t</title></head><body><img src=x></body>")
    with pytest.raises(AssertionError, match=r"image-alt \(critical\)"):
        assert_no_axe_violations(page)


def test_filter_errors_are_summarised(page, directory):
    page.goto(f"{LIST_URL}?kind=bogus")
    summary = page.get_by_role("alert")
    expect(summary.get_by_role("heading", name="Något behöver rättas")).to_be_visible()
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Typ", exact=True)).to_be_focused()


NARROW_PAGES = {
    "list": LIST_URL,
    "detail-long-addresses": f"{LIST_URL}vatterns-verkstad/",
    "detail-long-name": f"{LIST_URL}arbetsintegreringskooperativet/",
}


@pytest.mark.parametrize("url", NARROW_PAGES.values(), ids=NARROW_PAGES.keys())
def test_narrow_screen_has_no_horizontal_scroll(page, directory, url):
    """WCAG 1.4.10 Reflow: content fits 320 CSS pixels without scrolling sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 320, f"{url} is {scroll_width}px wide at a 320px viewport"
    assert_no_axe_violations(page)


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, directory):
    page.goto(LIST_URL)
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Hoppa till huvudinnehållet")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()

    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")  # on from main, not from the top of the page
    expect(page.get_by_label("Sök", exact=True)).to_be_focused()
