"""The effort log in a real browser: logging an effort with goals and organisations,
the follow-up charts, and axe (WCAG 2.0/2.1 A and AA) on every partnerships page,
forms in their error state included, on a desktop and at 320 px."""

import datetime
import re
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from partnerships.models import Effort, FollowUpNote, OfficerMembership, PolicyGoal
from tests.browser.helpers import AxeAudit, sign_in
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, FollowUpNoteFactory, MunicipalUnitFactory
from tests.registry.helpers import make_officer

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROW = {"width": 320, "height": 800}


@pytest.fixture(autouse=True)
def no_smooth_scrolling(page):
    page.emulate_media(reduced_motion="reduce")


@pytest.fixture
def csp_errors(page):
    """Scripts or styles the Content-Security-Policy refused, and uncaught script errors."""
    errors: list[str] = []

    def collect(message):
        text = message.text
        if message.type == "error" and ("Content Security Policy" in text or "Uncaught" in text):
            errors.append(text)

    page.on("console", collect)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


@pytest.fixture
def officer():
    user = make_officer("handlaggare", municipalities=("0583",))
    user.first_name, user.last_name = "Maja", "Handläggare"
    user.save()
    return user


@pytest.fixture
def motala_data(officer):
    """Units, organisations and a few efforts with goals, organisations and notes."""
    goals = {g.code: g for g in PolicyGoal.objects.filter(document__municipality_id="0583")}
    social = MunicipalUnitFactory(municipality_id="0583", name="Socialförvaltningen")
    culture = MunicipalUnitFactory(municipality_id="0583", name="Kultur- och fritidsförvaltningen")
    MunicipalUnitFactory(municipality_id="0583", name="Kommunalt energibolag", kind="company")
    verkstad = OrganisationFactory(
        name="Vätterns Verkstad", slug="vatterns-verkstad", kind="social_enterprise"
    )
    kvarnen = OrganisationFactory(name="Kvarnens vänner", slug="kvarnens-vanner")
    iop = EffortFactory(
        title="IOP om mötesplats för nyanlända",
        kind="iop",
        responsible_unit=social,
        responsible_officer=officer,
        start_date=datetime.date(2021, 2, 1),
        end_date=datetime.date(2023, 12, 31),
        status="completed",
        amount_awarded=Decimal("450000"),
        amount_paid=Decimal("450000"),
        decision_body="Socialnämnden",
        decision_diary_number="SN 2020/114",
        goals=[(goals["M3"], "Partnerskap med en viktig aktör."), goals["M6"]],
        organisations=[(kvarnen, "partner")],
    )
    FollowUpNoteFactory(effort=iop, author=officer, text="Partnerskapsdialog om målen.")
    for year in (2019, 2022, 2024):
        EffortFactory(
            title=f"Föreningsbidrag {year}",
            responsible_unit=culture,
            start_date=datetime.date(year, 3, 1),
            amount_awarded=Decimal(20000 * (year - 2017)),
            goals=[goals["M1"]],
            organisations=[kvarnen],
        )
    EffortFactory(
        title="Arbetsträningsplatser hos Vätterns Verkstad",
        kind="work_training",
        responsible_unit=social,
        start_date=datetime.date(2024, 1, 15),
        amount_awarded=Decimal("300000"),
        amount_paid=Decimal("150000"),
        work_training_people=6,
        goals=[(goals["M4"], "Köper arbetsträning av ett socialt företag.")],
        organisations=[(verkstad, "provider")],
    )
    return {"goals": goals, "iop": iop, "verkstad": verkstad, "kvarnen": kvarnen, "social": social}


