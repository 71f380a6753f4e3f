"""Reports in a real browser: axe (WCAG 2.0/2.1 A and AA) on the request pages, the report
editor and its error state, a published report and the public list; charts drawn beside
their tables; and a print-media screenshot in which the charts are present."""

import uuid

import pytest
from playwright.sync_api import expect

from partnerships import report_services
from tests.browser.helpers import PASSWORD, AxeAudit, sign_in
from tests.partnerships.conftest import lekeberg, lekeberg_officer, lekeberg_unit  # noqa: F401
from tests.partnerships.report_fixtures import report_world  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHARTS_DRAWN = (
    "() => [...document.querySelectorAll('canvas[data-chart]')]"
    ".every((c) => window.Chart && window.Chart.getChart(c))"
)


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def world(report_world):  # noqa: F811
    officer = report_world["officer"]
    officer.set_password(PASSWORD)
    officer.save()
    version, _ = report_services.report_publish(
        actor=officer, request_id=report_world["request"].pk, idempotency_key=uuid.uuid4()
    )
    return {**report_world, "version": version}


def editor_url(world, index=0) -> str:
    request, question = world["request"], world["questions"][index]
    return f"/handlaggare/rapportering/{request.pk}/fragor/{question.pk}/"


def test_every_report_page_passes_axe(page, world):
    audit = AxeAudit(page)
    request = world["request"]
    audit.visit("public list of reports", "/rapporter/")
    audit.visit("published report", f"/rapporter/{request.pk}/")
    page.wait_for_function(CHARTS_DRAWN)
    audit.check("published report, charts drawn")
    audit.visit("published report in English", f"/en/rapporter/{request.pk}/")
    sign_in(page, "lekeberg-officer")
    audit.visit("requests", "/handlaggare/rapportering/")
    audit.visit("new request", "/handlaggare/rapportering/ny/")
    page.get_by_role("button", name="Spara ärendet").click()
    expect(page.locator(".error-summary, [role=alert]").first).to_be_visible()
    audit.check("new request, errors")
    audit.visit("request with its draft", f"/handlaggare/rapportering/{request.pk}/")
    page.wait_for_function(CHARTS_DRAWN)
    audit.check("request with its draft, charts drawn")
    audit.visit("edit request", f"/handlaggare/rapportering/{request.pk}/andra/")
    audit.visit("report editor", editor_url(world))
    page.wait_for_function(CHARTS_DRAWN)
    audit.check("report editor, charts drawn")
    # The editor's error state: a block without what it needs, and the answer emptied.
    page.get_by_label("En organisations samarbete över tid").check()
    expect(page.locator("#id_goal")).to_be_hidden()  # only what the kind needs
    expect(page.locator("#id_organisation")).to_be_visible()
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_text("Välj organisationen vars samarbete ska visas").first).to_be_visible()
    audit.check("report editor, block errors")
    page.goto(editor_url(world))
    page.locator("#id_question_text").fill("")
    page.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Skriv frågan").first).to_be_visible()
    audit.check("report editor, answer errors")
    # A preview with live figures.
    page.goto(editor_url(world, 1))
    page.get_by_label("Uppföljning av ett mål i ett styrdokument").check()
    page.locator("#id_goal").select_option(str(world["goal"].pk))
    page.get_by_role("button", name="Förhandsgranska").click()
    expect(page.get_by_role("heading", name="Förhandsgranska")).to_be_visible()
    page.wait_for_function(CHARTS_DRAWN)
    audit.check("report editor, preview")
    audit.assert_clean()


def test_the_printed_report_has_its_charts_and_every_column(page, world, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/rapporter/{world['request'].pk}/")
    page.wait_for_function(CHARTS_DRAWN)
    page.wait_for_function(
        "() => [...document.querySelectorAll('img.chart-print-image')]"
        ".every((i) => i.src.startsWith('data:image/png') && i.complete && i.naturalWidth > 0)"
    )
    page.emulate_media(media="print")
    images = page.locator("img.chart-print-image")
    assert images.count() == 2  # the goal's two charts
    for index in range(images.count()):
        image = images.nth(index)
        expect(image).to_be_visible()
        box = image.bounding_box()
        assert box["width"] > 200 and box["height"] > 100
        # Not blank: the chart image has drawn pixels of more than one colour.
        colours = page.evaluate(
            """(img) => {
                const c = document.createElement('canvas');
                c.width = img.naturalWidth; c.height = img.naturalHeight;
                const g = c.getContext('2d'); g.drawImage(img, 0, 0);
                const d = g.getImageData(0, 0, c.width, c.height).data;
                const seen = new Set();
                for (let i = 0; i < d.length; i += 4 * 97) {
                    if (d[i + 3]) seen.add(d[i] + ',' + d[i + 1] + ',' + d[i + 2]);
                }
                return seen.size;
            }""",
            image.element_handle(),
        )
        assert colours > 3
    expect(page.locator("canvas[data-chart]").first).to_be_hidden()
    # Tables keep all their columns: none is wider than the page.
    overflow = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('table.report-data')]"
        ".map((t) => t.scrollWidth - t.parentElement.clientWidth))"
    )
    assert overflow <= 1
    # Every page carries the municipality, diary number and date.
    running = page.locator("thead.print-running").first
    expect(running).to_be_visible()
    expect(running).to_contain_text("Lekeberg")
    expect(running).to_contain_text("KS 2026/45")
    screenshot = tmp_path / "report-print.png"
    page.screenshot(path=str(screenshot), full_page=True)
    assert screenshot.stat().st_size > 10_000
    pdf = page.pdf(format="A4")  # Chromium's own print, as the browser's print dialog
    assert pdf.startswith(b"%PDF")


def test_the_editor_works_by_keyboard(page, world):
    sign_in(page, "lekeberg-officer")
    page.goto(editor_url(world, 1))
    page.get_by_label("Uppföljning av ett mål i ett styrdokument").focus()
    page.keyboard.press("Space")
    page.locator("#id_goal").focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("button", name="Lägg till i svaret").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.get_by_text("Blocket är tillagt i svaret.")).to_be_visible()
