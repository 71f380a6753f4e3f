"""Officers in a real browser: signing in, the review queue, decisions, problem reports,
"is this still right?" requests, and axe on each of their pages and forms."""

import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from registry.models import ProblemReport, RateLimitHit
from tests.browser.axe import assert_no_axe_violations
from tests.browser.helpers import (
    NARROW,
    PASSWORD,
    AxeAudit,
    answer_registration_steps,
    assert_fits,
    change_request,
    delivered,
    emailed_link,
    lindens_forening,
    pending_registration,
    problem_report,
    sign_in,
    tab_to,
)
from tests.factories import OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    """Bootstrap scrolls smoothly unless reduced motion is asked for, and Playwright
    waits for each smooth scroll to end before it acts: ask, and the tests run faster."""
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def officer():
    return make_officer()


@pytest.fixture
def linden():
    return lindens_forening()


def submit(page, button, *, within=None):
    with page.expect_navigation():
        (within or page).get_by_role("button", name=button).click()


# --- signing in -------------------------------------------------------------------------


def test_officer_signs_in_with_the_keyboard_and_out_again(page, officer):
    page.goto("/handlaggare/granskning/")
    expect(page).to_have_url("/inloggning/?next=/handlaggare/granskning/")
    page.get_by_label("Användarnamn").focus()
    page.keyboard.type("handlaggare")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # the form's only button sends it
    expect(page).to_have_url("/handlaggare/granskning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Granskningskö")

    submit(page, "Logga ut")
    page.goto("/handlaggare/")
    expect(page).to_have_url("/inloggning/?next=/handlaggare/")


def test_a_wrong_password_is_summarised_and_the_summary_takes_focus(page, officer):
    sign_in(page, password="fel-losenord")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.get_by_label("Användarnamn")).to_have_value("handlaggare")
    assert page.title().startswith("Fel: Inloggning för handläggare")


# --- deciding -------------------------------------------------------------------------------


