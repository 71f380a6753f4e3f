"""The register's counts (``RegisterCount``) stay equal to the register itself after
every kind of write: the ORM one row at a time, bulk creates, queryset updates and
deletes, raw SQL, publication state changes (only published entries count)."""

import datetime
from collections import Counter

import pytest
from django.db import connection

from registry.models import Municipality, Organisation, RegisterCount
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def live() -> Counter:
    """The groups counted from the register, as the triggers should keep them."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT home_municipality_id, kind, founded_year,
                   EXTRACT(YEAR FROM created_at AT TIME ZONE 'Europe/Stockholm')::int,
                   EXTRACT(YEAR FROM ceased_on)::int, COUNT(*)
            FROM registry_organisation WHERE publication_state = 'published'
            GROUP BY 1, 2, 3, 4, 5
            """
        )
        return Counter({tuple(row[:5]): row[5] for row in cursor.fetchall()})


def kept() -> Counter:
    rows = RegisterCount.objects.exclude(organisations=0).values_list(
        "municipality_id", "kind", "founded_year", "registered_year", "ceased_year", "organisations"
    )
    return Counter({tuple(row[:5]): row[5] for row in rows})


def assert_in_step() -> None:
    assert kept() == live()
    assert not RegisterCount.objects.filter(organisations__lt=0).exists()


def test_every_kind_of_write_keeps_the_counts_in_step():
    lekeberg = Municipality.objects.get(code="1814")
    first = OrganisationFactory(name="Första", founded_year=2019)
    OrganisationFactory(name="Andra", founded_year=2019)  # the same group: 2
    OrganisationFactory(name="Utkastet", publication_state="draft")
    assert_in_step()
    assert sum(kept().values()) == 2

    first.kind = "cooperative"
    first.founded_year = None
    first.save()
    assert_in_step()

    first.status, first.ceased_on = "ceased", datetime.date(2024, 5, 1)
    first.home_municipality = lekeberg
    first.save()
    assert_in_step()

    Organisation.objects.filter(name="Utkastet").update(publication_state="published")
    assert_in_step()
    assert sum(kept().values()) == 3

    Organisation.objects.bulk_create(
        [
            Organisation(
                name=f"Massinläst {n}",
                slug=f"massinlast-{n}",
                kind="association",
                founded_year=2000 + n % 5,
                home_municipality=lekeberg,
                legal_form=first.legal_form,
                publication_state="published" if n % 3 else "hidden",
            )
            for n in range(30)
        ]
    )
    assert_in_step()
    assert sum(kept().values()) == 3 + 20

    Organisation.objects.filter(founded_year=2001).update(publication_state="hidden")
    Organisation.objects.filter(name__startswith="Massinläst").update(founded_year=1999)
    assert_in_step()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_organisation SET created_at = created_at - interval '3 years' "
            "WHERE name = 'Andra'"
        )
    assert_in_step()

    first.delete()
    Organisation.objects.filter(name__startswith="Massinläst", publication_state="hidden").delete()
    assert_in_step()

    Organisation.objects.all().delete()
    assert kept() == Counter() == live()


def test_the_year_of_entry_is_swedish_time():
    """An entry made at 23:30 on New Year's Eve UTC is in the register from the next year
    in Sweden."""
    OrganisationFactory(
        name="Nyårsnatt", created_at=datetime.datetime(2023, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    assert RegisterCount.objects.get(organisations=1).registered_year == 2024
    assert_in_step()
