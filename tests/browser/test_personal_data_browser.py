"""Personal data in a real browser: an administrator finds an address (with a wrong one
first), reads the rows, erases them after the confirmation; an officer reviews stale
contact data and removes a contact. axe on every page and error state."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from registry.models import ContactPerson, Erasure, Organisation
from tests.browser.helpers import PASSWORD, AxeAudit, sign_in
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "lena.lind@linden.example.se"


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


def submit(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def test_administrator_finds_and_erases_a_person(page):
    User.objects.create_superuser("admin", "admin@kommun.example.se", PASSWORD)
    organisation = OrganisationFactory(name="Lindens Förening")
    ContactPersonFactory(organisation=organisation, name="Lena Lind", email=EMAIL)
    audit = AxeAudit(page)
    sign_in(page, username="admin")
    audit.visit("find, empty", "/handlaggare/personuppgifter/")
    page.get_by_label("E-postadress").fill("lena.lind-linden")
    submit(page, "Sök")
    expect(page.locator("#id_email_error")).to_contain_text(
        "Skriv en e-postadress på formen namn@example.se."
    )
    expect(page.get_by_label("E-postadress")).to_have_value("lena.lind-linden")
    audit.check("find, invalid address")
    page.get_by_label("E-postadress").fill(EMAIL.upper())
    with page.expect_navigation():
        page.get_by_label("E-postadress").press("Enter")  # the keyboard sends the form
    expect(page.get_by_role("heading", level=2).first).to_contain_text(EMAIL)  # as stored
    expect(page.get_by_role("region", name="Kontaktpersoner (1)")).to_contain_text("Lena Lind")
    audit.check("find, results")
    with page.expect_download() as download:
        page.get_by_role("button", name="Exportera som JSON").click()
    assert download.value.suggested_filename.startswith("personuppgifter-")
    submit(page, "Radera …")
    expect(page.get_by_role("heading", level=1)).to_have_text("Radera personuppgifter")
    audit.check("erase, confirmation")
    submit(page, "Radera")
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    audit.check("erase, box not ticked")
    assert ContactPerson.objects.filter(email=EMAIL).exists()
    page.get_by_label("Jag har läst listan").check()
    submit(page, "Radera")
    erasure = Erasure.objects.get()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Radering {erasure.reference}")
    audit.check("erasure record")
    assert not ContactPerson.objects.filter(email=EMAIL).exists()
    audit.assert_clean()


def test_officer_reviews_stale_contact_data(page):
    make_officer(municipalities=("0583",))
    organisation = OrganisationFactory(name="Lindens Förening")
    contact = ContactPersonFactory(organisation=organisation, name="Lena Lind", email=EMAIL)
    ContactPerson.objects.filter(pk=contact.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=900)
    )
    Organisation.objects.filter(pk=organisation.pk).update(last_verified_on=None)
    audit = AxeAudit(page)
    sign_in(page)
    page.get_by_role("link", name="Kontaktuppgifter att se över").click()
    expect(page.get_by_role("row", name="Lena Lind")).to_contain_text("Lindens Förening")
    expect(page.get_by_role("link", name="Personuppgifter")).to_have_count(0)
    audit.check("review list")
    submit(page, "Be om kontroll (Lindens Förening)")
    expect(page.locator("main")).to_contain_text("har ombetts bekräfta sin post")
    audit.check("review list, verification asked")
    with page.expect_navigation():
        page.get_by_role("link", name="Ta bort (Lena Lind)").click()
    audit.check("remove contact")
    submit(page, "Ta bort")
    expect(page.locator("#id_confirm_error")).to_be_visible()
    audit.check("remove contact, box not ticked")
    page.get_by_label("Ta bort kontaktpersonen och hens historik").check()
    submit(page, "Ta bort")
    expect(page.locator("main")).to_contain_text("Lena Lind är borttagen från Lindens Förening.")
    audit.check("review list, empty")
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    audit.assert_clean()