def test_logging_an_effort_with_goals_and_organisations(page, officer, motala_data, csp_errors):
    goals = motala_data["goals"]
    audit = AxeAudit(page)
    sign_in(page)
    page.goto("/handlaggare/insatser/")
    page.get_by_role("link", name="Registrera en insats").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrera en insats")
    audit.check("effort form")

    # Sent empty: the error summary comes first, has focus, and links to the fields.
    page.get_by_role("button", name="Registrera insatsen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    audit.check("effort form, errors")
    summary.get_by_role("link", name="Titel: Skriv insatsens titel").click()
    expect(page.locator("#id_title")).to_be_focused()

    page.get_by_label("Titel").fill("Reserverad upphandling av cykelservice")
    page.get_by_label("Typ av insats").select_option(
        label="Upphandling med sociala hänsyn eller reserverad upphandling"
    )
    page.get_by_label("Status").select_option(label="Pågående")
    page.get_by_label("Ansvarig enhet").select_option(label="Socialförvaltningen (Motala)")
    page.get_by_label("Startdatum").fill("2025-02-01")
    page.get_by_label("Beviljat (kr)").fill("125 000")
    payment = page.get_by_role("group", name="Utbetalning 1")
    payment.get_by_label("Utbetalningsdag").fill("2025-03-01")
    payment.get_by_label("Belopp (kr)").fill("25 000,50")
    page.get_by_label("Offentlig").check()
    m4 = goals["M4"]
    page.get_by_label(f"M4 {m4.name_sv}").check()
    page.get_by_label("Hur insatsen bidrar till mål M4").fill("Uppdrag till ett socialt företag.")
    page.get_by_label("M7 Alla förvaltningar och bolag bidrar").check()
    first = page.get_by_role("group", name="Organisation 1")
    first.get_by_label("Organisation", exact=True).select_option(
        label=f"Vätterns Verkstad ({motala_data['verkstad'].org_number})"
    )
    first.get_by_label("Roll").select_option(label="Utförare")

    # One more row for a third organisation: nothing typed is lost.
    page.get_by_role("button", name="Lägg till en rad för ännu en organisation").click()
    expect(page.get_by_role("group", name="Organisation 3")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Reserverad upphandling av cykelservice")
    expect(page.get_by_label("Hur insatsen bidrar till mål M4")).to_have_value(
        "Uppdrag till ett socialt företag."
    )
    expect(page.get_by_label(f"M4 {m4.name_sv}")).to_be_checked()
    audit.check("effort form, extra row")
    third = page.get_by_role("group", name="Organisation 3")
    third.get_by_label("Organisation", exact=True).select_option(
        label=f"Kvarnens vänner ({motala_data['kvarnen'].org_number})"
    )
    third.get_by_label("Roll").select_option(label="Partner")

    page.get_by_role("button", name="Registrera insatsen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Reserverad upphandling av cykelservice"
    )
    expect(page.get_by_role("status")).to_contain_text("Insatsen är registrerad.")
    effort = Effort.objects.get(title="Reserverad upphandling av cykelservice")
    assert effort.amount_awarded == Decimal("125000")
    assert effort.amount_paid == Decimal("25000.50")
    assert effort.responsible_officer == officer
    assert sorted(effort.goal_links.values_list("goal__code", "note")) == [
        ("M4", "Uppdrag till ett socialt företag."),
        ("M7", ""),
    ]
    assert sorted(effort.organisation_links.values_list("organisation__name", "role")) == [
        ("Kvarnens vänner", "partner"),
        ("Vätterns Verkstad", "provider"),
    ]
    audit.check("effort detail")

    # A follow-up note, first with an error, then saved.
    notes = page.locator("#notes")
    notes.get_by_label("Typ av anteckning").select_option(label="Möte")
    notes.get_by_role("button", name="Spara anteckningen").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    audit.check("note form, errors")
    page.locator("#notes").get_by_role("textbox", name="Anteckning").fill(
        "Startmöte med verkstaden."
    )
    page.locator("#notes").get_by_role("button", name="Spara anteckningen").click()
    expect(page.locator("#notes")).to_contain_text("Startmöte med verkstaden.")
    assert FollowUpNote.objects.get(effort=effort).author == officer
    expect(page.locator("#history")).to_contain_text("Insatsen registrerades")
    audit.assert_clean()
    assert not csp_errors, csp_errors


def test_an_edit_conflict_keeps_what_was_typed(page, officer, motala_data):
    iop = motala_data["iop"]
    audit = AxeAudit(page)
    sign_in(page)
    page.goto(f"/handlaggare/insatser/{iop.pk}/andra/")
    page.get_by_label("Titel").fill("Min nya titel")
    # Meanwhile a colleague saves.
    Effort.objects.filter(pk=iop.pk).update(title="Kollegans titel", version=2)
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.get_by_role("heading", name="Någon annan sparade insatsen")).to_be_visible()
    expect(page.get_by_label("Titel")).to_have_value("Min nya titel")
    expect(page.get_by_role("table", name="Där din version skiljer sig")).to_contain_text(
        "Kollegans titel"
    )
    audit.check("effort form, edit conflict")
    page.get_by_role("button", name="Spara ändringarna").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Min nya titel")
    audit.assert_clean()


def test_goal_pages_draw_charts_with_tables(page, officer, motala_data, csp_errors):
    sign_in(page)
    page.goto(f"/handlaggare/mal/{motala_data['goals']['M1'].pk}/")
    canvas = page.get_by_role("img", name="Diagram: Insatser och beviljade kronor per år")
    expect(canvas).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => window.Chart && window.Chart.getChart(c))"
    )
    table = page.get_by_role("table", name="Tabell: Insatser och beviljade kronor per år")
    # 2019 to this year: efforts without an end date are active to this year (issue 9)
    expect(table.get_by_role("row")).to_have_count(1 + datetime.date.today().year - 2019 + 1)
    expect(table).to_contain_text("2022")
    page.goto("/handlaggare/mal/")
    page.wait_for_function(
        "() => document.querySelectorAll('canvas[data-chart]').length === 2"
        " && [...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => window.Chart && window.Chart.getChart(c))"
    )
    assert not csp_errors, csp_errors