def test_a_change_request_shows_the_comparison_and_approval_publishes_it(page, officer, linden):
    submission = change_request(linden, name="Lindens Nya Förening", presentation="Gammal text.")
    sign_in(page)
    page.get_by_role("link", name="Granskningskö").first.click()
    row = page.get_by_role("row", name="Lindens Förening")
    expect(row).to_contain_text("Ändringsbegäran")
    row.get_by_role("link").click()
    expect(page).to_have_url(f"/handlaggare/granskning/{submission.pk}/")

    table = page.locator("table.comparison")
    expect(table.get_by_role("columnheader")).to_have_text(["Fält", "Publicerat nu", "Föreslaget"])
    expect(table.get_by_role("row").nth(1)).to_contain_text("Lindens Förening")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Lindens Nya Förening")

    # No decision chosen: the summary takes focus and links to the first radio button.
    submit(page, "Spara beslutet")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    page.locator("[data-error-summary] a").click()
    approve = page.get_by_label("Godkänn och publicera")
    expect(approve).to_be_focused()
    page.keyboard.press("ArrowDown")  # arrow keys move along the radio buttons, choosing
    expect(page.get_by_label("Begär ändringar")).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(approve).to_be_checked()
    submit(page, "Spara beslutet")
    status = page.get_by_role("status")
    expect(status).to_have_text("Godkänd och publicerad: Lindens Nya Förening.")

    # The message links to the public entry.
    with page.expect_navigation():
        status.get_by_role("link", name="Lindens Nya Förening").click()
    expect(page).to_have_url(linden.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Lindens Nya Förening")


def test_problem_report_from_the_public_page_resolved_by_an_officer(page, officer, linden):
    page.goto(linden.get_absolute_url())
    page.get_by_role("link", name="Anmäl fel i uppgifterna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmäl fel för Lindens Förening")

    # Sent empty: the summary takes focus; its first link leads to the first choice.
    submit(page, "Skicka anmälan")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_category_0")).to_be_focused()
    page.get_by_label("Fel eller inaktuella uppgifter").check()
    page.locator("#id_message").fill("Telefonnumret går till en annan förening.")
    page.locator("#id_reporter_email").fill("granne@example.se")
    submit(page, "Skicka anmälan")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tack för din anmälan")

    sign_in(page)
    page.get_by_role("link", name="Felanmälningar").first.click()
    report = page.get_by_role("region", name="Lindens Förening: Fel eller inaktuella uppgifter")
    expect(report).to_contain_text("Telefonnumret går till en annan förening.")
    expect(report).to_contain_text("granne@example.se")
    report.get_by_label("Hur det åtgärdades").fill("Rättat numret efter samtal med föreningen.")
    submit(page, "Markera som åtgärdad", within=report)
    expect(page.get_by_role("status")).to_have_text("Felanmälan är åtgärdad.")
    expect(page.locator("main")).to_contain_text("Inga öppna felanmälningar.")
    resolved = ProblemReport.objects.get()
    assert resolved.status == ProblemReport.Status.RESOLVED
    assert resolved.resolution_note == "Rättat numret efter samtal med föreningen."


def test_report_problem_offers_only_real_choices(page, linden):
    page.goto("/organisationer/lindens-forening/rapportera/")
    choices = page.get_by_role("group", name="Vad som är fel").get_by_role("radio")
    expect(choices).to_have_count(len(ProblemReport.Category.choices))
    for choice in choices.all():
        expect(choice).not_to_be_checked()


def test_verification_requests_are_sent_from_the_officer_page(page, officer, linden):
    linden.last_verified_on = timezone.localdate() - datetime.timedelta(days=400)
    linden.save()
    audit = AxeAudit(page)
    sign_in(page)
    page.get_by_role("link", name="Stämmer det fortfarande?").first.click()
    expect(page.locator("main .lead")).to_contain_text(
        "1 publicerad organisation har inte kontrollerats"
    )
    # The list of who will be asked, and where, and the e-mail they get.
    listed = page.get_by_role("region", name="Vilka som tillfrågas")
    expect(listed.get_by_role("row", name="Lindens Förening")).to_contain_text(
        "lena@linden.example.se"
    )
    preview = page.get_by_role("region", name="E-postmeddelandet")
    expect(preview).to_contain_text("Stämmer uppgifterna för Lindens Förening fortfarande?")
    audit.check("verification, the list and the e-mail")

    # Sent without the box ticked: nothing goes, and the page says why, at the box.
    submit(page, "Skicka förfrågningar om kontroll")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(page.locator("#id_confirm_error")).to_contain_text("Kryssa i rutan")
    audit.check("verification, not confirmed")
    summary.get_by_role("link").click()
    confirm = page.get_by_label("Jag har granskat listan och e-postmeddelandet.")
    expect(confirm).to_be_focused()
    assert not delivered()
    page.keyboard.press("Space")
    expect(confirm).to_be_checked()
    submit(page, "Skicka förfrågningar om kontroll")
    expect(page.get_by_role("status")).to_have_text(
        "En förfrågan om kontroll skickades till 1 organisation."
    )
    assert emailed_link("/kontroll/", to="lena@linden.example.se").startswith("/kontroll/")
    assert len(delivered()) == 1
    expect(page.get_by_role("button", name="Skicka förfrågningar om kontroll")).to_have_count(0)
    audit.check("verification, sent")
    page.set_viewport_size(NARROW)
    linden.last_verified_on = timezone.localdate() - datetime.timedelta(days=400)
    linden.save()
    OrganisationFactory(
        name="Arbetsintegreringskooperativet Vätterstranden",
        email="info@vatternsarbetsintegrerandeverkstad.example.se",
        last_verified_on=timezone.localdate() - datetime.timedelta(days=400),
    )
    audit.visit("verification at 320 px", "/handlaggare/kontroll/")
    assert_fits(page)
    audit.assert_clean()


# --- accessibility -----------------------------------------------------------------------


def test_sign_in_and_password_reset_pages_have_no_axe_violations(page, officer):
    audit = AxeAudit(page)
    audit.visit("sign-in empty", "/inloggning/")
    page.get_by_label("Användarnamn").fill("handlaggare")
    audit.check("sign-in filled in, not sent")
    sign_in(page, password="fel-losenord")
    audit.check("sign-in error")
    audit.visit("sign-in empty, English", "/en/inloggning/")
    sign_in(page, password="fel-losenord", prefix="/en")
    audit.check("sign-in error, English")
    for _ in range(3):  # five failures in all
        sign_in(page, password="fel-losenord")
    sign_in(page, password="fel-losenord")  # too soon after the fifth: wait first
    expect(page.locator("[data-error-summary]")).to_contain_text("Vänta 1 sekund")
    audit.check("sign-in, wait before the next try")
    # The wait is over (registry.signin); axes still locks this name from this address.
    RateLimitHit.objects.update(created_at=F("created_at") - datetime.timedelta(minutes=1))
    sign_in(page, password="fel-losenord")
    expect(page.get_by_role("heading", level=1)).to_have_text("För många misslyckade inloggningar")
    audit.check("locked out after five failures")

    audit.visit("password reset empty", "/inloggning/aterstall/")
    page.locator("#id_email").fill("inte en adress")
    submit(page, "Skicka länken")
    audit.check("password reset error")
    page.locator("#id_email").fill(officer.email)
    submit(page, "Skicka länken")
    audit.check("password reset sent")
    audit.visit("password reset, invalid link", "/inloggning/aterstall/MQ/ogiltig-länk/")
    expect(page.locator("main form")).not_to_be_attached()
    uid = urlsafe_base64_encode(force_bytes(officer.pk))
    token = default_token_generator.make_token(officer)
    audit.visit("new password empty", f"/inloggning/aterstall/{uid}/{token}/")
    page.locator("#id_new_password1").fill("ett-annat-langt-losenord-456")
    page.locator("#id_new_password2").fill("ett-annat")
    submit(page, "Spara det nya lösenordet")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("new password error")
    page.locator("#id_new_password1").fill("ett-annat-langt-losenord-456")
    page.locator("#id_new_password2").fill("ett-annat-langt-losenord-456")
    submit(page, "Spara det nya lösenordet")
    audit.check("new password saved")
    audit.assert_clean()


def test_officer_pages_have_no_axe_violations(page, officer, linden):
    audit = AxeAudit(page)
    sign_in(page)
    audit.check("dashboard, nothing to do")
    audit.visit("queue empty", "/handlaggare/granskning/")
    audit.visit("problem reports empty", "/handlaggare/problem/")
    audit.visit("verification, nothing due", "/handlaggare/kontroll/")

    registration = pending_registration()
    change = change_request(linden, name="Lindens Nya Förening", description="Ny beskrivning.")
    problem_report(linden, "Adressen är fel.")
    problem_report(linden, "Föreningen har flyttat.")
    OrganisationFactory(last_verified_on=timezone.localdate() - datetime.timedelta(days=400))

    audit.visit("dashboard with work", "/handlaggare/")
    audit.visit("queue with items", "/handlaggare/granskning/")
    audit.visit("registration", f"/handlaggare/granskning/{registration.pk}/")
    page.get_by_label("Meddelande till insändaren").fill("Något att fundera på.")
    audit.check("registration, decision filled in, not sent")
    submit(page, "Spara beslutet")
    audit.check("registration, decision error")
    audit.visit("change request", f"/handlaggare/granskning/{change.pk}/")
    page.get_by_label("Avslå").check()
    submit(page, "Spara beslutet")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("change request, decision error")
    audit.visit("problem reports with items", "/handlaggare/problem/")
    submit(page, "Markera som åtgärdad", within=page.get_by_role("region").first)
    expect(page.locator("[data-error-summary]")).to_be_focused()
    audit.check("problem reports, error")
    audit.visit("verification, one due", "/handlaggare/kontroll/")
    audit.visit("dashboard, English", "/en/handlaggare/")
    audit.visit("queue, English", "/en/handlaggare/granskning/")
    audit.visit("change request, English", f"/en/handlaggare/granskning/{change.pk}/")
    audit.visit("problem reports, English", "/en/handlaggare/problem/")
    page.goto(f"/handlaggare/granskning/{registration.pk}/")
    page.get_by_label("Godkänn och publicera").check()
    submit(page, "Spara beslutet")
    expect(page.get_by_role("status").get_by_role("link")).to_be_visible()
    audit.check("queue, approved: a message with a link")
    audit.assert_clean()


def test_report_problem_pages_have_no_axe_violations(page, linden):
    audit = AxeAudit(page)
    for prefix, send in [("", "Skicka anmälan"), ("/en", "Send the report")]:
        url = f"{prefix}/organisationer/lindens-forening/rapportera/"
        audit.visit(f"report a problem empty {prefix}", url)
        submit(page, send)
        expect(page.locator("[data-error-summary]")).to_be_focused()
        audit.check(f"report a problem error {prefix}")
        page.locator("#id_category_0").check()
        page.locator("#id_message").fill("Telefonnumret är fel.")
        audit.check(f"report a problem filled in, not sent {prefix}")
        submit(page, send)
        audit.check(f"report thanks {prefix}")
    audit.assert_clean()


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["sv", "en"])
def test_access_denied_and_not_found_pages_have_no_axe_violations(page, prefix):
    User.objects.create_user("invanare", "i@example.se", PASSWORD)
    audit = AxeAudit(page)
    audit.visit("self-service without a link: 403", f"{prefix}/min-organisation/", status=403)
    sign_in(page, username="invanare", prefix=prefix)  # lands on the officer pages: 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You do not have access to this page" if prefix else "Du har inte tillgång till sidan"
    )
    audit.check("signed in, not an officer: 403")
    audit.visit("unknown organisation: 404", f"{prefix}/organisationer/finns-inte/", status=404)
    audit.visit("unknown address: 404", f"{prefix}/finns/inte/", status=404)
    audit.assert_clean()


