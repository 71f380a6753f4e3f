"""The indicators (partnerships/indicators/), checked against figures worked out by hand
on a small register."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone

from partnerships import indicators
from partnerships.indicators import Table
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

SE = "social_enterprise"


def at(year, month, day, hour=12, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def ceased(day):
    return {"status": "ceased", "ceased_on": day}


@pytest.fixture
def register(motala, lekeberg):
    """Motala's social enterprises (home municipality 0583), with

    ============  =======  ==========  ==========  =============================
    entry         founded  registered  ceased      first year (founded or entered)
    ============  =======  ==========  ==========  =============================
    A             2018     2019        -           2018
    B             2018     2018        2020-06-30  2018
    C             2019     2020        2022-02-01  2019
    C again       -        2023        -           2023 (C registered anew)
    D             -        2021        -           2021
    H             2018     2025 (*)    -           2018
    ============  =======  ==========  ==========  =============================

    (*) 23:30 UTC on 31 December 2024 is 00:30 on 1 January 2025 in Stockholm.
    Left out of Motala: F (Lekeberg), G (a draft), E (an association, not a social
    enterprise but an organisation).
    """
    OrganisationFactory(name="A", kind=SE, founded_year=2018, created_at=at(2019, 5, 1))
    OrganisationFactory(
        name="B",
        kind=SE,
        founded_year=2018,
        created_at=at(2018, 3, 1),
        **ceased(datetime.date(2020, 6, 30)),
    )
    OrganisationFactory(
        name="C",
        kind=SE,
        founded_year=2019,
        created_at=at(2020, 1, 10),
        **ceased(datetime.date(2022, 2, 1)),
    )
    OrganisationFactory(name="C", slug="c-again", kind=SE, created_at=at(2023, 4, 1))
    OrganisationFactory(name="D", kind=SE, created_at=at(2021, 8, 1))
    OrganisationFactory(name="H", kind=SE, founded_year=2018, created_at=at(2024, 12, 31, 23, 30))
    OrganisationFactory(name="E", kind="association", founded_year=2010, created_at=at(2019, 1, 1))
    OrganisationFactory(
        name="F", kind=SE, founded_year=2018, created_at=at(2018, 1, 5), home_municipality=lekeberg
    )
    OrganisationFactory(
        name="G", kind=SE, founded_year=2018, created_at=at(2018, 1, 5), publication_state="draft"
    )


def motala_table(key, first, last):
    return indicators.table(key, municipality_codes=["0583"], first_year=first, last_year=last)


def test_social_enterprises_per_year(register):
    table = motala_table("register_social_enterprise", 2017, 2025)
    assert table.rows == [
        # year, new by founding year, new in the register, ceased, active at year end
        ["2017", 0, 0, 0, 0],
        ["2018", 3, 1, 0, 3],  # A, B, H founded; B entered; A, B, H active
        ["2019", 1, 1, 0, 4],  # C founded; A entered; + C
        ["2020", 0, 1, 1, 3],  # C entered; B ceased
        ["2021", 0, 1, 0, 4],  # D entered (no founding year: counts from 2021)
        ["2022", 0, 0, 1, 3],  # C ceased
        ["2023", 0, 1, 0, 4],  # C registered again: a new entry
        ["2024", 0, 0, 0, 4],
        ["2025", 0, 1, 0, 4],  # H entered in Stockholm's 2025
    ]
    assert table.columns[0] and len(table.columns) == 5
    assert "2017" in table.title and "2025" in table.title and "Motala" in table.title
    assert table.definition
    assert table.chart["over"] == "years"
    assert table.chart["labels"][0] == "2017"


def test_every_kind_and_whole_register(register):
    whole = indicators.table(
        "register_all", municipality_codes=None, first_year=2018, last_year=2019
    )
    # Motala's six + E (an association, founded 2010) + F (Lekeberg); never the draft G.
    assert whole.rows == [["2018", 4, 2, 0, 5], ["2019", 1, 2, 0, 6]]
    associations = motala_table("register_association", 2010, 2010)
    assert associations.rows == [["2010", 1, 0, 0, 1]]


def test_county_scope(register):
    # Östergötland (05) holds only Motala's entries; Örebro län (18) only F.
    east = indicators.table(
        "register_social_enterprise", municipality_codes=None, county_code="05",
        first_year=2018, last_year=2018,
    )  # fmt: skip
    assert east.rows == [["2018", 3, 1, 0, 3]]
    orebro = indicators.table(
        "register_social_enterprise", municipality_codes=None, county_code="18",
        first_year=2018, last_year=2018,
    )  # fmt: skip
    assert orebro.rows == [["2018", 1, 1, 0, 1]]
    assert "Örebro" in orebro.title


def test_survival_cohorts(register):
    table = motala_table("survival", 2017, 2019)
    assert table.rows == [
        # founded in, founded, after 1 year (n, %), after 3 years, after 5 years
        ["2017", 0, 0, None, 0, None, 0, None],
        ["2018", 3, 3, 100.0, 2, 66.7, 2, 66.7],  # B ceased in 2020
        ["2019", 1, 1, 100.0, 0, 0.0, 0, 0.0],  # C ceased in 2022
    ]
    assert len(table.columns) == 8


def test_survival_leaves_years_not_ended_empty(register):
    this_year = timezone.localdate().year
    OrganisationFactory(kind=SE, founded_year=this_year - 2)
    row = motala_table("survival", this_year - 2, this_year - 2).rows[0]
    assert row[:4] == [str(this_year - 2), 1, 1, 100.0]
    assert row[4:] == [None, None, None, None]


def test_active_organisations_by_kind(register):
    table = motala_table("organisations_by_kind", 2019, 2020)
    kinds = indicators.KINDS.values  # association, social enterprise, cooperative, foundation
    assert kinds[:2] == ["association", SE]
    assert table.rows == [["2019", 1, 4, 0, 0, 5], ["2020", 1, 3, 0, 0, 4]]


def test_per_municipality(register):
    table = indicators.table(
        "register_by_municipality", municipality_codes=None, first_year=2018, last_year=2020
    )
    assert table.rows == [
        # municipality, SE founded 2018-2020, SE active end of 2020, all active end of 2020
        ["Lekeberg", 1, 1, 1],
        ["Motala", 4, 3, 4],
    ]


def test_table_round_trip():
    table = Table(
        key="k",
        title="T",
        definition="D",
        columns=["a", "b", "c", "d"],
        rows=[["x", 1, Decimal("1234.50"), None], ["y", 2.5, Decimal("0.00"), "z"]],
        chart={"over": "years"},
    )
    frozen = json.loads(json.dumps(table.as_dict()))
    assert Table.from_dict(frozen) == table
    assert isinstance(Table.from_dict(frozen).rows[0][2], Decimal)


def test_catalogue_keys_and_definitions(register):
    entries = indicators.catalogue()
    keys = [entry.key for entry in entries]
    assert len(keys) == len(set(keys))
    for entry in entries:
        assert entry.title and entry.definition
        table = motala_table(entry.key, 2018, 2020)
        assert table.key == entry.key
        assert table.definition == entry.definition
        assert all(len(row) == len(table.columns) for row in table.rows)
        json.dumps(table.as_dict())


def test_unknown_key_and_backwards_period():
    with pytest.raises(KeyError):
        motala_table("no-such-indicator", 2020, 2021)
    with pytest.raises(ValueError):
        motala_table("survival", 2021, 2020)
