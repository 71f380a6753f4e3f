"""An effort serves only goals of a document in force during the effort, of its own
municipality or its region, and not retired before it started."""

import datetime
import uuid

import pytest
from django.core.exceptions import ValidationError

from partnerships import services
from partnerships.services import GoalLink
from tests.partnerships.factories import PolicyDocumentFactory, PolicyGoalFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def log(officer, unit, goals, *, start, end=None, status="ongoing"):
    return services.effort_log(
        actor=officer,
        idempotency_key=uuid.uuid4(),
        fields={
            "title": "Bidrag till föreningen",
            "kind": "grant",
            "status": status,
            "responsible_unit": unit,
            "responsible_officer": officer,
            "start_date": start,
            "end_date": end,
        },
        goals=[GoalLink(goal, "") for goal in goals],
        organisations=[],
    )


def errors_of(excinfo) -> list[str]:
    return excinfo.value.messages


def test_goal_of_the_municipalitys_policy_in_force(motala_officer, motala_unit, motala_goals):
    result = log(motala_officer, motala_unit, [motala_goals["M4"]], start=datetime.date(2020, 1, 1))
    assert list(result.effort.goals.values_list("code", flat=True)) == ["M4"]


def test_effort_that_ended_before_the_policy_cannot_serve_it(
    motala_officer, motala_unit, motala_goals
):
    with pytest.raises(ValidationError) as excinfo:
        log(
            motala_officer,
            motala_unit,
            [motala_goals["M4"]],
            start=datetime.date(2014, 1, 1),
            end=datetime.date(2015, 8, 31),
            status="completed",
        )
    goal_key = f"goal_{motala_goals['M4'].pk}"
    assert list(excinfo.value.message_dict) == [goal_key]
    message = excinfo.value.message_dict[goal_key][0]
    assert "Goal M4" in message
    assert "Policy för social ekonomi" in message
    assert "in force from 1 September 2015" in message
    assert "1 January 2014 to 31 August 2015" in message


def test_effort_running_into_the_policys_time_can_serve_it(
    motala_officer, motala_unit, motala_goals
):
    result = log(
        motala_officer,
        motala_unit,
        [motala_goals["M3"]],
        start=datetime.date(2015, 1, 1),
        end=datetime.date(2016, 6, 30),
    )
    assert result.created
    assert list(result.effort.goals.values_list("code", flat=True)) == ["M3"]


def test_goal_of_another_municipality_is_refused(lekeberg_officer, lekeberg_unit, motala_goals):
    with pytest.raises(ValidationError) as excinfo:
        log(lekeberg_officer, lekeberg_unit, [motala_goals["M1"]], start=datetime.date(2023, 1, 1))
    (message,) = errors_of(excinfo)
    assert "Motala" in message and "does not apply to Lekeberg" in message


def test_regional_goal_applies_to_a_municipality_in_the_region(
    lekeberg_officer, lekeberg_unit, region_goal
):
    result = log(lekeberg_officer, lekeberg_unit, [region_goal], start=datetime.date(2022, 5, 1))
    assert result.created


def test_regional_goal_does_not_apply_outside_the_region(motala_officer, motala_unit, region_goal):
    with pytest.raises(ValidationError) as excinfo:
        log(motala_officer, motala_unit, [region_goal], start=datetime.date(2022, 5, 1))
    (message,) = errors_of(excinfo)
    assert "Örebro län" in message and "Motala" in message


def test_regional_goal_only_while_the_action_plan_is_in_force(
    lekeberg_officer, lekeberg_unit, region_goal
):
    with pytest.raises(ValidationError) as excinfo:
        log(lekeberg_officer, lekeberg_unit, [region_goal], start=datetime.date(2026, 1, 1))
    (message,) = errors_of(excinfo)
    assert "1 January 2022 to 31 December 2025" in message


def test_retired_goal_cannot_be_chosen_for_later_efforts(motala_officer, motala_unit):
    goal = PolicyGoalFactory(
        document=PolicyDocumentFactory(), code="X1", retired_on=datetime.date(2020, 1, 1)
    )
    log(motala_officer, motala_unit, [goal], start=datetime.date(2019, 12, 31))
    with pytest.raises(ValidationError) as excinfo:
        log(motala_officer, motala_unit, [goal], start=datetime.date(2020, 1, 1))
    (message,) = errors_of(excinfo)
    assert message == "Goal X1 was retired on 1 January 2020, before the effort started."


def test_retiring_a_goal_keeps_the_efforts_logged_against_it(
    motala_officer, motala_unit, motala_goals
):
    goal = motala_goals["M6"]
    result = log(motala_officer, motala_unit, [goal], start=datetime.date(2019, 1, 1))
    goal.retired_on = datetime.date(2024, 1, 1)
    services.goal_save(actor=motala_officer, goal=goal)
    assert list(result.effort.goals.all()) == [goal]
    # …but it cannot be retired before efforts that started later than that date.
    log(motala_officer, motala_unit, [motala_goals["M5"]], start=datetime.date(2023, 6, 1))
    later = motala_goals["M5"]
    later.retired_on = datetime.date(2023, 1, 1)
    with pytest.raises(ValidationError) as excinfo:
        services.goal_save(actor=motala_officer, goal=later)
    assert "retired_on" in excinfo.value.message_dict


def test_document_validity_cannot_shrink_past_its_efforts(
    motala_officer, motala_unit, motala_goals
):
    log(motala_officer, motala_unit, [motala_goals["M2"]], start=datetime.date(2019, 1, 1))
    document = motala_goals["M2"].document
    document.valid_to = datetime.date(2018, 12, 31)
    with pytest.raises(ValidationError) as excinfo:
        services.document_save(actor=motala_officer, document=document)
    assert "1 logged effort" in errors_of(excinfo)[0]
