"""Search-as-you-type in a real browser: the combobox pattern, keyboard, mouse, screen
reader announcements, accessibility, and the plain search without JavaScript."""

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from registry.models import Municipality, Organisation
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import DESKTOP
from tests.factories import OrganisationFactory

# live_server runs in another thread, so the tests need real commits (transaction=True);
# serialized_rollback=True puts back the reference data the data migrations loaded.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LIST_URL = "/organisationer/"


@pytest.fixture
def register():
    vadstena = Municipality.objects.get(code="0584")
    OrganisationFactory(name="Motala Idrottsförening", slug="motala-idrottsforening")
    OrganisationFactory(name="Motala Konstförening", slug="motala-konstforening")
    OrganisationFactory(name="Vadstena Idrottsförening", home_municipality=vadstena)
    OrganisationFactory(
        name="Motala Hemliga Sällskap", publication_state=Organisation.PublicationState.HIDDEN
    )


def field(page, name="Sök"):
    return page.get_by_role("combobox", name=name, exact=True)


def listbox(page):
    return page.locator("[role=listbox]")


def options(page):
    return listbox(page).get_by_role("option")


def live_region(page):
    return page.locator("[data-autocomplete] [role=status]")


def type_into(page, text, name="Sök"):
    combobox = field(page, name)
    combobox.click()
    combobox.press_sequentially(text, delay=30)
    return combobox


def test_typing_shows_suggestions_and_announces_how_many(page, register):
    page.goto(LIST_URL)
    combobox = field(page)
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(combobox).to_have_attribute("aria-autocomplete", "list")
    expect(listbox(page)).to_be_hidden()

    type_into(page, "mot")

    expect(listbox(page)).to_be_visible()
    expect(combobox).to_have_attribute("aria-expanded", "true")
    expect(combobox).to_have_attribute("aria-controls", listbox(page).get_attribute("id"))
    expect(page.get_by_role("listbox", name="Förslag", exact=True)).to_be_visible()
    expect(options(page).locator(".autocomplete-name")).to_have_text(
        ["Motala Konstförening", "Motala Idrottsförening"]  # shorter first; never the hidden
    )
    expect(options(page).first).to_contain_text("Motala")  # the home municipality
    expect(live_region(page)).to_have_text("2 förslag")
    expect(live_region(page)).to_have_attribute("aria-live", "polite")
    assert combobox.get_attribute("aria-activedescendant") is None  # nothing highlighted

    combobox.press_sequentially("ala idr", delay=30)
    expect(options(page)).to_have_count(1)
    expect(live_region(page)).to_have_text("1 förslag")

    combobox.fill("finnsintealls")
    expect(live_region(page)).to_have_text("Inga förslag")
    expect(listbox(page)).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")


def test_arrow_keys_highlight_options_and_enter_opens_the_highlighted_one(page, register):
    page.goto(LIST_URL)
    combobox = type_into(page, "mot")
    expect(options(page)).to_have_count(2)
    first, second = options(page).nth(0), options(page).nth(1)

    combobox.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(second).to_have_attribute("aria-selected", "false")
    expect(combobox).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(combobox).to_be_focused()  # focus stays in the field

    combobox.press("ArrowDown")
    expect(combobox).to_have_attribute("aria-activedescendant", second.get_attribute("id"))
    expect(first).to_have_attribute("aria-selected", "false")
    combobox.press("ArrowDown")  # wraps to the first
    expect(combobox).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    combobox.press("ArrowUp")  # wraps to the last
    expect(combobox).to_have_attribute("aria-activedescendant", second.get_attribute("id"))

    with page.expect_navigation():
        combobox.press("Enter")
    expect(page).to_have_url(f"{LIST_URL}motala-idrottsforening/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Motala Idrottsförening")


def test_arrow_down_before_the_suggestions_arrive_highlights_the_first(page, register):
    page.goto(LIST_URL)
    combobox = type_into(page, "mot")
    combobox.press("ArrowDown")  # at once, within the 150 ms pause or while asking

    expect(options(page).first).to_have_attribute("aria-selected", "true")
    expect(combobox).to_have_attribute("aria-activedescendant", "id_q-listbox-0")


def test_home_and_end_move_the_caret_not_the_highlight(page, register):
    page.goto(LIST_URL)
    combobox = type_into(page, "mot")
    expect(options(page)).to_have_count(2)
    combobox.press("ArrowDown")
    expect(options(page).first).to_have_attribute("aria-selected", "true")

    combobox.press("Home")
    assert combobox.get_attribute("aria-activedescendant") is None
    assert combobox.evaluate("el => el.selectionStart") == 0
    expect(combobox).to_have_value("mot")
    combobox.press("End")
    assert combobox.evaluate("el => el.selectionStart") == 3
    expect(listbox(page)).to_be_visible()


