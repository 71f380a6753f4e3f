"""Fixtures for the effort log, chained: municipality → unit → officer → effort."""

import pytest

from partnerships.models import PolicyGoal
from registry.models import Municipality
from tests.partnerships.factories import MunicipalUnitFactory, OfficerFactory, UserFactory


@pytest.fixture
def motala(db):
    return Municipality.objects.get(code="0583")


@pytest.fixture
def lekeberg(db):
    return Municipality.objects.get(code="1814")


@pytest.fixture
def motala_unit(motala):
    return MunicipalUnitFactory(municipality=motala, name="Socialförvaltningen")


@pytest.fixture
def lekeberg_unit(lekeberg):
    return MunicipalUnitFactory(municipality=lekeberg, name="Kommunstyrelseförvaltningen")


@pytest.fixture
def motala_officer(motala):
    return OfficerFactory(username="motala-officer", municipalities=["0583"])


@pytest.fixture
def lekeberg_officer(lekeberg):
    return OfficerFactory(username="lekeberg-officer", municipalities=["1814"])


@pytest.fixture
def plain_user(db):
    return UserFactory(username="not-an-officer")


@pytest.fixture
def motala_goals(db) -> dict[str, PolicyGoal]:
    """The seven goals of Motala's policy (from the data migration)."""
    return {
        goal.code: goal
        for goal in PolicyGoal.objects.filter(document__municipality_id="0583").select_related(
            "document"
        )
    }


@pytest.fixture
def region_goal(db) -> PolicyGoal:
    """Region Örebro län's priority "samverka med sociala företag" (2022-2025)."""
    return PolicyGoal.objects.select_related("document").get(code="RÖ1")


@pytest.fixture
def english():
    """Messages and dates in English, for tests that read them outside a request."""
    from django.utils import translation

    with translation.override("en"):
        yield


# The reports' shared world (tests/partnerships/report_fixtures.py).
from tests.partnerships.report_fixtures import report_world  # noqa: E402, F401
