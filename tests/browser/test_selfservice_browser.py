"""Self-service in a real browser: asking for a link, the page with a Continue button,
changes that go to the officers, contact persons, "ceased", "is this still right?",
and axe on every page and form state of it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from registry import services, tokens
from registry.models import AccessLink, ContactPerson, Organisation, Submission
from tests.browser.helpers import (
    NARROW,
    AxeAudit,
    assert_fits,
    emailed_link,
    lindens_forening,
    officer_in_own_browser,
    pending_registration,
)
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EMAIL = "lena@linden.example.se"


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    """Bootstrap scrolls smoothly unless reduced motion is asked for, and Playwright
    waits for each smooth scroll to end before it acts: ask, and the tests run faster."""
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def linden():
    return lindens_forening()


@pytest.fixture
def officer_page(browser, live_server):
    with officer_in_own_browser(browser, live_server.url) as page:
        yield page


def link_for(organisation, purpose=AccessLink.Purpose.EDIT, email=EMAIL) -> str:
    """A fresh token, as the e-mail would carry it (not the flow under test here)."""
    _, token = tokens.access_link_create(purpose=purpose, organisation=organisation, email=email)
    return token


def open_editing(page, organisation, prefix=""):
    page.goto(f"{prefix}/min-organisation/oppna/{link_for(organisation)}/")
    press(page, page.locator("main form button"))  # "Continue"
    expect(page).to_have_url(f"{prefix}/min-organisation/")


def press(page, button):
    with page.expect_navigation():
        button.click()


def send(page, form_action: str, button: str | None = None):
    """Press the submit button (or the named one) of the form posting to ``form_action``:
    the same in Swedish and English, where the buttons' names differ."""
    form = page.locator(f"main form[action$='{form_action}']")
    press(
        page,
        form.get_by_role("button", name=button) if button else form.locator("button[type=submit]"),
    )


# --- flows ----------------------------------------------------------------------------------


def test_ask_for_a_link_edit_and_the_officer_sees_the_comparison(page, linden, officer_page):
    page.goto(linden.get_absolute_url())
    page.get_by_role("link", name="Uppdatera din organisations uppgifter").click()
    page.get_by_label("Din e-postadress").fill("Lena@Linden.example.se")
    send(page, "/min-organisation/lank/", "Skicka en länk till mig")
    expect(page).to_have_url("/min-organisation/lank/skickad/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")

    # Opening the link spends nothing: a mail scanner would see only this page.
    link = emailed_link("/min-organisation/oppna/", to=EMAIL)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Uppdatera Lindens Förening")
    assert AccessLink.objects.get().used_at is None
    press(page, page.get_by_role("button", name="Fortsätt"))
    expect(page).to_have_url("/min-organisation/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Lindens Förening")

    page.get_by_role("link", name="Uppdatera organisationens uppgifter").click()
    expect(page.locator("#id_org-name")).to_have_value("Lindens Förening")
    page.locator("#id_org-presentation").fill("Vi odlar grönsaker med nyanlända.")
    page.locator("#id_org-website").fill("linden.example.se")
    send(page, "/min-organisation/uppgifter/", "Skicka ändringarna")
    expect(page).to_have_url("/min-organisation/")
    expect(page.get_by_role("status")).to_have_text(
        "Tack. Kommunen granskar ändringarna innan de publiceras."
    )
    expect(page.get_by_role("note")).to_contain_text("väntar på kommunens granskning")

    # The public entry stays as it is until an officer approves.
    page.goto(linden.get_absolute_url())
    expect(page.locator("main")).to_contain_text("Gammal text.")

    officer = officer_page
    officer.goto("/handlaggare/granskning/")
    row = officer.get_by_role("row", name="Lindens Förening")
    expect(row).to_contain_text("Ändringsbegäran")
    expect(row).to_contain_text(EMAIL)
    row.get_by_role("link").click()
    comparison = officer.locator("table.comparison")
    presentation = comparison.get_by_role("row", name="Kort presentation")
    expect(presentation.get_by_role("cell")).to_have_text(
        ["Gammal text.", "Vi odlar grönsaker med nyanlända."]
    )
    website = comparison.get_by_role("row", name="Webbplats")
    expect(website.get_by_role("cell")).to_have_text(["\u2013", "https://linden.example.se"])
    expect(comparison.locator("tbody tr")).to_have_count(2)  # only what changed
    submission = Submission.objects.get()
    assert (submission.kind, submission.status) == ("change", "pending")