def test_escape_closes_the_list_and_a_second_escape_clears_the_field(page, register):
    page.goto(LIST_URL)
    combobox = type_into(page, "mot")
    expect(listbox(page)).to_be_visible()
    combobox.press("ArrowDown")

    combobox.press("Escape")
    expect(listbox(page)).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    assert combobox.get_attribute("aria-activedescendant") is None
    expect(combobox).to_have_value("mot")

    combobox.press("ArrowDown")  # opens again, on the first option
    expect(listbox(page)).to_be_visible()
    expect(options(page).first).to_have_attribute("aria-selected", "true")
    combobox.press("Escape")
    combobox.press("Escape")
    expect(combobox).to_have_value("")
    expect(combobox).to_have_attribute("aria-expanded", "false")


def test_tab_closes_the_list_and_moves_on(page, register):
    page.goto(LIST_URL)
    combobox = type_into(page, "mot")
    expect(listbox(page)).to_be_visible()

    combobox.press("Tab")
    expect(listbox(page)).to_be_hidden()
    expect(combobox).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_label("Typ", exact=True)).to_be_focused()


def test_enter_without_a_highlight_sends_the_search(page, register):
    page.goto(LIST_URL)
    combobox = type_into(page, "motala")
    expect(listbox(page)).to_be_visible()

    with page.expect_navigation():
        combobox.press("Enter")
    assert parse_qs(urlsplit(page.url).query)["q"] == ["motala"]
    expect(page.get_by_role("heading", name="2 organisationer hittades")).to_be_visible()


def test_a_click_on_an_option_opens_it(page, register):
    page.goto(LIST_URL)
    type_into(page, "idr")
    expect(options(page)).to_have_count(2)

    with page.expect_navigation():
        options(page).filter(has_text="Vadstena").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vadstena Idrottsförening")


def test_the_start_page_suggests_too(page, register):
    page.goto("/")
    type_into(page, "kon", name="Sök i registret")
    expect(options(page).locator(".autocomplete-name")).to_have_text(["Motala Konstförening"])
    expect(live_region(page)).to_have_text("1 förslag")

    field(page, "Sök i registret").press("ArrowDown")
    with page.expect_navigation():
        field(page, "Sök i registret").press("Enter")
    expect(page).to_have_url(f"{LIST_URL}motala-konstforening/")


def test_english_pages_suggest_english_pages(page, register):
    page.goto(f"/en{LIST_URL}")
    combobox = type_into(page, "mot", name="Search")
    expect(page.get_by_role("listbox", name="Suggestions", exact=True)).to_be_visible()
    expect(live_region(page)).to_have_text("2 suggestions")
    combobox.press_sequentially("ala k", delay=30)
    expect(live_region(page)).to_have_text("1 suggestion")

    combobox.press("ArrowDown")
    with page.expect_navigation():
        combobox.press("Enter")
    expect(page).to_have_url(f"/en{LIST_URL}motala-konstforening/")


def test_requests_wait_for_a_pause_and_two_characters(page, register):
    asked = []
    page.on("request", lambda request: "/forslag/" in request.url and asked.append(request.url))
    page.goto(LIST_URL)

    type_into(page, "m")
    page.wait_for_timeout(400)
    assert asked == []  # one character: nothing is asked
    field(page).press_sequentially("otala", delay=20)
    expect(options(page)).to_have_count(2)
    # Typed faster than the 150 ms pause, "mo", "mot" … are not all asked for.
    assert 1 <= len(asked) < 5, asked
    assert all(parse_qs(urlsplit(url).query)["q"][0].startswith("mo") for url in asked)


@pytest.mark.parametrize(("url", "name"), [(LIST_URL, "Sök"), ("/", "Sök i registret")])
def test_no_axe_violations_with_the_list_open(page, register, url, name):
    page.goto(url)
    combobox = type_into(page, "mot", name=name)
    expect(options(page)).to_have_count(2)
    combobox.press("ArrowDown")
    expect(options(page).first).to_have_attribute("aria-selected", "true")

    assert_no_axe_violations(page)


def test_without_javascript_the_plain_search_works(browser, live_server, register):
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", viewport=DESKTOP, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto(LIST_URL)
        search = page.get_by_role("searchbox", name="Sök", exact=True)
        expect(search).not_to_have_attribute("role", "combobox")
        expect(page.locator("[role=listbox]")).to_have_count(0)
        search.fill("motala")
        with page.expect_navigation():
            search.press("Enter")
        expect(page.get_by_role("heading", name="2 organisationer hittades")).to_be_visible()

        page.goto("/")
        page.get_by_role("searchbox", name="Sök i registret").fill("konst")
        with page.expect_navigation():
            page.get_by_role("button", name="Sök", exact=True).click()
        results = page.get_by_role("list", name="1 organisation hittades")
        expect(results.get_by_role("link")).to_have_text(["Motala Konstförening"])
    finally:
        context.close()
