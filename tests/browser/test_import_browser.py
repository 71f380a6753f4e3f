"""Importing a spreadsheet in a real browser: upload (with its errors), mapping (with its
errors), the dry run, the import, and the progress page; axe on every state."""

import pytest
from playwright.sync_api import expect

from registry.models import ImportJob, Organisation
from tests.browser.helpers import AxeAudit, sign_in
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CSV = (
    "Namn;Organisationsnummer;Juridisk form;Typ;Kommun;E-post;Postnummer;Ort\r\n"
    "Fjugesta Hembygdsförening;802002-4280;61;Ideell förening;Lekeberg;"
    "info@hembygd.se;71631;Fjugesta\r\n"
    "Lekebergs Kooperativ;;51;Kooperativ;1814;;;\r\n"
).encode("cp1252")
BROKEN = "Namn;Postnummer;Anteckning\r\nTrasiga föreningen;12;\r\n".encode()


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def officer():
    user = make_officer(municipalities=("1814",))
    return user


def submit(page, button):
    with page.expect_navigation():
        page.get_by_role("button", name=button).click()


def choose_file(page, name: str, data: bytes, mime="text/csv"):
    page.get_by_label("Fil").set_input_files({"name": name, "mimeType": mime, "buffer": data})


def test_an_officer_imports_a_spreadsheet(page, officer):
    audit = AxeAudit(page)
    sign_in(page)
    audit.visit("upload", "/handlaggare/import/")

    submit(page, "Ladda upp och välj kolumner")
    expect(page.locator(".error-summary")).to_contain_text("Välj filen som ska importeras")
    audit.check("upload, no file")

    choose_file(page, "register.pdf", b"%PDF-1.4")
    submit(page, "Ladda upp och välj kolumner")
    expect(page.locator(".error-summary")).to_contain_text("CSV-fil")
    audit.check("upload, wrong type")

    choose_file(page, "register.csv", CSV)
    submit(page, "Ladda upp och välj kolumner")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj kolumner")
    expect(page.get_by_label("Namn", exact=True)).to_have_value("name")
    audit.check("mapping")

    page.get_by_label("Ort", exact=True).select_option("name")
    submit(page, "Visa vad importen kommer att göra")
    expect(page.locator(".error-summary")).to_contain_text("redan vald")
    audit.check("mapping, a field twice")

    page.get_by_label("Ort", exact=True).select_option("city")
    submit(page, "Visa vad importen kommer att göra")
    expect(page.get_by_role("heading", level=1)).to_have_text("Provkörning av importen")
    expect(page.locator("main")).to_contain_text("2 poster skapas")
    audit.check("dry run")
    assert not Organisation.objects.filter(name="Lekebergs Kooperativ").exists()

    submit(page, "Importera alla rader")
    expect(page.get_by_role("heading", level=1)).to_have_text("Importerad")
    expect(page.locator("main")).to_contain_text("2 poster skapade")
    audit.check("done")
    assert Organisation.objects.get(org_number="802002-4280").postal_code == "716 31"

    # A file with a refused row: the dry run says why and offers no import.
    page.goto("/handlaggare/import/")
    choose_file(page, "trasig.csv", BROKEN)
    submit(page, "Ladda upp och välj kolumner")
    page.get_by_label("Juridisk form för rader som inte anger någon").select_option("61")
    page.get_by_label("Typ för rader som inte anger någon").select_option("association")
    submit(page, "Visa vad importen kommer att göra")
    expect(page.locator("main")).to_contain_text("1 rad avvisad")
    expect(page.locator("main table")).to_contain_text("Postnummer")
    expect(page.get_by_role("button", name="Importera alla rader")).to_have_count(0)
    audit.check("dry run, refused rows")

    job = ImportJob.objects.create(
        created_by=officer,
        municipality_id="1814",
        file_name="stor.csv",
        status="importing",
        rows=[[n, ["A"]] for n in range(2, 1002)],
        processed=300,
    )
    audit.visit("progress", f"/handlaggare/import/{job.pk}/")
    expect(page.get_by_role("status")).to_contain_text("300 av 1000 rader klara")
    audit.assert_clean()


def test_the_upload_form_works_with_the_keyboard(page, officer):
    sign_in(page)
    page.goto("/handlaggare/import/")
    choose_file(page, "register.csv", CSV)
    page.get_by_label("Fil").focus()
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # past the municipality (one choice, preselected)
    with page.expect_navigation():
        page.get_by_role("button", name="Ladda upp och välj kolumner").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Välj kolumner")
