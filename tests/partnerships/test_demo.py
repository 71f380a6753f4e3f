"""The demo data command: believable, valid and idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from partnerships.models import Effort, EffortGoal, FollowUpNote, MunicipalUnit
from registry.models import Organisation

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_partnerships_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def register(db):
    call_command("seed_demo", organisations=200, stdout=StringIO())


def test_demo_data_is_valid_and_idempotent(register):
    seed()
    counts = (MunicipalUnit.objects.count(), Effort.objects.count(), FollowUpNote.objects.count())
    assert counts[0] >= 15 and counts[1] >= 40 and counts[2] >= 20
    for effort in Effort.objects.select_related("responsible_unit__municipality"):
        effort.full_clean()
    output = seed()
    assert "Added 0 units, 0 demo efforts, 0 notes" in output
    assert (
        MunicipalUnit.objects.count(),
        Effort.objects.count(),
        FollowUpNote.objects.count(),
    ) == counts


def test_efforts_span_several_years_in_both_municipalities(register):
    seed()
    years = {
        d.year
        for d in Effort.objects.filter(responsible_unit__municipality_id="0583").values_list(
            "start_date", flat=True
        )
    }
    assert len(years) >= 8
    assert Effort.objects.filter(responsible_unit__municipality_id="1814").count() >= 4
    # Every Motala demo effort with a goal is under one of Motala's own goals.
    assert (
        not EffortGoal.objects.filter(effort__responsible_unit__municipality_id="0583")
        .exclude(goal__document__municipality_id="0583")
        .exists()
    )


def test_lekebergs_social_enterprise_from_2022_with_notes(register):
    seed()
    enterprise = Organisation.objects.get(slug="fjugesta-aterbruk")
    assert enterprise.work_integrating
    assert enterprise.legal_form_id == "51"
    assert enterprise.home_municipality_id == "1814"
    assert enterprise.founded_year == 2022
    assert enterprise.is_published
    enterprise.full_clean()
    efforts = Effort.objects.filter(organisation_links__organisation=enterprise)
    assert min(e.start_date.year for e in efforts) == 2022
    note_years = set(
        FollowUpNote.objects.filter(effort__in=efforts).values_list("date__year", flat=True)
    )
    assert {2022, 2023, 2024, 2025, 2026} <= note_years


def test_one_unit_has_no_efforts(register):
    seed()
    assert MunicipalUnit.objects.filter(municipality_id="0583", efforts__isnull=True).exists()


def test_works_without_the_registers_demo_data():
    seed()
    assert Organisation.objects.filter(slug="fjugesta-aterbruk").exists()
    assert Effort.objects.filter(responsible_unit__municipality_id="1814").exists()


def test_bulk_efforts_for_benchmarks(register):
    output = seed(efforts=300, years=10)
    assert "300 generated efforts" in output
    generated = Effort.objects.filter(title__contains=" nr ")
    assert generated.count() == 300
    assert generated.dates("start_date", "year").count() == 10
    for effort in generated[:50]:
        effort.full_clean()
    assert "0 generated efforts" in seed(efforts=300, years=10)
    assert generated.count() == 300
