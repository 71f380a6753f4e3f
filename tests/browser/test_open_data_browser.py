"""The open-data page and the directory's download links in a real browser: no axe
violations (in Swedish, in English, at 320 px), and the links keep the directory's
filters."""

import pytest
from playwright.sync_api import expect

from registry.models import Organisation
from tests.browser.axe import assert_no_axe_violations
from tests.factories import OrganisationFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def organisations():
    OrganisationFactory(name="Vätterns Verkstad", kind=Organisation.Kind.SOCIAL_ENTERPRISE)
    OrganisationFactory(name="Motala Hembygdsförening")


def test_the_open_data_page_has_no_axe_violations(page, organisations):
    response = page.goto("/oppna-data/")
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Öppna data: ladda ner registret")
    expect(page.get_by_role("link", name="Creative Commons CC0 1.0")).to_be_visible()
    page.get_by_text("fält").first.click()  # open a table of fields
    expect(page.get_by_role("table", name="Fält i Registret som CSV")).to_be_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_no_axe_violations(page)


def test_the_open_data_page_in_english_has_no_axe_violations(page, organisations):
    page.goto("/en/oppna-data/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data: download the register")
    assert_no_axe_violations(page)


def test_the_directory_links_to_the_files_with_its_filters(page, organisations):
    page.goto("/organisationer/?kind=social_enterprise")
    downloads = page.get_by_role("region", name="Ladda ner")
    expect(downloads).to_be_visible()
    expect(downloads.get_by_role("link", name="CSV", exact=True)).to_have_attribute(
        "href", "/oppna-data/organisationer.csv?kind=social_enterprise"
    )
    assert_no_axe_violations(page)
    with page.expect_download() as download:
        downloads.get_by_role("link", name="CSV för Excel").click()
    path = download.value.path()
    text = path.read_text(encoding="utf-8-sig")
    assert "Vätterns Verkstad" in text
    assert "Motala Hembygdsförening" not in text
    link = page.get_by_role("link", name="Om filerna och deras licens")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/organisationer/')[0]}/oppna-data/")
