"""The organisations' map: the directory's matches inside a view, counted on a grid.

The map (``static/registry/map.js``) asks for the view it shows, a bounding box and a
zoom level, with the directory's query string; the answer is computed in PostgreSQL with
one ``GROUP BY`` over a grid of the Web Mercator projection whose cells are
``CELL_PIXELS`` screen pixels wide at that zoom, and never sends more than a screenful of
cells. Each organisation's cell on the finest grid (zoom ``MAX_ZOOM``) is kept by the
database (``Organisation.map_x``, ``map_y``, in a covering index), so a view is an
integer range and its cells are those integers shifted: no trigonometry per row:

- when at most ``MAX_POINTS`` organisations are in the view, each of them (name, detail
  page, kind, position);
- otherwise a cluster (count and mean position) for each cell with more than one, and
  the organisation itself for each cell that holds one.

The view is widened to whole cells, so a cell's count does not change as the map is
panned, and the answer is cached under that widened view, the search and the register's
version (``directory.versioned_key``): never stale, and a common view of a common search
is one cache look-up.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Avg, Count, Min, QuerySet
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.translation import gettext as _

from registry import directory as results_cache
from registry import selectors
from registry.models import Organisation

CELL_PIXELS = 64
TILE_PIXELS = 256
MAX_POINTS = 200
# The most cells a view may span each way (8 192 pixels at CELL_PIXELS): a screen is far
# smaller; a larger box at a deep zoom would ask for the whole register one by one.
MAX_CELLS_ACROSS = 128
MAX_ZOOM = 22  # its grid is Organisation.map_x and map_y (MAP_GRID_CELLS around the world)
# Web Mercator's limits: beyond them the projection has no y.
MAX_LATITUDE = 85.05112878
CACHE_SECONDS = 60 * 60


class BadView(ValueError):
    """A bounding box or a zoom level the map cannot answer for."""


@dataclass(frozen=True)
class View:
    """A part of the world at a zoom level, as whole grid cells (``x0..x1``, ``y0..y1``
    inclusive; y grows southwards, as on the screen)."""

    zoom: int
    x0: int
    x1: int
    y0: int
    y1: int

    @property
    def shift(self) -> int:
        """From the finest grid's cells (``Organisation.map_x``, ``map_y``) to this zoom's."""
        return MAX_ZOOM - self.zoom

    @property
    def cells_per_world(self) -> int:
        return (TILE_PIXELS << self.zoom) // CELL_PIXELS

    def longitude(self, x: int) -> float:
        return x / self.cells_per_world * 360.0 - 180.0

    def latitude(self, y: int) -> float:
        return math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y / self.cells_per_world))))

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """West, south, east, north of the whole cells."""
        return (
            self.longitude(self.x0),
            self.latitude(self.y1 + 1),
            self.longitude(self.x1 + 1),
            self.latitude(self.y0),
        )


def _number(raw: str, name: str) -> float:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise BadView(_("%(name)s must be a number.") % {"name": name}) from None
    if not math.isfinite(value):
        raise BadView(_("%(name)s must be a number.") % {"name": name})
    return value


def parse_view(bbox: str | None, zoom: str | None) -> View:
    """The view from the ``bbox`` ("west,south,east,north" in degrees) and ``zoom``
    parameters; ``BadView`` with the reason when they make no sense."""
    if not bbox:
        raise BadView(_("Give bbox as west,south,east,north."))
    if zoom is None or zoom == "":
        raise BadView(_("Give zoom, a whole number."))
    parts = bbox.split(",")
    if len(parts) != 4:
        raise BadView(_("Give bbox as west,south,east,north."))
    names = ("west", "south", "east", "north")
    west, south, east, north = (_number(raw, name) for raw, name in zip(parts, names, strict=True))
    try:
        level = int(zoom)
    except ValueError:
        raise BadView(_("Give zoom, a whole number.")) from None
    if not 0 <= level <= MAX_ZOOM:
        raise BadView(_("zoom must be between 0 and %(max)s.") % {"max": MAX_ZOOM})
    # A map panned past the date line or the poles asks for more than the world.
    west, east = max(west, -180.0), min(east, 180.0)
    south, north = max(south, -MAX_LATITUDE), min(north, MAX_LATITUDE)
    if not (west < east and south < north):
        raise BadView(_("bbox must have west before east and south before north."))
    cells = (TILE_PIXELS << level) // CELL_PIXELS

    def x(longitude):
        return min(cells - 1, int((longitude + 180.0) / 360.0 * cells))

    def y(latitude):
        sin = math.sin(math.radians(latitude))
        mercator = 0.5 - math.log((1 + sin) / (1 - sin)) / (4 * math.pi)
        return min(cells - 1, max(0, int(mercator * cells)))

    view = View(zoom=level, x0=x(west), x1=x(east), y0=y(north), y1=y(south))
    if max(view.x1 - view.x0, view.y1 - view.y0) >= MAX_CELLS_ACROSS:
        raise BadView(_("The bbox is too large for the zoom level."))
    return view


def _in_view(matches: QuerySet[Organisation], view: View) -> QuerySet[Organisation]:
    """The matches whose finest cell (``Organisation.map_x``, ``map_y``) is in the view's
    whole cells."""
    shift = view.shift
    return matches.filter(
        latitude__isnull=False,
        map_x__gte=view.x0 << shift,
        map_x__lt=(view.x1 + 1) << shift,
        map_y__gte=view.y0 << shift,
        map_y__lt=(view.y1 + 1) << shift,
    ).order_by()


def _points(queryset: QuerySet[Organisation]) -> list[dict]:
    kinds = dict(Organisation.Kind.choices)
    rows = queryset.order_by("name", "id").values_list(
        "name", "slug", "kind", "latitude", "longitude"
    )
    return [
        {
            "name": name,
            "url": reverse("registry:organisation-detail", kwargs={"slug": slug}),
            "kind": kind,
            "kind_label": str(kinds.get(kind, kind)),
            "lat": float(latitude),
            "lon": float(longitude),
        }
        for name, slug, kind, latitude, longitude in rows
    ]


def aggregate(matches: QuerySet[Organisation], view: View) -> dict:
    """The map's answer for ``matches`` (the directory's, ``selectors.directory_matches``)
    in ``view``: ``total`` in the view, ``clusters`` (``count``, ``lat``, ``lon``) and
    ``organisations`` (one by one). Two queries."""
    in_view = _in_view(matches, view)
    shift = view.shift
    cells = list(
        in_view.annotate(
            cx=RawSQL("registry_organisation.map_x >> %s", (shift,)),
            cy=RawSQL("registry_organisation.map_y >> %s", (shift,)),
        )
        .values("cx", "cy")
        .annotate(count=Count("id"), x=Avg("map_x"), y=Avg("map_y"), first=Min("id"))
        .values_list("count", "x", "y", "first")
    )
    total = sum(count for count, *_ in cells)
    if total <= MAX_POINTS:
        clusters, points = [], _points(in_view) if total else []
    else:
        finest = View(zoom=MAX_ZOOM, x0=0, x1=0, y0=0, y1=0)
        clusters = [
            {
                "count": count,
                # The mean of the finest cells' corners: within 3 m of the mean position.
                "lat": round(finest.latitude(float(y)), 6),
                "lon": round(finest.longitude(float(x)), 6),
            }
            for count, x, y, _first in cells
            if count > 1
        ]
        alone = [first for count, _x, _y, first in cells if count == 1]
        points = _points(Organisation.objects.filter(pk__in=alone)) if alone else []
    west, south, east, north = view.bounds
    return {
        "total": total,
        "zoom": view.zoom,
        "bbox": [round(west, 6), round(south, 6), round(east, 6), round(north, 6)],
        "clusters": clusters,
        "organisations": points,
    }


@contextmanager
def _index_only():
    """The map's queries for a free-text search, read from the map's index alone.

    ``org_map_search_idx`` holds each positioned entry's cell and search document, so a
    search over a view is an index-only scan of the view's entries (about 60 ms for the
    whole country at 300 000 organisations, whatever the word). The planner misjudges a
    large view (the cells' two ranges are correlated: it expects a sixth of the rows)
    and prefers the text index ANDed with the map's, then visits every matching row of
    the wide table: 150 ms for "idrott" over Sweden. Bitmap scans are off for these
    queries only, within their own transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        try:
            yield
        finally:
            cursor.execute("SET LOCAL enable_bitmapscan TO DEFAULT")


def map_data(directory, view: View) -> dict:
    """The map's answer for the directory's search and filters (an
    ``OrganisationDirectoryFilter`` over the published organisations) in ``view``, from
    the cache or computed and cached."""
    key = results_cache.versioned_key(
        "registry:map", directory, view.zoom, view.x0, view.x1, view.y0, view.y1
    )
    found = cache.get(key)
    if found is None:
        matches = selectors.directory_matches(
            directory.qs,
            query=directory.search_text,
            include_ceased=directory.include_ceased,
        )
        if directory.search_text.strip():
            with _index_only():
                found = aggregate(matches, view)
        else:
            found = aggregate(matches, view)
        cache.set(key, found, CACHE_SECONDS)
    return found
