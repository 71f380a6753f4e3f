"""Registering an organisation in a real browser: the keyboard alone, the error summary,
the e-mailed confirmation, the officer's decision and axe on every page of the flow."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry import tokens
from registry.models import AccessLink, ContactPerson, Organisation, Submission
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import (
    NARROW,
    REGISTRATION_STEPS,
    AxeAudit,
    answer_registration_steps,
    assert_fits,
    delivered,
    emailed_link,
    fill_registration_step,
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
FIRST, ACTIVITIES, PLACES, CONTACTS = REGISTRATION_STEPS
CHECK = "/registrera/kontrollera/"
NAME = "Kvarnbackens Arbetskooperativ"
SUBMIT = "Skicka registreringen"
CONTINUE = "Fortsätt"
ADD_CONTACT = "Lägg till ytterligare en kontaktperson"


def fill_required(page, *, name=NAME, email="karin@kvarnbacken.example.se"):
    """Every step answered (mouse or touch), up to the "check your answers" page."""
    answer_registration_steps(page, name=name)
    expect(page).to_have_url(CHECK)


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


def press_continue(page):
    tab_to(page, "button[data-default-submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def error_state(page, audit, state: str):
    """Continue with the step's required fields empty: the summary takes focus; axe."""
    press_continue(page)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert page.title().startswith("Fel: ")
    audit.check(state)


# --- the keyboard alone ------------------------------------------------------------------


