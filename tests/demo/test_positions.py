"""Demo organisations' positions are believable: near their home municipality's seat,
which lies in the right part of Sweden."""

import math

import pytest

from demo.organisations import SEAT_SPREAD_KM, DemoRegister, Reference, municipality_seats
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