def officer_pages(data) -> list[tuple[str, str]]:
    iop = data["iop"]
    note = iop.notes.first()
    goal = data["goals"]["M1"]
    return [
        ("effort list", "/handlaggare/insatser/"),
        ("effort list, filtered", "/handlaggare/insatser/?kind=iop&organisation=kvarnen"),
        ("effort list, filter errors", "/handlaggare/insatser/?active_from=igar&awarded_min=x"),
        ("effort detail", f"/handlaggare/insatser/{iop.pk}/"),
        ("effort edit", f"/handlaggare/insatser/{iop.pk}/andra/"),
        ("note edit", f"/handlaggare/insatser/{iop.pk}/anteckningar/{note.pk}/andra/"),
        ("organisation's efforts", "/handlaggare/organisationer/kvarnens-vanner/insatser/"),
        ("goal overview", "/handlaggare/mal/"),
        ("goal overview, period", "/handlaggare/mal/?from_year=2020&to_year=2023"),
        ("goal overview, period error", "/handlaggare/mal/?from_year=2024&to_year=2020"),
        ("goal page", f"/handlaggare/mal/{goal.pk}/"),
        ("goal page without efforts", f"/handlaggare/mal/{data['goals']['M5'].pk}/"),
        ("units' contribution", "/handlaggare/mal/enheter/"),
        ("policy documents", "/handlaggare/styrdokument/"),
        ("new policy document", "/handlaggare/styrdokument/nytt/"),
        ("edit a goal", f"/handlaggare/mal/{goal.pk}/andra/"),
        ("units", "/handlaggare/enheter/"),
        ("new unit", "/handlaggare/enheter/ny/"),
        ("goal overview in English", "/en/handlaggare/mal/"),
    ]


def public_pages(data) -> list[tuple[str, str]]:
    return [
        ("public list", "/samverkan/"),
        ("public list, filtered", "/samverkan/?kind=grant&municipality=0583"),
        ("public list, filter error", "/samverkan/?year=tjugo"),
        ("public effort", f"/samverkan/{data['iop'].pk}/"),
        ("organisation with efforts", "/organisationer/kvarnens-vanner/"),
        ("public list in English", "/en/samverkan/"),
    ]


def audit_forms_in_error_state(page, audit, data):
    page.goto("/handlaggare/enheter/ny/")
    page.get_by_role("button", name="Spara").click()
    audit.check("unit form, errors")
    page.goto("/handlaggare/styrdokument/nytt/")
    page.get_by_role("button", name="Spara").click()
    audit.check("policy document form, errors")
    page.goto(f"/handlaggare/styrdokument/{data['goals']['M1'].document_id}/mal/nytt/")
    page.get_by_role("button", name="Spara").click()
    audit.check("goal form, errors")


