"""The municipality map's outlines and classes (registry.choropleth)."""

import csv
import re

import pytest
from django.utils import translation

from registry import choropleth
from registry.models import Municipality

CSV = choropleth.MAP_FILE.parent / "municipalities.csv"


def _label(name, count):
    return f"{name}: {count}"


def _build(counts, **kwargs):
    return choropleth.build(
        counts,
        id="test-map",
        title="Test",
        description="A test map",
        count_label="Things",
        label=kwargs.pop("label", _label),
        url=kwargs.pop("url", lambda code, count: f"/x/{code}/" if count else None),
        **kwargs,
    )


def test_every_municipality_has_an_outline():
    with CSV.open(encoding="utf-8") as f:
        codes = {row["code"] for row in csv.DictReader(f)}
    shapes = choropleth.outlines()
    assert len(codes) == 290
    assert set(shapes["municipalities"]) == codes
    assert all(
        re.fullmatch(r"(M[-\d. ]+l[-\d. ]+z)+", d) for d in shapes["municipalities"].values()
    )
    assert len(shapes["counties"]) == 21
    assert re.fullmatch(r"0 0 \d+ \d+", shapes["viewBox"])


def test_the_outlines_are_small():
    assert choropleth.MAP_FILE.stat().st_size < 300 * 1024


@pytest.mark.django_db
def test_the_outlines_match_the_register_s_municipalities():
    codes = set(Municipality.objects.values_list("code", flat=True))
    assert codes == set(choropleth.outlines()["municipalities"])
    assert all(len(code) == 4 for code in codes)


def test_breaks_are_the_quintiles_of_the_counts_above_zero():
    assert choropleth.breaks(list(range(0, 11))) == [2, 4, 6, 8, 10]
    assert choropleth.breaks([0, 0, 0]) == []
    assert choropleth.breaks([]) == []
    # Few distinct counts: as many classes as there are, none empty.
    assert choropleth.breaks([1, 1, 1, 1, 7]) == [1, 7]
    assert choropleth.breaks([3]) == [3]


@pytest.mark.django_db
def test_zero_has_its_own_class_and_every_municipality_is_drawn():
    drawn = _build({"0583": 10, "0580": 1, "1814": 5, "0180": 3, "1480": 8})
    assert len(drawn.areas) == 290
    by_code = {area.code: area for area in drawn.areas}
    assert by_code["0114"].css_class == "map-c0" and by_code["0114"].count == 0
    assert by_code["0114"].url is None
    assert by_code["0580"].css_class == "map-c1"
    assert by_code["0583"].css_class == "map-c5"
    assert by_code["0583"].url == "/x/0583/"
    assert by_code["0583"].title == "Motala: 10"
    assert by_code["0583"].d == choropleth.outlines()["municipalities"]["0583"]
    assert sorted({area.css_class for area in drawn.areas}) == [f"map-c{i}" for i in range(6)]
    dash = "\u2013"
    assert [entry.label for entry in drawn.legend] == [
        "0",
        "1",
        f"2{dash}3",
        f"4{dash}5",
        f"6{dash}8",
        f"9{dash}10",
    ]


@pytest.mark.django_db
def test_no_counts_at_all():
    drawn = _build({})
    assert {area.css_class for area in drawn.areas} == {"map-c0"}
    assert [entry.css_class for entry in drawn.legend] == ["map-c0"]


@pytest.mark.django_db
def test_fewer_classes_spread_over_the_palette():
    drawn = _build({"0583": 1, "0580": 9})
    classes = {area.code: area.css_class for area in drawn.areas}
    assert (classes["0583"], classes["0580"]) == ("map-c1", "map-c5")
    assert [e.label for e in drawn.legend] == ["0", "1", "2\u20139"]


@pytest.mark.django_db
def test_ordered_by_county_then_municipality():
    drawn = _build({})
    keys = [(area.county, area.name) for area in drawn.areas]
    assert keys == sorted(keys)
    assert keys[0][0] == "Blekinge län"


@pytest.mark.django_db
def test_the_current_municipality_is_marked():
    drawn = _build({}, current="0583")
    assert [area.code for area in drawn.areas if area.current] == ["0583"]


@pytest.mark.django_db
def test_numbers_in_the_locale_s_format():
    with translation.override("sv"):
        drawn = _build({"0583": 12345, "0580": 2})
        assert choropleth.formatted(12345) == "12\xa0345"
        assert drawn.legend[-1].label == "3\u201312\xa0345"
    with translation.override("en"):
        assert choropleth.formatted(12345) == "12,345"