def test_officer_pages_fit_a_320_pixel_screen(page, officer, linden):
    """Wide tables scroll inside a labelled, focusable region; the page does not."""
    registration = pending_registration()
    change = change_request(
        linden,
        name="Arbetsintegreringskooperativet Vätterstranden",
        website="https://www.vatternsarbetsintegrerandeverkstad.example.se/cykelverkstaden",
    )
    problem_report(linden, "Adressen är fel.")
    page.set_viewport_size(NARROW)
    sign_in(page)
    audit = AxeAudit(page)
    for state, url in [
        ("dashboard", "/handlaggare/"),
        ("queue", "/handlaggare/granskning/"),
        ("registration", f"/handlaggare/granskning/{registration.pk}/"),
        ("change request", f"/handlaggare/granskning/{change.pk}/"),
        ("problem reports", "/handlaggare/problem/"),
    ]:
        audit.visit(f"{state} at 320 px", url)
        assert_fits(page)
    audit.assert_clean()

    # The comparison's region is named by the table's caption and reached by keyboard.
    page.goto(f"/handlaggare/granskning/{change.pk}/")
    caption = page.locator("table.comparison caption").text_content()
    region = page.get_by_role("region", name=caption)
    tab_to(page, ".table-responsive")
    expect(region).to_be_focused()