def test_registration_can_be_completed_with_the_keyboard_alone(page):
    audit = AxeAudit(page)
    page.goto(URL)
    keyboard = page.keyboard
    audit.check("start page")

    # The skip link is the first stop; it leads into main, where the start button is.
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Hoppa till huvudinnehållet")).to_be_focused()
    keyboard.press("Enter")
    tab_to(page, f"a[href='{FIRST}']")
    with page.expect_navigation():
        keyboard.press("Enter")

    # Step 1
    expect(page).to_have_url(FIRST)
    expect(page.get_by_role("heading", level=1)).to_have_text("Steg 1 av 4 Organisationen")
    current = page.locator('[aria-current="step"]')
    expect(current).to_have_text("Organisationen")
    audit.check("step 1")
    error_state(page, audit, "step 1 with errors")
    page.keyboard.press("Tab")  # from the summary to its first link, which moves focus
    page.keyboard.press("Enter")
    assert is_focused(page, "#id_org-name"), focused(page)
    keyboard.type(NAME)
    tab_to(page, "#id_org-legal_form")
    keyboard.type("Ekonomisk")  # type-ahead in a closed select
    tab_to(page, "#id_org-kind")
    keyboard.press("ArrowDown")  # from the empty choice to "Ideell förening",
    keyboard.press("ArrowDown")  # then to "Socialt företag"
    tab_to(page, "#id_org-work_integrating")
    keyboard.press("Space")
    press_continue(page)

    # Step 2
    expect(page).to_have_url(ACTIVITIES)
    expect(page.locator("h1")).to_contain_text("Steg 2 av 4")
    expect(page.locator('[aria-current="step"]')).to_have_text("Vad organisationen gör")
    audit.check("step 2")
    error_state(page, audit, "step 2 with errors")
    tab_to(page, "#id_org-presentation")
    keyboard.type("Vi driver café och catering med arbetsträning.")
    press_continue(page)

    # Step 3, with the municipality picker used from the keyboard.
    expect(page).to_have_url(PLACES)
    expect(page.locator("h1")).to_contain_text("Steg 3 av 4")
    audit.check("step 3")
    error_state(page, audit, "step 3 with errors")
    tab_to(page, "#id_org-home_municipality")
    keyboard.type("Motala")
    tab_to(page, "input[type=search]")
    keyboard.type("lekeb")
    expect(page.get_by_role("status").filter(has_text="stämmer")).to_have_text("1 kommun stämmer.")
    keyboard.press("Enter")  # one match: Enter chooses it and does not send the form
    expect(page).to_have_url(PLACES)
    chips = page.locator(".picker-chips")
    expect(chips.get_by_role("button", name="Ta bort Lekeberg")).to_be_visible()
    keyboard.type("örebro")
    expect(page.locator("details.county:not([hidden])")).to_have_count(1)
    tab_to(page, "input[type=checkbox][value='1880']")  # Örebro
    keyboard.press("Space")
    expect(chips.get_by_role("button")).to_have_count(2)
    audit.check("step 3 with the municipality picker in use")
    # A chip removes its municipality; focus stays among the chips.
    tab_to(page, ".picker-chips button")
    expect(page.locator(":focus")).to_have_accessible_name("Ta bort Lekeberg")
    keyboard.press("Enter")
    expect(chips.get_by_role("button")).to_have_count(1)
    expect(page.locator(":focus")).to_have_accessible_name("Ta bort Örebro")
    tab_to(page, "#id_org-postal_code")
    keyboard.type("59186")
    press_continue(page)

    # Step 4
    expect(page).to_have_url(CONTACTS)
    expect(page.locator("h1")).to_contain_text("Steg 4 av 4")
    audit.check("step 4")
    error_state(page, audit, "step 4 with errors")
    tab_to(page, "#id_contacts-0-name")
    keyboard.type("Karin Andersson")
    tab_to(page, "#id_contacts-0-email")
    keyboard.type("karin@kvarnbacken.example.se")
    tab_to(page, "#id_contacts-0-show_publicly")
    keyboard.press("Space")
    tab_to(page, "#id_contacts-0-consent")
    keyboard.press("Space")
    press_continue(page)

    # Check your answers, then send.
    expect(page).to_have_url(CHECK)
    main = page.locator("main")
    for text in [NAME, "Motala", "Örebro", "591 86", "Karin Andersson", "Socialt företag"]:
        expect(main).to_contain_text(text)
    expect(main).not_to_contain_text("Lekeberg")
    audit.check("check your answers")
    tab_to(page, "button.btn-primary[type=submit]")
    expect(page.get_by_role("button", name=SUBMIT)).to_be_focused()
    with page.expect_navigation():
        keyboard.press("Enter")

    expect(page).to_have_url("/registrera/tack/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    expect(page.locator("main")).to_contain_text("karin@kvarnbacken.example.se")
    organisation = Organisation.objects.get(name=NAME)
    expect(page.locator("main")).to_contain_text(organisation.submissions.get().reference)
    audit.check("thanks")
    audit.assert_clean()
    assert organisation.publication_state == Organisation.PublicationState.DRAFT
    assert organisation.legal_form_id == "51"
    assert organisation.kind == Organisation.Kind.SOCIAL_ENTERPRISE
    assert organisation.work_integrating is True
    assert organisation.home_municipality.name == "Motala"
    assert set(organisation.municipalities.values_list("name", flat=True)) == {"Motala", "Örebro"}
    assert organisation.postal_code == "591 86"
    contact = organisation.contacts.get()
    assert (contact.name, contact.show_publicly) == ("Karin Andersson", True)
    assert delivered()[-1].to == ["karin@kvarnbacken.example.se"]


def _scripts_blocked_copy(browser, live_server, page):
    """The same session in a context whose page scripts never load: the page as a browser
    without JavaScript shows it, in which axe (injected through DevTools) can still run.
    With JavaScript switched off, Playwright cannot run axe's promise at all."""
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", storage_state=page.context.storage_state()
    )
    context.route("**/static/**/*.js", lambda route: route.abort())
    copy = context.new_page()
    copy.goto(page.url)
    return context, copy


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_municipality_picker_with_and_without_javascript(browser, live_server, javascript):
    context = browser.new_context(
        base_url=live_server.url,
        locale="sv-SE",
        java_script_enabled=javascript,
        reduced_motion="reduce",
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    audit_contexts = []

    def audit(state):
        if javascript:
            checks.check(state)
            return
        copy_context, copy = _scripts_blocked_copy(browser, live_server, page)
        audit_contexts.append(copy_context)
        expect(copy.locator("input[type=search]")).to_have_count(0)
        checks.page = copy
        checks.check(state)

    try:
        checks = AxeAudit(page)
        answer_registration_steps(page, upto=2)
        expect(page).to_have_url(PLACES)
        counties = page.locator("details.county")
        expect(counties).to_have_count(21)
        expect(page.locator("main")).not_to_contain_text("Ctrl")
        audit("picker, nothing chosen")
        if javascript:
            page.get_by_label("Sök efter en kommun").fill("mot")
            expect(page.locator("details.county:not([hidden])")).to_have_count(1)
            page.get_by_label("Motala").check()
            page.get_by_label("Sök efter en kommun").fill("")
            expect(page.locator("details.county:not([hidden])")).to_have_count(21)
            audit("picker, one chosen")
        else:
            expect(page.locator("input[type=search]")).to_have_count(0)
            county = page.locator("details.county", has_text="Östergötlands län")
            county.locator("summary").focus()
            page.keyboard.press("Enter")  # a <details> opens from the keyboard
            county.get_by_label("Motala").focus()
            page.keyboard.press("Space")
            expect(page.get_by_label("Motala")).to_be_checked()
        page.locator("#id_org-home_municipality").select_option(label="Lekeberg")
        page.locator("#id_org-postal_code").fill("7")  # an error: the page comes back
        with page.expect_navigation():
            page.get_by_role("button", name=CONTINUE).click()
        expect(page.locator("[data-error-summary]")).to_be_visible()
        # Nothing chosen is lost; its county is open and says how many are chosen.
        open_county = page.locator("details.county[open]")
        expect(open_county).to_have_count(1)
        expect(open_county.locator("summary")).to_contain_text("Östergötlands län (1 vald)")
        expect(page.get_by_label("Motala")).to_be_checked()
        if javascript:
            expect(page.get_by_role("button", name="Ta bort Motala")).to_be_visible()
        audit("picker, one chosen, with an error elsewhere on the step")
        checks.assert_clean()
    finally:
        for other in audit_contexts:
            other.close()
        context.close()


def test_enter_in_a_field_continues_not_add_another_contact(page):
    """The first button in the form is "Add another contact person"; without site.js,
    Enter in a text field would press it instead of going on to the check page."""
    answer_registration_steps(page, upto=3)
    fill_registration_step(page, 4)
    page.locator("#id_contacts-0-email").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(CHECK)


def test_add_another_contact_person_with_the_keyboard(page):
    answer_registration_steps(page, upto=3)
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


def test_back_links_and_change_links_keep_every_answer(page):
    fill_required(page)
    page.get_by_role("link", name="Ändra Hemkommun").click()
    expect(page).to_have_url(f"{PLACES}?change=1")
    expect(page.locator("#id_org-home_municipality")).to_have_value("0583")
    page.locator("#id_org-city").fill("Motala")
    submit(page, "Spara och gå tillbaka till svaren")
    expect(page).to_have_url(CHECK)
    expect(page.locator("main")).to_contain_text("Motala")
    page.get_by_role("link", name="Tillbaka").click()
    expect(page).to_have_url(CONTACTS)
    expect(page.locator("#id_contacts-0-name")).to_have_value("Karin Andersson")
    page.get_by_role("navigation", name="Registreringens steg").get_by_role(
        "link", name="Organisationen", exact=True
    ).click()
    expect(page.locator("#id_org-name")).to_have_value(NAME)
    expect(page.locator("[data-error-summary]")).to_have_count(0)


# --- errors --------------------------------------------------------------------------------


def test_error_summary_takes_focus_links_to_each_field_and_keeps_what_was_typed(page):
    answer_registration_steps(page, upto=2)
    page.locator("#id_org-home_municipality").select_option(label="Motala")
    page.locator("#id_org-postal_code").fill("7163")
    page.locator("#id_org-street_address").fill("Storgatan 1")
    page.locator("#id_org-email").fill("inte en adress")
    submit(page, CONTINUE)

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert page.title().startswith("Fel: ")
    links = summary.get_by_role("link")
    targets = [href.lstrip("#") for href in links.evaluate_all("a => a.map(l => l.hash)")]
    assert targets == ["id_org-postal_code", "id_org-email"]

    # From the summary, the keyboard reaches the first link, which moves focus.
    page.keyboard.press("Tab")
    expect(links.first).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_org-postal_code")).to_be_focused()
    for index, target in enumerate(targets):
        links.nth(index).click()
        expect(page.locator(f"#{target}")).to_be_focused()

    assert_no_axe_violations(page)

    # Nothing typed is lost.
    expect(page.locator("#id_org-postal_code")).to_have_value("7163")
    expect(page.locator("#id_org-street_address")).to_have_value("Storgatan 1")
    expect(page.locator("#id_org-home_municipality")).to_have_value("0583")
    # Each field names its error for assistive technology too.
    expect(page.locator("#id_org-postal_code")).to_have_attribute("aria-invalid", "true")

    # Corrected, it goes on.
    page.locator("#id_org-postal_code").fill("59186")
    page.locator("#id_org-email").fill("")
    submit(page, CONTINUE)
    expect(page).to_have_url(CONTACTS)
    page.goto(ACTIVITIES)
    expect(page.locator("#id_org-presentation")).to_have_value(
        "Vi driver café och catering med arbetsträning."
    )
    assert not Organisation.objects.exists()


def test_an_org_number_already_registered_offers_a_link_to_claim_the_entry(page):
    existing = OrganisationFactory(name="Kvarnen i Motala", org_number=make_org_number("7"))
    existing.legal_form_id = "51"
    existing.save()
    page.goto(FIRST)
    fill_registration_step(page, 1)
    page.locator("#id_org-org_number").fill(existing.org_number)
    submit(page, CONTINUE)

    expect(page.locator("[data-error-summary]")).to_be_focused()
    main = page.locator("main")
    expect(main).to_contain_text("Kvarnen i Motala")
    claim = main.get_by_role("link", name="Är det din organisation?")
    claim.click()
    expect(page).to_have_url("/min-organisation/lank/")
    assert Organisation.objects.count() == 1


def test_a_similar_name_warns_and_the_box_sends_it_anyway(page):
    OrganisationFactory(name=NAME)
    page.goto(FIRST)
    fill_registration_step(page, 1)
    submit(page, CONTINUE)

    warning = page.locator(".similar-warning")
    expect(
        warning.get_by_role("heading", name="Finns organisationen redan i registret?")
    ).to_be_visible()
    expect(warning.get_by_role("link", name=NAME)).to_be_visible()
    expect(warning).to_be_focused()  # like the error summary: read out first
    expect(page.locator("#id_org-name")).to_have_value(NAME)
    assert_no_axe_violations(page)

    page.get_by_label("Organisationen är inte någon av de liknande ovan").check()
    submit(page, CONTINUE)
    expect(page).to_have_url(ACTIVITIES)
    for number in (2, 3, 4):
        fill_registration_step(page, number)
        submit(page, CONTINUE)
    submit(page)
    expect(page).to_have_url("/registrera/tack/")
    assert Organisation.objects.count() == 2


# --- from registration to the public directory ---------------------------------------------


def test_register_confirm_approve_and_the_entry_is_public(page, officer_page):
    answer_registration_steps(page, upto=3)
    fill_registration_step(page, 4)
    page.get_by_label("Visa personens namn, roll, e-post och telefon på den publika sidan").check()
    submit(page, CONTINUE)
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
    assert delivered()[-1].to == ["karin@kvarnbacken.example.se"]


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
    assert "Verksamheten är inte social ekonomi." in delivered()[-1].body


# --- accessibility -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["sv", "en"])
def test_registration_pages_have_no_axe_violations(page, prefix):
    OrganisationFactory(name=NAME, slug="kvarnbackens-arbetskooperativ")
    go_on = CONTINUE if not prefix else "Continue"
    send = SUBMIT if not prefix else "Send the registration"
    audit = AxeAudit(page)
    audit.visit("start page", f"{prefix}{URL}")
    audit.visit("ask for the confirmation again", f"{prefix}/registrera/skicka-igen/")
    submit(page, "Skicka en ny länk" if not prefix else "Send a new link")
    audit.check("ask for the confirmation again, with errors")
    audit.visit("step 1 empty", f"{prefix}{FIRST}")
    submit(page, go_on)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("step 1 with errors")
    fill_registration_step(page, 1)
    submit(page, go_on)
    expect(page.locator(".similar-warning")).to_be_visible()
    audit.check("step 1 with the similar-name warning")
    page.locator("#id_reg-not_a_duplicate").check()
    submit(page, go_on)
    for number in (2, 3, 4):
        audit.check(f"step {number} empty")
        submit(page, go_on)
        expect(page.locator("[data-error-summary]")).to_be_focused()
        audit.check(f"step {number} with errors")
        fill_registration_step(page, number)
        if number == 4:
            submit(page, ADD_CONTACT if not prefix else "Add another contact person")
            expect(page.locator("#id_contacts-1-name")).to_be_focused()
            audit.check("step 4 with a second contact person")
            page.locator("#id_contacts-1-name").fill("Olle Berg")
            page.locator("#id_contacts-1-email").fill("olle@kvarnbacken.example.se")
            page.locator("#id_contacts-1-consent").check()
        submit(page, go_on)
    expect(page).to_have_url(f"{prefix}{CHECK}")
    audit.check("check your answers")
    submit(page, send)
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
    """WCAG 1.4.10 Reflow: no sideways scrolling at 320 CSS pixels, on every step."""
    page.set_viewport_size(NARROW)
    page.goto(FIRST)
    for number in (1, 2, 3, 4):
        if state == "errors":
            submit(page, CONTINUE)
            expect(page.locator("[data-error-summary]")).to_be_focused()
        assert_fits(page)
        fill_registration_step(page, number)
        submit(page, CONTINUE)
    expect(page).to_have_url(CHECK)
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
