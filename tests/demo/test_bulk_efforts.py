"""The benchmark's bulk efforts (demo.bulk_efforts): many, fast, and within the rules."""

from io import StringIO

import pytest
from django.core.management import call_command

from demo import bulk_efforts
from demo.texts import DataMissing
from partnerships.models import Effort
from partnerships.services import goal_errors
from registry.models import DataVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    call_command("seed_demo", organisations=60, bulk=True, stdout=StringIO())


def test_generated_efforts_are_valid_spread_and_idempotent(register):
    assert bulk_efforts.seed_bulk_efforts(count=300, years=10, batch_size=120) == 300

    generated = Effort.objects.filter(title__contains=" nr ")
    assert generated.count() == 300
    assert generated.dates("start_date", "year").count() == 10
    efforts = generated.select_related("responsible_unit__municipality").prefetch_related(
        "goals__document"
    )
    for effort in efforts:
        assert goal_errors(effort, list(effort.goals.all())) == {}
        assert effort.organisation_links.exists()
    for effort in efforts[:50]:
        effort.full_clean()
    assert {e.responsible_unit.municipality_id for e in efforts} == {"0583", "1814"}
    assert {e.created_by.username for e in generated.select_related("created_by")} == {
        "demo-officer"
    }

    assert bulk_efforts.seed_bulk_efforts(count=300, years=10) == 0
    assert generated.count() == 300


def test_bulk_loads_change_the_version(register):
    before = DataVersion.current(DataVersion.EFFORT_LOG)

    bulk_efforts.seed_bulk_efforts(count=5, years=3)

    assert DataVersion.current(DataVersion.EFFORT_LOG) != before


def test_an_effort_that_breaks_a_goal_rule_stops_the_load(register, monkeypatch):
    # Offer every goal, whatever its document: Motala's efforts would get the region's.
    monkeypatch.setattr(
        bulk_efforts, "usable_goals", lambda goals, *args: {goal.code: goal for goal in goals}
    )

    with pytest.raises(bulk_efforts.RuleBroken):
        bulk_efforts.seed_bulk_efforts(count=50, years=3)
    assert not Effort.objects.filter(title__contains=" nr ").exists()


def test_needs_a_register(db):
    with pytest.raises(DataMissing):
        bulk_efforts.seed_bulk_efforts(count=5, years=3)
