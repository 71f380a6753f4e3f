"""The follow-up pages' charts and tables: bars for categories, lines only over years,
labels wrapped into whole words, one partial for every table of figures and one for the
period form, and every wide table in a focusable box that says it scrolls."""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings

from partnerships import followup
from partnerships.followup import Figures, Row, Years
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory

pytestmark = pytest.mark.django_db

TEMPLATES = Path(settings.BASE_DIR) / "partnerships" / "templates" / "partnerships"
LONG_KIND = "Upphandling med sociala hänsyn eller reserverad upphandling"


def rows(*labels) -> list[Row]:
    return [Row(label, label, Figures(efforts=1)) for label in labels]


def test_categories_are_bars_never_a_line():
    chart = followup.chart(rows("Bidrag", "Lokaler"), title="Per kind")
    assert chart["over"] == "categories"
    assert [series["type"] for series in chart["series"]] == ["bar", "bar"]


def test_years_draw_the_money_as_a_line_over_the_bars():
    chart = followup.chart(rows("2021", "2022"), title="Per year", over="years")
    assert [series["type"] for series in chart["series"]] == ["bar", "line"]
    assert chart["labels"] == ["2021", "2022"]


def test_an_unknown_kind_of_chart_is_refused():
    with pytest.raises(ValueError):
        followup.chart([], title="x", over="goals")


def test_category_labels_are_wrapped_into_lines_of_whole_words():
    chart = followup.chart(rows(LONG_KIND, "Kommunstyrelseförvaltningen"), title="Per kind")
    long, compound = chart["labels"]
    assert len(long) > 1
    assert " ".join(long) == LONG_KIND
    assert all(len(line) <= followup.LABEL_WIDTH for line in long)
    assert compound == ["Kommunstyrelseförvaltningen"]  # never cut inside a word


def test_the_goal_pages_chart_years_over_time_and_kinds_as_categories(
    client, motala_officer, motala_unit, motala_goals
):
    goal = motala_goals["M1"]
    EffortFactory(responsible_unit=motala_unit, kind="procurement", goals=[goal])
    client.force_login(motala_officer)
    for url in ("/handlaggare/mal/", goal.get_absolute_url()):
        charts = client.get(url).context["charts"]
        assert charts["year"]["over"] == "years"
        assert charts["kind"]["over"] == "categories"
        assert charts["kind"]["labels"] == [followup.wrap_label(LONG_KIND)]


def count_in_templates(text: str) -> dict[str, int]:
    found = {}
    for path in TEMPLATES.rglob("*.html"):
        number = path.read_text(encoding="utf-8").count(text)
        if number:
            found[str(path.relative_to(TEMPLATES))] = number
    return found


def test_the_table_of_figures_is_written_once():
    assert count_in_templates('translate "Organisations reached" %}</th>') == {
        "includes/_figures_table.html": 1
    }


def test_the_period_form_is_written_once():
    assert count_in_templates("{% for field in year_form %}") == {"includes/_year_form.html": 1}


class Tables(HTMLParser):
    """Each <table> with the attributes of the element it sits in, and every id."""

    def __init__(self):
        super().__init__()
        self.stack: list[dict] = []
        self.tables: list[dict] = []
        self.ids: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids[attrs["id"]] = {"tag": tag, **attrs}
        if tag == "table":
            self.tables.append(self.stack[-1] if self.stack else {})
        if tag not in ("br", "input", "img", "meta", "link", "hr", "source"):
            self.stack.append(attrs)

    def handle_endtag(self, tag):
        if tag not in ("br", "input", "img", "meta", "link", "hr", "source") and self.stack:
            self.stack.pop()


@pytest.fixture
def followup_data(motala, motala_goals):
    unit = MunicipalUnitFactory(municipality=motala, name="Kultur- och fritidsförvaltningen")
    for year in (2021, 2023):
        EffortFactory(
            responsible_unit=unit,
            kind="procurement",
            start_date=f"{year}-03-01",
            goals=[motala_goals["M1"]],
        )
    return motala_goals


@pytest.mark.parametrize(
    "url",
    [
        "/handlaggare/mal/",
        "/handlaggare/mal/?from_year=2021&to_year=2023",
        "goal",
        "/handlaggare/mal/enheter/",
        "/handlaggare/mal/enheter/?municipality=1814",
    ],
)
def test_every_table_scrolls_in_a_focusable_named_box_with_a_hint(
    client, motala_officer, followup_data, url
):
    client.force_login(motala_officer)
    if url == "goal":
        url = followup_data["M1"].get_absolute_url()
    response = client.get(url)
    assert response.status_code == 200
    page = Tables()
    page.feed(response.content.decode())
    assert page.tables
    for box in page.tables:
        assert "table-responsive" in box.get("class", "").split()
        assert box.get("tabindex") == "0" and box.get("role") == "region"
        assert page.ids[box["aria-labelledby"]]["tag"] == "caption"  # named by its caption
        hint = page.ids[box["data-scroll-hint"]]
        assert "table-scroll-hint" in hint["class"] and "hidden" in hint  # shown by charts.js
    assert re.search(r'<script src="[^"]*js/charts\.js" defer>', response.content.decode())


def test_goal_rows_link_to_the_goal_for_the_same_period(client, motala_officer, followup_data):
    client.force_login(motala_officer)
    html = client.get("/handlaggare/mal/", {"from_year": "2021", "to_year": "2023"})
    html = html.content.decode()
    url = followup_data["M1"].get_absolute_url()
    assert f'<a href="{url}?from_year=2021&amp;to_year=2023">M1 ' in html
    assert "(2021\u20132023)</caption>" in html


def test_the_period_in_a_link_and_in_words():
    assert Years().query() == "" and Years().display == ""
    assert Years(2020, 2023).query() == "?from_year=2020&to_year=2023"
    assert Years(2020, None).display == "2020\u2013\u2026"


def test_the_choosers_keep_the_chosen_document_and_municipality(
    client, motala_officer, followup_data, region_goal, lekeberg_unit
):
    client.force_login(motala_officer)
    html = client.get("/handlaggare/mal/", {"document": region_goal.document_id}).content.decode()
    assert f'<option value="{region_goal.document_id}" selected>' in html
    html = client.get("/handlaggare/mal/enheter/", {"municipality": "1814"}).content.decode()
    assert '<option value="1814" selected>Lekeberg</option>' in html
    assert re.search(r'<select name="municipality"[^>]*id="id_municipality"', html)


@pytest.mark.parametrize("junk", ["²", "99999999999999999999", "-1", "x" * 300, "1814\x00"])
def test_a_chooser_given_junk_shows_the_default_and_says_so(
    client, motala_officer, followup_data, junk
):
    client.force_login(motala_officer)
    pages = [("/handlaggare/mal/", "document"), ("/handlaggare/mal/enheter/", "municipality")]
    for url, name in pages:
        response = client.get(url, {name: junk})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Välj ett av alternativen i listan." in html
        assert re.search(r'<option value="[^"]+" selected>', html)  # the default is shown