# --- the layout around the work -------------------------------------------------------------


def relative_luminance(css_colour: str) -> float:
    red, green, blue = (int(part) / 255 for part in re.findall(r"\d+", css_colour)[:3])

    def linear(channel):
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def contrast_on_white(css_colour: str) -> float:
    return 1.05 / (relative_luminance(css_colour) + 0.05)


def test_the_top_bar_names_the_officer_and_the_footer_stays_down(page, officer):
    officer.first_name, officer.last_name = "Karin", "Lind"
    officer.save()
    sign_in(page)
    header = page.get_by_role("banner")
    expect(header).to_contain_text("Inloggad som Karin Lind")
    expect(header.get_by_role("button", name="Logga ut")).to_be_visible()
    audit = AxeAudit(page)
    audit.check("dashboard with the officer's name")
    for url in ["/handlaggare/kontroll/", "/min-organisation/lank/skickad/"]:
        page.goto(url)
        height = page.evaluate("window.innerHeight")
        assert page.evaluate("document.documentElement.scrollHeight") <= height  # a short page
        bottom = page.evaluate("document.querySelector('footer').getBoundingClientRect().bottom")
        assert abs(bottom - height) <= 1, f"the footer ends at {bottom}px of {height}px on {url}"
    audit.check("a short page, the footer at the bottom")
    page.set_viewport_size(NARROW)
    page.goto("/handlaggare/")
    audit.check("dashboard at 320 px")
    assert_fits(page)
    audit.assert_clean()


def test_officer_sub_navigation_pills_mark_the_page_and_secondary_buttons_do_not_look_disabled(
    page, officer
):
    sign_in(page)
    page.goto("/handlaggare/granskning/")
    subnav = page.get_by_role("navigation", name="Handläggarsidor")
    current = subnav.locator('[aria-current="page"]')
    expect(current).to_have_text("Granskningskö")
    expect(current).to_have_class(re.compile(r"\bactive\b"))
    assert contrast_on_white(current.evaluate("(a) => getComputedStyle(a).backgroundColor")) >= 4.5
    other = subnav.get_by_role("link", name="Felanmälningar")
    assert contrast_on_white(other.evaluate("(a) => getComputedStyle(a).color")) >= 4.5
    # The top bar does not repeat the sub-navigation's links.
    expect(page.get_by_role("banner").get_by_role("link", name="Insatser")).to_have_count(0)
    expect(subnav.get_by_role("link", name="Insatser")).to_have_count(1)

    answer_registration_steps(page, upto=3)
    button = page.get_by_role("button", name="Lägg till ytterligare en kontaktperson")
    colour, border = button.evaluate(
        "(b) => [getComputedStyle(b).color, getComputedStyle(b).borderTopColor]"
    )
    assert contrast_on_white(colour) >= 7, f"the button's text is {colour}: it looks disabled"
    assert contrast_on_white(border) >= 4.5, f"the button's edge is {border}"
    assert_no_axe_violations(page)
