"""The officers' register in a real browser: the list and its filters, a bulk action's
confirmation, the edit form and its error state, the conflict page, the contact persons;
axe on each, and the keyboard alone for the ways through."""

import pytest
from playwright.sync_api import expect

from registry.models import Organisation
from tests.browser.helpers import AxeAudit, lindens_forening, sign_in, tab_to
from tests.factories import OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def officer():
    user = make_officer(municipalities=("0583",))
    return user


@pytest.fixture
def linden():
    return lindens_forening()  # published, in Motala, with a public contact person


def submit(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_the_register_pages_and_their_error_states_pass_axe(page, officer, linden):
    OrganisationFactory(
        name="Dolda Föreningen", publication_state=Organisation.PublicationState.HIDDEN
    )
    OrganisationFactory(name="Lekebergs Lag", home_municipality_id="1814")
    audit = AxeAudit(page)
    sign_in(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Registret", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registret")
    expect(page.get_by_role("row", name="Lekebergs Lag")).to_contain_text("Nej")
    audit.check("list")
    audit.visit("list, a filter value not offered", "/handlaggare/registret/?state=okand")

    # A bulk action with nothing chosen: the summary says what is missing.
    page.goto("/handlaggare/registret/")
    submit(page, "Fortsätt")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("list, bulk action with nothing chosen")

    # Choose a row and "hide", with the keyboard alone.
    tab_to(page, f"input[name=selected][value='{linden.pk}']")
    page.keyboard.press("Space")
    tab_to(page, "input[name=action][value=publish]")  # the group's first radio button
    page.keyboard.press("ArrowDown")  # arrows move along the group, choosing
    expect(page.get_by_label("Dölj", exact=True)).to_be_checked()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta: Dölj")
    expect(page.locator("main")).to_contain_text("Lindens Förening")
    audit.check("bulk action confirmation")
    submit(page, "Dölj: 1 organisation")
    expect(page.locator(".messages [role=status]")).to_have_text("1 organisation doldes.")
    linden.refresh_from_db()
    assert linden.publication_state == Organisation.PublicationState.HIDDEN

    # The edit form, and its error state.
    page.get_by_role("link", name="Lindens Förening").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ändra Lindens Förening")
    audit.check("edit")
    page.get_by_label("Namn", exact=False).first.fill("")
    submit(page, "Spara ändringarna")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_org-name")).to_be_focused()
    audit.check("edit, with an error")

    # Someone else saves while the form is open: the save is refused, nothing is lost.
    page.goto(f"/handlaggare/registret/{linden.pk}/")
    page.locator("#id_org-presentation").fill("Min nya text.")
    other = Organisation.objects.get(pk=linden.pk)
    other.presentation = "Deras text."
    other.save()
    submit(page, "Spara ändringarna")
    conflict = page.get_by_role("alert").filter(has_text="Någon annan har sparat posten")
    expect(conflict).to_be_visible()
    expect(conflict.get_by_role("row", name="Kort presentation")).to_contain_text("Deras text.")
    expect(page.locator("#id_org-presentation")).to_have_value("Min nya text.")
    audit.check("edit, refused: someone else saved")
    submit(page, "Spara ändringarna")  # a deliberate second save wins
    expect(page.locator(".messages [role=status]")).to_have_text("Ändringarna är sparade.")
    linden.refresh_from_db()
    assert linden.presentation == "Min nya text."

    # Contact persons, and adding one without the consent that showing them needs.
    page.get_by_role("link", name="Kontaktpersoner").first.click()
    audit.check("contacts")
    page.locator("#id_contact-name").fill("Nils Nilsson")
    page.locator("#id_contact-show_publicly").check()
    submit(page, "Lägg till kontaktpersonen")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("contacts, public without consent")
    page.get_by_role("link", name="Ändra Lena Lind").click()
    audit.check("contact edit")

    audit.visit("create", "/handlaggare/registret/ny/")
    submit(page, "Lägg till organisationen")
    audit.check("create, sent empty")
    audit.assert_clean()