@pytest.mark.parametrize("viewport", ["desktop", "320px"])
def test_every_partnerships_page_passes_axe(page, officer, motala_data, viewport):
    if viewport == "320px":
        page.set_viewport_size(NARROW)
    audit = AxeAudit(page)
    for state, url in public_pages(motala_data):
        audit.visit(state, url)
    sign_in(page)
    for state, url in [*officer_pages(motala_data), ("new effort", "/handlaggare/insatser/ny/")]:
        audit.visit(state, url)
        if "mal/" in url and "andra" not in url:
            page.wait_for_function(
                "() => [...document.querySelectorAll('canvas[data-chart]')]"
                ".every((c) => window.Chart && window.Chart.getChart(c))"
            )
            audit.check(f"{state}, charts drawn")
        if viewport == "320px":
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{url} scrolls sideways at 320 px by {overflow} px"
    audit_forms_in_error_state(page, audit, motala_data)
    audit.assert_clean()


def test_no_municipality_page_passes_axe(page):
    make_officer("utan-kommun", municipalities=())
    audit = AxeAudit(page)
    sign_in(page, "utan-kommun")
    audit.visit("no municipality", "/handlaggare/insatser/ny/", status=403)
    audit.assert_clean()


def test_double_submit_creates_one_effort(page, officer, motala_data):
    sign_in(page)
    page.goto("/handlaggare/insatser/ny/")
    page.get_by_label("Titel").fill("Dubbelklickad insats")
    page.get_by_label("Typ av insats").select_option(label="Bidrag")
    page.get_by_label("Ansvarig enhet").select_option(label="Socialförvaltningen (Motala)")
    key = page.locator("input[name=idempotency_key]").input_value()
    uuid.UUID(key)
    button = page.get_by_role("button", name="Registrera insatsen")
    button.dblclick()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dubbelklickad insats")
    assert Effort.objects.filter(title="Dubbelklickad insats").count() == 1


# --- Charts, tables and the effort form at a desktop's width and a phone's --------------------

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "360px": {"width": 360, "height": 800}}
LONG_KIND = "Upphandling med sociala hänsyn eller reserverad upphandling"

CHART_FACTS = """(id) => {
    const chart = window.Chart.getChart(document.getElementById(id));
    const category = chart.scales[chart.options.indexAxis === "y" ? "y" : "x"];
    return {
        types: chart.data.datasets.map((d) => d.type),
        indexAxis: chart.options.indexAxis,
        labels: chart.data.labels.length,
        ticks: category.ticks.length,
        widest: category._labelSizes.widest.width,
        highest: category._labelSizes.highest.height,
        width: category.width,
        left: category.left,
        band: (category.bottom - category.top) / chart.data.labels.length,
    };
}"""

WORDS_SPLIT_OVER_LINES = """(selector) => {
    const broken = [];
    for (const cell of document.querySelectorAll(selector)) {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                if (range.getClientRects().length > 1) broken.push(match[0]);
            }
        }
    }
    return broken;
}"""


def wait_for_charts(page):
    page.wait_for_function(
        "() => [...document.querySelectorAll('canvas[data-chart]')]"
        ".every((c) => window.Chart && window.Chart.getChart(c))"
    )


