"""The read API's documentation page in a real browser: in the portal's look, made
from the schema, every endpoint reachable by keyboard, and no axe violations."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.axe import assert_no_axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

DOCS_URL = "/api/v1/docs/"


def test_the_docs_page_has_no_axe_violations_in_swedish_and_at_320_px(page):
    response = page.goto(DOCS_URL)
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Öppna data (API)")
    # The portal's look: its header, navigation and footer.
    expect(page.get_by_role("link", name="Registret för social ekonomi")).to_be_visible()
    expect(page.get_by_role("navigation", name="Huvudmeny")).to_be_visible()
    # Made from the schema: each operation with its parameters in a captioned table.
    expect(page.get_by_role("heading", name="GET /api/v1/organisations/", exact=True))\
        .to_be_visible()  # fmt: skip
    expect(page.get_by_role("table", name="Parametrar för /api/v1/organisations/", exact=True))\
        .to_be_visible()  # fmt: skip
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)


def test_the_docs_page_in_english_has_no_axe_violations(page):
    page.goto(f"/en{DOCS_URL}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data API")
    assert_no_axe_violations(page)


def test_an_endpoint_link_moves_to_its_description_by_keyboard(page):
    page.goto(DOCS_URL)
    link = page.get_by_role("link", name="GET /api/v1/efforts/", exact=True)
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#op-api-v1-efforts$"))
    expect(page.locator("#op-api-v1-efforts")).to_be_in_viewport()


def test_the_page_loads_nothing_from_another_host(page, live_server):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(DOCS_URL)
    expect(page.get_by_role("link", name="/api/v1/schema/")).to_have_attribute(
        "href", "/api/v1/schema/"
    )
    expect(page.get_by_role("link", name="/api/v1/", exact=True)).to_have_attribute(
        "href", "/api/v1/"
    )
    assert requested and all(url.startswith(live_server.url) for url in requested)
    assert any("/static/" in url for url in requested)
