"""The statistics pages' map of the support per municipality (registry.choropleth): the
published efforts active in the period, by their responsible unit's municipality."""

import datetime
import re

import pytest
from django.utils import timezone

from tests.partnerships.factories import EffortFactory

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def efforts(motala_unit, lekeberg_unit):
    """Motala: two published efforts and one not published; Lekeberg: one published
    effort that ended before the period and one inside it."""
    start = datetime.date(THIS_YEAR - 1, 2, 1)
    EffortFactory(responsible_unit=motala_unit, start_date=start)
    EffortFactory(responsible_unit=motala_unit, start_date=datetime.date(THIS_YEAR, 1, 5))
    EffortFactory(responsible_unit=motala_unit, start_date=start, is_public=False)
    EffortFactory(
        responsible_unit=lekeberg_unit,
        start_date=datetime.date(THIS_YEAR - 15, 1, 1),
        end_date=datetime.date(THIS_YEAR - 12, 12, 31),
        status="completed",
    )
    EffortFactory(responsible_unit=lekeberg_unit, start_date=start)


def figures(html: str) -> dict[str, int]:
    found = re.findall(r'data-code="(\d{4})">(\d+)</td>', html)
    return {code: int(n) for code, n in found if int(n)}


def test_the_statistics_page_shows_the_support_per_municipality(client, efforts):
    response = client.get("/statistik/")
    html = response.content.decode()
    assert figures(html) == {"0583": 2, "1814": 1}  # published and in the period only
    assert f"Stöd per kommun, {THIS_YEAR - 9}\u2013{THIS_YEAR}" in html
    assert "<title>Motala: 2 insatser</title>" in html
    assert "<title>Lekeberg: 1 insats</title>" in html
    assert "<title>Ale: 0 insatser</title>" in html
    assert 'href="#support-map-table"' in html and "Hoppa över kartan" in html
    # Every municipality leads to its own statistics, on the map and in the table.
    assert '<a href="/statistik/0114/" aria-label="Upplands Väsby: 0 insatser">' in html
    assert '<a href="/statistik/0583/">Motala</a>' in html
    assert "/static/css/municipality_map.css" in html


def test_a_municipality_s_page_marks_it_on_the_map(client, efforts):
    response = client.get("/en/statistik/1814/")
    html = response.content.decode()
    assert figures(html) == {"0583": 2, "1814": 1}  # the whole country, still
    assert [area.code for area in response.context["map"].areas if area.current] == ["1814"]
    assert html.count("map-current") == 2  # the shape and the table's row
    assert "<title>Lekeberg: 1 effort</title>" in html


def test_the_map_s_figures_follow_every_change(client, efforts, motala_unit):
    assert figures(client.get("/statistik/").content.decode())["0583"] == 2
    EffortFactory(responsible_unit=motala_unit, start_date=datetime.date(THIS_YEAR, 3, 1))
    assert figures(client.get("/statistik/").content.decode())["0583"] == 3
