"""History, restore, the duplicates report and merging, in a real browser, with axe on
every page and error state, and the keyboard."""

import pytest
from playwright.sync_api import expect

from registry import history
from registry.history import Source
from registry.models import Organisation, OrganisationRedirect
from tests.browser.helpers import NARROW, PASSWORD, AxeAudit, assert_fits, sign_in
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def officer():
    user = OfficerFactory(
        username="handlaggare", first_name="Lena", last_name="Berg", municipalities=["0583"]
    )
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def twins():
    kept = OrganisationFactory(
        name="Lindens förening",
        slug="lindens-forening",
        email="info@linden.example.se",
        phone="0141-123 45",
    )
    other = OrganisationFactory(
        name="Föreningen Linden",
        slug="foreningen-linden",
        email="info@linden.example.se",
        phone="",
        city="Motala",
    )
    ContactPersonFactory(organisation=other, name="Karin Ek")
    return kept, other


def test_history_and_restore_with_axe_and_the_keyboard(page, officer, twins):
    kept, _other = twins
    with history.source(Source.OFFICER):
        kept.name = "Lindens förening i Motala"
        kept.save()
    sign_in(page)
    audit = AxeAudit(page)

    page.goto(kept.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("link", name="Historik").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Historik: Lindens förening i Motala")
    newest = page.locator(".history-version").first
    expect(newest).to_contain_text("Lindens förening i Motala")
    expect(newest).to_contain_text("Källa: Handläggare")
    audit.check("history of the organisation")
    audit.visit(
        "history of the contact persons",
        f"/handlaggare/organisationer/{kept.slug}/historik/kontaktpersoner/",
    )

    page.goto(f"/handlaggare/organisationer/{kept.slug}/historik/")
    restore = page.get_by_role("link", name="Återställ den här versionen").last
    restore.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Återställ en tidigare version")
    expect(page.locator("table")).to_contain_text("Lindens förening i Motala")
    audit.check("restore confirmation")

    # Someone saves the entry meanwhile: the restore is refused, with a message.
    Organisation.objects.filter(pk=kept.pk).update(version=kept.version + 5)
    with page.expect_navigation():
        page.get_by_role("button", name="Återställ den här versionen").click()
    expect(page.locator(".error-summary")).to_contain_text("Någon sparade posten")
    audit.check("restore refused: changed since")
    assert Organisation.objects.get(pk=kept.pk).name == "Lindens förening i Motala"

    with page.expect_navigation():
        page.get_by_role("button", name="Återställ den här versionen").click()
    expect(page.locator(".alert-success, [role=status]").first).to_contain_text("återställd")
    assert Organisation.objects.get(pk=kept.pk).name == "Lindens förening"
    audit.check("history after restoring")

    page.set_viewport_size(NARROW)
    page.goto(f"/handlaggare/organisationer/{kept.slug}/historik/")
    assert_fits(page)
    audit.check("history at 320 px")
    audit.assert_clean()


def test_duplicates_report_dismiss_and_merge_with_axe(page, officer, twins):
    kept, other = twins
    sign_in(page)
    audit = AxeAudit(page)

    page.goto("/handlaggare/")
    with page.expect_navigation():
        page.get_by_role("link", name="Möjliga dubbletter").click()
    pair = page.locator(".duplicate-pair")
    expect(pair).to_have_count(1)
    expect(pair).to_contain_text("Samma e-postadress")
    audit.check("duplicates report")

    with page.expect_navigation():
        pair.get_by_role("link", name="Slå ihop paret").click()
    audit.check("merge form")
    with page.expect_navigation():
        page.get_by_role("button", name="Slå ihop posterna").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Välj vilken post som behålls")
    audit.check("merge form with errors")
    summary.get_by_role("link", name="Välj vilken post som behålls").click()
    expect(page.get_by_label("Lindens förening", exact=True)).to_be_focused()

    page.get_by_label("Lindens förening", exact=True).check()
    # Phone: the kept entry's; city: the other's (preselected, the kept one has none).
    for group in page.locator("div.choice-list:has(input[name^=field_])").all():
        radios = group.locator("input[type=radio]")
        if not radios.first.is_checked() and not radios.last.is_checked():
            radios.first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Slå ihop posterna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Historik: Lindens förening")
    audit.check("history after the merge")

    survivor = Organisation.objects.get(pk=kept.pk)
    assert survivor.city == "Motala" and survivor.phone == "0141-123 45"
    assert "Föreningen Linden" in survivor.alternate_name_list
    assert not Organisation.objects.filter(pk=other.pk).exists()
    assert OrganisationRedirect.objects.get(old_slug="foreningen-linden").organisation == survivor
    response = page.goto("/organisationer/foreningen-linden/")
    assert response.url.endswith("/organisationer/lindens-forening/")

    # A pair dismissed stays dismissed and is listed among the dismissed.
    third = OrganisationFactory(name="Kvarnen", email="info@linden.example.se")
    page.goto("/handlaggare/dubbletter/")
    with page.expect_navigation():
        page.locator(".duplicate-pair").get_by_role(
            "button", name="Inte samma organisation"
        ).click()
    expect(page.locator(".duplicate-pair")).to_have_count(0)
    audit.check("duplicates report, empty")
    with page.expect_navigation():
        page.get_by_role("link", name="Par som avfärdats som olika organisationer").click()
    expect(page.locator("main")).to_contain_text(third.name)
    audit.check("dismissed pairs")
    audit.assert_clean()