@pytest.fixture
def procurement(motala_data):
    """An effort of the kind with the longest name, so the kind chart has a long label."""
    EffortFactory(
        title="Reserverad upphandling av lokalvård",
        kind="procurement",
        responsible_unit=motala_data["social"],
        start_date=datetime.date(2023, 5, 1),
        amount_awarded=Decimal("250000"),
        goals=[motala_data["goals"]["M4"]],
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_charts_use_bars_for_kinds_lines_over_years_and_show_every_label(
    page, officer, motala_data, procurement, csp_errors, width
):
    page.set_viewport_size(WIDTHS[width])
    audit = AxeAudit(page)
    sign_in(page)
    for url in ("/handlaggare/mal/", f"/handlaggare/mal/{motala_data['goals']['M4'].pk}/"):
        page.goto(url)
        wait_for_charts(page)
        kinds = page.evaluate(CHART_FACTS, "chart-kind-canvas")
        assert kinds["types"] == ["bar", "bar"], "no line across unrelated kinds"
        assert kinds["indexAxis"] == "y"
        assert kinds["ticks"] == kinds["labels"], "every kind is labelled"
        assert kinds["left"] >= 0 and kinds["widest"] <= kinds["width"], kinds  # not cut off
        assert kinds["band"] >= kinds["highest"], kinds  # the labels do not overlap
        years = page.evaluate(CHART_FACTS, "chart-year-canvas")
        assert years["types"] == ["bar", "line"]
        assert years["ticks"] == years["labels"]
        assert (
            LONG_KIND
            in page.get_by_role(
                "table", name="Tabell: Insatser och beviljade kronor per typ"
            ).inner_text()
        )
        audit.check(f"{url}, charts drawn, {width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    audit.assert_clean()
    assert not csp_errors, csp_errors


def test_goal_names_do_not_break_inside_a_word_on_a_phone(page, officer, motala_data):
    page.set_viewport_size(WIDTHS["360px"])
    sign_in(page)
    page.goto("/handlaggare/mal/")
    cells = page.locator(".figures th[scope=row]")
    expect(cells.first).to_be_visible()
    assert cells.count() >= 8  # seven goals and the total
    assert page.evaluate(WORDS_SPLIT_OVER_LINES, ".figures th[scope=row]") == []
    page.goto(f"/handlaggare/mal/{motala_data['goals']['M6'].pk}/")
    assert page.evaluate(WORDS_SPLIT_OVER_LINES, ".figures th[scope=row], h1") == []


def test_wide_tables_say_that_they_scroll_and_scroll_by_keyboard(page, officer, motala_data):
    sign_in(page)
    page.set_viewport_size(WIDTHS["360px"])
    page.goto("/handlaggare/mal/")
    box = page.get_by_role("region", name="Insatser, organisationer som nåtts och pengar per mål")
    expect(box).to_be_visible()
    assert box.evaluate("(el) => el.scrollWidth > el.clientWidth")
    expect(page.locator("#goals-hint")).to_be_visible()
    expect(page.locator("#goals-hint")).to_have_text(
        "Svep eller rulla i sidled för att se alla kolumner."
    )
    box.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")
    page.goto("/handlaggare/mal/enheter/")
    expect(page.get_by_role("region", name="Antal insatser per enhet och mål")).to_be_visible()
    expect(page.locator("#contribution-hint")).to_be_visible()
    # On a desktop the same table fits: no hint.
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto("/handlaggare/mal/")
    expect(
        page.get_by_role("region", name="Insatser, organisationer som nåtts och pengar per mål")
    ).to_be_visible()
    expect(page.locator("#goals-hint")).to_be_hidden()


@pytest.fixture
def lekeberg_too(officer):
    OfficerMembership.objects.create(user=officer, municipality_id="1814")
    return MunicipalUnitFactory(municipality_id="1814", name="Kommunstyrelseförvaltningen")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_effort_form_offers_the_goals_that_fit_the_unit_and_dates(
    page, officer, motala_data, lekeberg_too, csp_errors, width
):
    page.set_viewport_size(WIDTHS[width])
    audit = AxeAudit(page)
    sign_in(page)
    page.goto("/handlaggare/insatser/ny/")
    m4 = page.get_by_label(re.compile(r"^M4 "))
    region = page.get_by_label(re.compile(r"^RÖ1 "))
    page.get_by_label("Ansvarig enhet").select_option(
        label="Kommunstyrelseförvaltningen (Lekeberg)"
    )
    page.get_by_label("Startdatum").fill("2023-03-01")
    expect(m4).to_be_disabled()
    expect(page.locator(f"#{m4.get_attribute('id')}_unfit")).to_have_text(
        "Inte för den valda enheten: styrdokumentet gäller inte i dess kommun."
    )
    expect(region).to_be_enabled()
    expect(page.locator("[data-goal-status]")).to_have_text(
        "Mål som inte kan väljas för den här enheten och de här datumen: 7"
    )
    audit.check(f"effort form, a Lekeberg unit, {width}")

    # Before the regional plan was in force: its goal does not fit either.
    page.get_by_label("Startdatum").fill("2021-01-01")
    page.get_by_label("Slutdatum").fill("2021-06-30")
    expect(region).to_be_disabled()
    expect(page.locator(f"#{region.get_attribute('id')}_unfit")).to_have_text(
        "Inte för de här datumen: styrdokumentet gäller inte under insatsen."
    )

    # A Motala unit: Motala's goals again, not the region's.
    page.get_by_label("Ansvarig enhet").select_option(label="Socialförvaltningen (Motala)")
    expect(m4).to_be_enabled()
    expect(region).to_be_disabled()
    m4.check()
    page.get_by_label("Hur insatsen bidrar till mål M4").fill("Uppdrag till ett socialt företag.")

    # A ticked goal is never disabled (it would vanish from the form): it says why not.
    page.get_by_label("Ansvarig enhet").select_option(
        label="Kommunstyrelseförvaltningen (Lekeberg)"
    )
    expect(m4).to_be_enabled()
    expect(m4).to_be_checked()
    expect(page.locator(f"#{m4.get_attribute('id')}_unfit")).to_contain_text("Det är ikryssat")
    assert m4.get_attribute("aria-describedby").endswith("_unfit")
    audit.check(f"effort form, a ticked goal that does not fit, {width}")

    # One submit shows every error: the missing title and the goal beside it.
    page.get_by_role("button", name="Registrera insatsen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link", name=re.compile("^Titel: "))).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("Mål M4 hör till"))).to_be_visible()
    expect(page.get_by_label("Hur insatsen bidrar till mål M4")).to_have_value(
        "Uppdrag till ett socialt företag."
    )
    audit.check(f"effort form, every error at once, {width}")
    if width == "360px":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    audit.assert_clean()
    assert not csp_errors, csp_errors
    assert not Effort.objects.filter(responsible_unit=lekeberg_too).exists()