def test_withdrawn_consent_hides_the_person_at_once_and_contacts_are_managed(page, linden):
    public = page.context.new_page()
    public.goto(linden.get_absolute_url())
    expect(public.locator("main")).to_contain_text("Lena Lind")

    open_editing(page, linden)
    page.get_by_role("link", name="Hantera kontaktpersoner").click()
    table = page.get_by_role("table", name="Kontaktpersoner för Lindens Förening")
    expect(table.get_by_role("row", name="Lena Lind")).to_contain_text("Ja")
    press(page, page.get_by_role("button", name="Sluta visa Lena Lind publikt"))
    expect(page.get_by_role("status")).to_have_text("Lena Lind visas inte längre publikt.")
    expect(table.get_by_role("row", name="Lena Lind")).to_contain_text("Nej")
    expect(page.get_by_role("button", name="Sluta visa Lena Lind publikt")).to_have_count(0)

    public.reload()  # at once: no review in between
    expect(public.locator("main")).not_to_contain_text("Lena Lind")

    # Adding a person: sent empty, the summary takes focus and leads to the fields.
    send(page, "/min-organisation/kontakter/", "Lägg till kontaktpersonen")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_new-name")).to_be_focused()
    page.keyboard.type("Per Persson")
    page.locator("#id_new-email").fill("per@linden.example.se")
    page.locator("#id_new-consent").check()
    send(page, "/min-organisation/kontakter/", "Lägg till kontaktpersonen")
    expect(page.get_by_role("status")).to_have_text("Kontaktpersonen är tillagd.")
    expect(table.get_by_role("row", name="Per Persson")).to_contain_text("per@linden.example.se")

    press(page, page.get_by_role("button", name="Ta bort Per Persson"))
    expect(page.get_by_role("status")).to_have_text("Per Persson har tagits bort ur registret.")
    press(page, page.get_by_role("button", name="Ta bort Lena Lind"))
    expect(page.locator(".alert-danger")).to_contain_text("minst en kontaktperson")
    assert list(ContactPerson.objects.values_list("name", flat=True)) == ["Lena Lind"]


def test_report_that_the_organisation_has_ceased(page, linden):
    open_editing(page, linden)
    page.get_by_role("link", name="Anmäl att organisationen har upphört").click()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.get_by_label("Datum då organisationen upphörde").fill(tomorrow.isoformat())
    send(page, "/min-organisation/upphort/", "Skicka anmälan")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    expect(page.locator("#id_ceased_on")).to_be_focused()
    expect(page.locator("#id_ceased_on")).to_have_value(tomorrow.isoformat())

    page.locator("#id_ceased_on").fill("2025-06-30")
    send(page, "/min-organisation/upphort/", "Skicka anmälan")
    expect(page.get_by_role("status")).to_have_text(
        "Tack. Kommunen markerar organisationen som upphörd."
    )
    assert Submission.objects.get().data == {"status": "ceased", "ceased_on": "2025-06-30"}
    linden.refresh_from_db()
    assert linden.status == Organisation.Status.ACTIVE  # until an officer approves


def test_verification_link_confirms_the_entry_or_opens_editing(page, linden):
    linden.last_verified_on = timezone.localdate() - datetime.timedelta(days=400)
    linden.save()
    link = f"/kontroll/{link_for(linden, AccessLink.Purpose.VERIFY)}/"
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stämmer uppgifterna för Lindens Förening fortfarande?"
    )
    press(page, page.get_by_role("button", name="Ja, det stämmer fortfarande"))
    expect(page.locator("main")).to_contain_text(
        "Uppgifterna för Lindens Förening är markerade som kontrollerade i dag."
    )
    linden.refresh_from_db()
    assert linden.last_verified_on == timezone.localdate()
    assert page.goto(link).status == 410

    page.goto(f"/kontroll/{link_for(linden, AccessLink.Purpose.VERIFY)}/")
    press(page, page.get_by_role("button", name="Nej, jag vill ändra"))
    expect(page).to_have_url("/min-organisation/uppgifter/")
    expect(page.locator("#id_org-name")).to_have_value("Lindens Förening")


