"""Registering an organisation in a real browser: the keyboard alone, the error summary,
the e-mailed confirmation, the officer's decision and axe on every page of the flow."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from registry import tokens
from registry.models import AccessLink, ContactPerson, Organisation, Submission
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import (
    NARROW,
    AxeAudit,
    assert_fits,
    emailed_link,
    focused,
    is_focused,
    officer_in_own_browser,
    pending_registration,
    tab_to,
)
from tests.factories import OrganisationFactory, make_org_number

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

URL = "/registrera/"
NAME = "Kvarnbackens Arbetskooperativ"
SUBMIT = "Skicka registreringen"
ADD_CONTACT = "Lägg till ytterligare en kontaktperson"


def fill_required(page, *, name=NAME, email="karin@kvarnbacken.example.se"):
    """The fields a registration needs, filled in the usual (mouse or touch) way."""
    page.locator("#id_org-name").fill(name)
    page.locator("#id_org-legal_form").select_option("51")
    page.locator("#id_org-kind").select_option("social_enterprise")
    page.locator("#id_org-presentation").fill("Vi driver café och catering med arbetsträning.")
    page.locator("#id_org-home_municipality").select_option(label="Motala")
    page.locator("#id_contacts-0-name").fill("Karin Andersson")
    page.locator("#id_contacts-0-email").fill(email)
    page.locator("#id_contacts-0-consent").check()


def submit(page, button=SUBMIT):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    """Bootstrap scrolls smoothly unless reduced motion is asked for, and Playwright
    waits for each smooth scroll to end before it acts: ask, and the tests run faster."""
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def officer_page(browser, live_server):
    with officer_in_own_browser(browser, live_server.url) as page:
        yield page


# --- the keyboard alone ------------------------------------------------------------------


def test_registration_can_be_completed_with_the_keyboard_alone(page):
    page.goto(URL)
    keyboard = page.keyboard

    # The skip link is the first stop; it leads into main, whose first stop is the name.
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till huvudinnehållet")).to_be_focused()
    keyboard.press("Enter")
    keyboard.press("Tab")
    assert is_focused(page, "#id_org-name"), focused(page)
    keyboard.type(NAME)

    tab_to(page, "#id_org-legal_form")
    keyboard.type("Ekonomisk")  # type-ahead in a closed select
    tab_to(page, "#id_org-kind")
    keyboard.press("ArrowDown")  # from the empty choice to "Ideell förening",
    keyboard.press("ArrowDown")  # then to "Socialt företag"
    tab_to(page, "#id_org-work_integrating")
    keyboard.press("Space")
    tab_to(page, "#id_org-presentation")
    keyboard.type("Vi driver café och catering med arbetsträning.")
    tab_to(page, "#id_org-home_municipality")
    keyboard.type("Motala")
    tab_to(page, "#id_org-postal_code")
    keyboard.type("59186")

    tab_to(page, "#id_contacts-0-name")
    keyboard.type("Karin Andersson")
    tab_to(page, "#id_contacts-0-email")
    keyboard.type("karin@kvarnbacken.example.se")
    tab_to(page, "#id_contacts-0-show_publicly")
    keyboard.press("Space")
    tab_to(page, "#id_contacts-0-consent")
    keyboard.press("Space")

    tab_to(page, "button.btn-primary[type=submit]")
    expect(page.get_by_role("button", name=SUBMIT)).to_be_focused()
    with page.expect_navigation():
        keyboard.press("Enter")

    expect(page).to_have_url("/registrera/tack/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    expect(page.locator("main")).to_contain_text("karin@kvarnbacken.example.se")
    organisation = Organisation.objects.get(name=NAME)
    assert organisation.publication_state == Organisation.PublicationState.DRAFT
    assert organisation.legal_form_id == "51"
    assert organisation.kind == Organisation.Kind.SOCIAL_ENTERPRISE
    assert organisation.work_integrating is True
    assert organisation.home_municipality.name == "Motala"
    assert organisation.postal_code == "591 86"
    contact = organisation.contacts.get()
    assert (contact.name, contact.show_publicly) == ("Karin Andersson", True)
    assert mail.outbox[-1].to == ["karin@kvarnbacken.example.se"]


def test_enter_in_a_field_sends_the_registration_not_add_another_contact(page):
    """The first button in the form is "Add another contact person"; without site.js,
    Enter in a text field would press it instead of sending the registration."""
    page.goto(URL)
    fill_required(page)
    page.locator("#id_contacts-0-email").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url("/registrera/tack/")
    assert Organisation.objects.filter(name=NAME).exists()


def test_add_another_contact_person_with_the_keyboard(page):
    page.goto(URL)
    page.locator("#id_contacts-0-name").focus()  # only to start; the rest is keys
    page.keyboard.type("Karin Andersson")
    tab_to(page, "button[name=add_contact]")
    with page.expect_navigation():
        page.keyboard.press("Space")

    # The new person's name has focus; the first person is still there.
    expect(page.get_by_role("group", name="Kontaktperson 2")).to_be_visible()
    expect(page.locator("#id_contacts-1-name")).to_be_focused()
    expect(page.locator("#id_contacts-0-name")).to_have_value("Karin Andersson")
    expect(page.locator("[data-error-summary]")).to_have_count(0)


# --- errors --------------------------------------------------------------------------------


def test_error_summary_takes_focus_links_to_each_field_and_keeps_what_was_typed(page):
    page.goto(URL)
    fill_required(page)
    page.locator("#id_org-name").fill("")
    page.locator("#id_org-postal_code").fill("7163")
    page.locator("#id_org-street_address").fill("Storgatan 1")
    page.locator("#id_contacts-0-consent").uncheck()
    submit(page)

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Fel: ")
    links = summary.get_by_role("link")
    targets = [href.lstrip("#") for href in links.evaluate_all("a => a.map(l => l.hash)")]
    assert targets == ["id_org-name", "id_org-postal_code", "id_contacts-0-consent"]

    # From the summary, the keyboard reaches the first link, which moves focus.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_org-name")).to_be_focused()
    for index, target in enumerate(targets):
        links.nth(index).click()
        expect(page.locator(f"#{target}")).to_be_focused()

    assert_no_axe_violations(page)

    # Nothing typed is lost.
    expect(page.locator("#id_org-postal_code")).to_have_value("7163")
    expect(page.locator("#id_org-street_address")).to_have_value("Storgatan 1")
    expect(page.locator("#id_org-presentation")).to_have_value(
        "Vi driver café och catering med arbetsträning."
    )
    expect(page.locator("#id_org-legal_form")).to_have_value("51")
    expect(page.locator("#id_org-home_municipality")).to_have_value("0583")
    expect(page.locator("#id_contacts-0-name")).to_have_value("Karin Andersson")
    # Each field names its error for assistive technology too.
    expect(page.locator("#id_org-postal_code")).to_have_attribute("aria-invalid", "true")
    assert not Organisation.objects.exists()

    # Corrected, it goes through.
    page.locator("#id_org-name").fill(NAME)
    page.locator("#id_org-postal_code").fill("59186")
    page.locator("#id_contacts-0-consent").check()
    submit(page)
    expect(page).to_have_url("/registrera/tack/")


def test_an_org_number_already_registered_offers_a_link_to_claim_the_entry(page):
    existing = OrganisationFactory(name="Kvarnen i Motala", org_number=make_org_number("7"))
    existing.legal_form_id = "51"
    existing.save()
    page.goto(URL)
    fill_required(page)
    page.locator("#id_org-org_number").fill(existing.org_number)
    submit(page)

    expect(page.locator("[data-error-summary]")).to_be_focused()
    main = page.locator("main")
    expect(main).to_contain_text("Kvarnen i Motala")
    claim = main.get_by_role("link", name="Är det din organisation?")
    claim.click()
    expect(page).to_have_url("/min-organisation/lank/")
    assert Organisation.objects.count() == 1


def test_a_similar_name_warns_and_the_box_sends_it_anyway(page):
    OrganisationFactory(name=NAME)
    page.goto(URL)
    fill_required(page)
    submit(page)

    warning = page.locator(".similar-warning")
    expect(
        warning.get_by_role("heading", name="Finns organisationen redan i registret?")
    ).to_be_visible()
    expect(warning.get_by_role("link", name=NAME)).to_be_visible()
    expect(warning).to_be_focused()  # like the error summary: read out first
    expect(page.locator("#id_org-name")).to_have_value(NAME)
    assert Organisation.objects.count() == 1

    page.get_by_label("Organisationen är inte någon av de liknande ovan").check()
    submit(page)
    expect(page).to_have_url("/registrera/tack/")
    assert Organisation.objects.count() == 2


# --- from registration to the public directory ---------------------------------------------


def test_register_confirm_approve_and_the_entry_is_public(page, officer_page):
    page.goto(URL)
    fill_required(page)
    page.get_by_label("Visa personens namn, roll, e-post och telefon på den publika sidan").check()
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")

    # The e-mailed link opens a page with a button (opening it spends nothing); the
    # button confirms the address and the registration joins the queue.
    link = emailed_link("/registrera/bekrafta/", to="karin@kvarnbacken.example.se")
    page.goto(link)
    page.goto(link)  # opened twice: still the same page, nothing confirmed
    expect(page.get_by_role("heading", level=1)).to_have_text("Bekräfta din e-postadress")
    assert Submission.objects.get().status == Submission.Status.UNCONFIRMED
    submit(page, "Bekräfta min e-postadress")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack, din e-postadress är bekräftad")
    expect(page.locator("main")).to_contain_text(NAME)

    officer = officer_page
    expect(officer).to_have_url("/handlaggare/")
    officer.get_by_role("navigation", name="Handläggarsidor").get_by_role(
        "link", name="Granskningskö"
    ).click()
    officer.get_by_role("link", name=NAME).click()
    expect(officer.get_by_role("heading", level=1)).to_have_text(f"Ny registrering: {NAME}")
    officer.get_by_label("Godkänn och publicera").check()
    submit(officer, "Spara beslutet")
    expect(officer).to_have_url("/handlaggare/granskning/")
    expect(officer.get_by_role("status")).to_have_text(f"Godkänd och publicerad: {NAME}.")
    expect(officer.locator("main")).to_contain_text("Inget väntar på granskning.")

    # Anyone can find it in the directory now, with the contact person who agreed.
    page.goto("/organisationer/?q=Kvarnbackens")
    page.get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(page.locator("main")).to_contain_text("Karin Andersson")
    assert mail.outbox[-1].to == ["karin@kvarnbacken.example.se"]


def test_ask_for_changes_the_submitter_corrects_and_it_is_back_in_the_queue(page, officer_page):
    submission = pending_registration()
    officer = officer_page
    officer.goto(f"/handlaggare/granskning/{submission.pk}/")

    # Asking for changes needs a message: the error summary says so and takes focus.
    officer.get_by_label("Begär ändringar").check()
    submit(officer, "Spara beslutet")
    expect(officer.locator("[data-error-summary]")).to_be_focused()
    expect(officer.get_by_label("Begär ändringar")).to_be_checked()
    officer.locator("[data-error-summary] a").click()
    expect(officer.get_by_label("Meddelande till insändaren")).to_be_focused()
    officer.keyboard.type("Beskriv verksamheten utförligare.")
    submit(officer, "Spara beslutet")
    expect(officer.get_by_role("status")).to_have_text("Insändaren har ombetts att göra ändringar.")

    # The submitter follows the e-mailed link: a page with a button, then the form.
    page.goto(emailed_link("/min-organisation/oppna/"))
    submit(page, "Fortsätt")
    expect(page).to_have_url("/min-organisation/")
    note = page.get_by_role("note")
    expect(note).to_contain_text("Kommunen ber om ändringar")
    expect(note).to_contain_text("Beskriv verksamheten utförligare.")
    page.get_by_role("link", name="Uppdatera organisationens uppgifter").click()
    page.locator("#id_org-description").fill("Caféet och cateringen ger arbetsträning åt tolv.")
    submit(page, "Skicka ändringarna")
    expect(page).to_have_url("/min-organisation/")

    officer.goto("/handlaggare/granskning/")
    officer.get_by_role("link", name=NAME).click()
    expect(officer.locator("main")).to_contain_text("Caféet och cateringen ger arbetsträning")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    assert submission.organisation.publication_state == Organisation.PublicationState.PENDING


def test_reject_with_a_reason_keeps_the_entry_hidden(page, officer_page):
    submission = pending_registration()
    officer = officer_page
    officer.goto("/handlaggare/granskning/")
    officer.get_by_role("link", name=NAME).click()
    officer.get_by_label("Avslå").check()
    officer.get_by_label("Meddelande till insändaren").fill("Verksamheten är inte social ekonomi.")
    submit(officer, "Spara beslutet")
    expect(officer.get_by_role("status")).to_have_text("Avslagen. Insändaren har fått veta varför.")

    response = page.goto(submission.organisation.get_absolute_url())
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sidan finns inte")
    assert "Verksamheten är inte social ekonomi." in mail.outbox[-1].body


# --- accessibility -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["sv", "en"])
def test_registration_pages_have_no_axe_violations(page, prefix):
    OrganisationFactory(name=NAME, slug="kvarnbackens-arbetskooperativ")
    audit = AxeAudit(page)
    audit.visit("registration empty", f"{prefix}{URL}")
    fill_required(page, name="Lindens Förening")
    audit.check("registration filled in, not sent")
    submit(page, ADD_CONTACT if not prefix else "Add another contact person")
    expect(page.locator("#id_contacts-1-name")).to_be_focused()
    audit.check("registration with a second contact person")
    page.locator("#id_org-name").fill("")
    page.locator("#id_contacts-1-email").fill("inte en adress")
    submit(page, SUBMIT if not prefix else "Send the registration")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("registration with errors")
    page.locator("#id_org-name").fill(NAME)
    page.locator("#id_contacts-1-name").fill("Olle Berg")
    page.locator("#id_contacts-1-email").fill("olle@kvarnbacken.example.se")
    page.locator("#id_contacts-1-consent").check()
    submit(page, SUBMIT if not prefix else "Send the registration")
    expect(page.locator(".similar-warning")).to_be_visible()
    audit.check("registration with the similar-name warning")
    page.locator("#id_reg-not_a_duplicate").check()
    submit(page, SUBMIT if not prefix else "Send the registration")
    audit.check("thanks")

    confirm = emailed_link("/bekrafta/")
    assert confirm.startswith(f"{prefix}/registrera/bekrafta/")
    audit.visit("confirm the address", confirm)
    submit(page, "Confirm my e-mail address" if prefix else "Bekräfta min e-postadress")
    audit.check("confirmed")
    audit.visit("link used", confirm, status=410)
    audit.visit("link invalid", f"{confirm[:-4]}xyz/", status=404)
    organisation = Organisation.objects.get(name=NAME, publication_state="pending")
    _, token = tokens.access_link_create(
        purpose=AccessLink.Purpose.CONFIRM_EMAIL,
        organisation=organisation,
        email="karin@kvarnbacken.example.se",
        submission=organisation.submissions.get(),
    )
    AccessLink.objects.filter(used_at=None).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    audit.visit("link expired", f"{prefix}/registrera/bekrafta/{token}/", status=410)
    audit.visit("privacy notice", f"{prefix}/integritet/")
    audit.visit("accessibility statement", f"{prefix}/tillganglighet/")
    audit.visit("page not found", f"{prefix}/organisationer/finns-inte/", status=404)
    audit.assert_clean()
    assert ContactPerson.objects.filter(organisation=organisation).count() == 2


@pytest.mark.parametrize("state", ["empty", "errors"])
def test_registration_fits_a_320_pixel_screen(page, state):
    """WCAG 1.4.10 Reflow: no sideways scrolling at 320 CSS pixels."""
    page.set_viewport_size(NARROW)
    page.goto(URL)
    if state == "errors":
        submit(page)
        expect(page.locator("[data-error-summary]")).to_be_focused()
    assert_fits(page)


def test_axe_audit_reports_every_failing_state(page):
    """The audit must fail on known violations, or its zero counts above mean nothing."""
    audit = AxeAudit(page)
    page.set_content("<!doctype html><html lang=sv><title>t</title><h1>t</h1><img src=x>")
    audit.check("an image without alt text")
    page.set_content("<!doctype html><html lang=sv><title>t</title><h1>t</h1><p>ok</p>")
    audit.check("a clean page")
    expected = r"(?s)\[an image without alt text\].*image-alt"
    with pytest.raises(AssertionError, match=expected) as failed:
        audit.assert_clean()
    assert "a clean page" not in str(failed.value)