def test_without_javascript_every_goal_is_offered(browser, live_server, officer, lekeberg_too):
    context = browser.new_context(
        base_url=live_server.url, locale="sv-SE", java_script_enabled=False
    )
    page = context.new_page()
    try:
        sign_in(page)
        page.goto("/handlaggare/insatser/ny/")
        checks = page.locator("input[data-goal-check]")
        assert checks.count() == 8  # Motala's seven and the region's
        for index in range(checks.count()):
            expect(checks.nth(index)).to_be_enabled()
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_changed_pages_pass_axe(page, officer, motala_data, lekeberg_too, width):
    page.set_viewport_size(WIDTHS[width])
    audit = AxeAudit(page)
    audit.visit(f"public list, {width}", "/samverkan/")
    audit.visit(f"public list, filter error, {width}", "/samverkan/?year=tjugo")
    audit.visit(f"public effort, {width}", f"/samverkan/{motala_data['iop'].pk}/")
    sign_in(page)
    for state, url in [
        ("effort list", "/handlaggare/insatser/"),
        ("effort list, filter errors", "/handlaggare/insatser/?active_from=igar&awarded_min=x"),
        ("goal overview", "/handlaggare/mal/"),
        ("goal overview, period error", "/handlaggare/mal/?from_year=2024&to_year=2020"),
        ("goal page", f"/handlaggare/mal/{motala_data['goals']['M1'].pk}/"),
        ("units' contribution, Lekeberg", "/handlaggare/mal/enheter/?municipality=1814"),
        (
            "units' contribution, period error",
            "/handlaggare/mal/enheter/?from_year=2024&to_year=2020",
        ),
        ("new effort", "/handlaggare/insatser/ny/"),
    ]:
        audit.visit(f"{state}, {width}", url)
        if "/mal/" in url:
            wait_for_charts(page)
            audit.check(f"{state}, charts drawn, {width}")
        assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"], url
    page.get_by_role("button", name="Registrera insatsen").click()
    expect(page.locator("[data-error-summary]")).to_be_visible()
    audit.check(f"new effort, errors, {width}")
    audit.assert_clean()