def test_self_service_pages_fit_a_320_pixel_screen(page, linden):
    page.set_viewport_size(NARROW)
    open_editing(page, linden)
    audit = AxeAudit(page)
    for state, url in [
        ("home", "/min-organisation/"),
        ("edit", "/min-organisation/uppgifter/"),
        ("contacts", "/min-organisation/kontakter/"),
        ("ceased", "/min-organisation/upphort/"),
    ]:
        audit.visit(f"{state} at 320 px", url)
        assert_fits(page)
    audit.assert_clean()


# --- accessibility -----------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["sv", "en"])
def test_self_service_pages_have_no_axe_violations(page, linden, prefix):
    audit = AxeAudit(page)
    audit.visit("ask for a link, empty", f"{prefix}/min-organisation/lank/")
    page.locator("#id_email").fill("inte en adress")
    audit.check("ask for a link, filled in, not sent")
    send(page, "/min-organisation/lank/")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("ask for a link, error")
    page.locator("#id_email").fill(EMAIL)
    send(page, "/min-organisation/lank/")
    audit.check("link sent")

    link = emailed_link("/min-organisation/oppna/", to=EMAIL)
    audit.visit("open the link", link)
    press(page, page.locator("main form button"))
    audit.check("self-service home")

    edit = "/min-organisation/uppgifter/"
    audit.visit("edit, as it is", f"{prefix}{edit}")
    send(page, edit)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("edit, nothing changed")
    page.locator("#id_org-name").fill("")
    page.locator("#id_org-postal_code").fill("1")
    send(page, edit)
    audit.check("edit, errors")
    page.locator("#id_org-name").fill("Lindens Förening")
    page.locator("#id_org-postal_code").fill("")
    page.locator("#id_org-presentation").fill("Ny presentation.")
    send(page, edit)
    audit.check("self-service home, changes waiting for review")

    ceased = "/min-organisation/upphort/"
    audit.visit("ceased, empty", f"{prefix}{ceased}")
    send(page, ceased)
    audit.check("ceased, error")

    contacts = "/min-organisation/kontakter/"
    audit.visit("contacts", f"{prefix}{contacts}")
    page.locator("#id_new-name").fill("Per Persson")
    audit.check("contacts, a new person filled in, not sent")
    send(page, contacts)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("contacts, error")
    press(page, page.locator("main form[action$='/dolj/'] button"))
    expect(page.locator(".alert-success")).to_be_visible()
    audit.check("contacts, after withdrawing consent")

    audit.visit("edit link used", link, status=410)
    expired = link_for(linden)
    AccessLink.objects.filter(used_at=None).update(
        expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    audit.visit("edit link expired", f"{prefix}/min-organisation/oppna/{expired}/", status=410)
    audit.visit("edit link invalid", f"{prefix}/min-organisation/oppna/trasig/", status=404)

    verify = f"{prefix}/kontroll/{link_for(linden, AccessLink.Purpose.VERIFY)}/"
    audit.visit("is this still right?", verify)
    press(page, page.locator("main form button[value=right]"))
    audit.check("verified")

    # A registration sent back for changes: its home page shows the officer's message.
    submission = pending_registration()
    services.submission_request_changes(
        submission_id=submission.pk,
        officer=make_officer(),
        message="Beskriv verksamheten utförligare.",
    )
    open_editing(page, submission.organisation, prefix)
    expect(page.get_by_role("note")).to_contain_text("Beskriv verksamheten utförligare.")
    audit.check("self-service home, changes asked for")
    audit.assert_clean()
