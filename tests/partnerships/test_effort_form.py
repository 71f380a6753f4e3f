"""The effort form: every error at once, and the goals' rules on each checkbox for
static/js/effort_form.js."""

import re

import pytest

from partnerships.models import Effort
from registry.models import Municipality
from tests.partnerships.factories import MunicipalUnitFactory, PolicyGoalFactory
from tests.partnerships.test_effort_views import CREATE_URL, form_data

pytestmark = pytest.mark.django_db


def summary_links(html: str) -> list[str]:
    start = html.index('class="error-summary')
    summary = html[start : html.index("</div>", start)]
    return re.findall(r'href="#([^"]+)"', summary)


def checkbox(html: str, goal) -> str:
    return re.search(rf'<input[^>]*name="goals-goal_{goal.pk}"[^>]*>', html).group(0)


def test_one_submit_shows_the_goal_errors_beside_every_other_error(
    client, motala_officer, motala_unit, motala_goals
):
    """The goal rules run as soon as the unit and the dates are valid, not only after
    every other field is: an empty title and a goal of a document not yet in force are
    both reported the first time."""
    client.force_login(motala_officer)
    m4 = motala_goals["M4"]
    data = form_data(
        motala_unit,
        motala_officer,
        goals=[(m4, "")],
        title="",
        payments=[("2014-06-30", "999 999")],
        start_date="2014-01-01",
        end_date="2014-12-31",
        status="completed",
    )
    response = client.post("/en" + CREATE_URL, data)
    assert response.status_code == 200
    assert not Effort.objects.exists()
    links = summary_links(response.content.decode())
    assert "id_title" in links
    assert "id_pay-0-date" in links
    assert f"id_goals-goal_{m4.pk}" in links
    bundle = response.context["bundle"]
    assert "which is in force from 1 September 2015" in bundle.goals_form.errors[f"goal_{m4.pk}"][0]
    assert list(bundle.goals_form.errors) == [f"goal_{m4.pk}"]


def test_goal_rules_wait_for_a_valid_unit_and_start_date(
    client, motala_officer, motala_unit, motala_goals
):
    client.force_login(motala_officer)
    data = form_data(
        motala_unit, motala_officer, goals=[(motala_goals["M4"], "")], start_date="igår"
    )
    response = client.post(CREATE_URL, data)
    bundle = response.context["bundle"]
    assert "start_date" in bundle.effort_form.errors
    assert not bundle.goals_form.errors  # nothing to check the goal against yet


def test_a_goal_of_another_municipality_is_reported_with_the_other_errors(client, motala, lekeberg):
    """An officer of two municipalities sees both documents' goals; a Lekeberg unit with
    Motala's goal is refused on the first submit, beside the missing title."""
    from tests.partnerships.factories import OfficerFactory

    officer = OfficerFactory(username="two-municipalities", municipalities=["0583", "1814"])
    unit = MunicipalUnitFactory(municipality=lekeberg, name="Kommunstyrelseförvaltningen")
    motala_goal = PolicyGoalFactory(document__municipality=motala, code="MX")
    client.force_login(officer)
    data = form_data(unit, officer, goals=[(motala_goal, "")], title="")
    response = client.post("/en" + CREATE_URL, data)
    errors = response.context["bundle"].goals_form.errors
    assert "which does not apply to Lekeberg" in errors[f"goal_{motala_goal.pk}"][0]
    assert "title" in response.context["bundle"].effort_form.errors


def test_each_goal_checkbox_carries_its_rules(client, lekeberg, motala, region_goal):
    from tests.partnerships.factories import OfficerFactory

    officer = OfficerFactory(username="two-municipalities", municipalities=["0583", "1814"])
    MunicipalUnitFactory(municipality=lekeberg, name="Kommunstyrelseförvaltningen")
    retired = PolicyGoalFactory(
        document__municipality=motala,
        document__valid_from="2016-01-01",
        document__valid_to="2030-06-30",
        code="MR",
        retired_on="2099-01-01",
    )
    client.force_login(officer)
    html = client.get(CREATE_URL).content.decode()
    region = checkbox(html, region_goal)
    county_codes = sorted(
        Municipality.objects.filter(county_id="18").values_list("code", flat=True)
    )
    codes = re.search(r'data-municipalities="([^"]*)"', region).group(1).split()
    assert sorted(codes) == county_codes and "1814" in codes and "0583" not in codes
    assert 'data-valid-from="2022-01-01"' in region
    assert 'data-valid-to="2025-12-31"' in region
    assert 'data-retired-on=""' in region
    local = checkbox(html, retired)
    assert 'data-municipalities="0583"' in local
    assert 'data-valid-from="2016-01-01"' in local
    assert 'data-valid-to="2030-06-30"' in local
    assert 'data-retired-on="2099-01-01"' in local
    # The unit's options say their municipality, and the script is loaded from a file.
    assert re.search(r'<option value="\d+" data-municipality="1814">Kommunstyrelse', html)
    assert re.search(r'<script src="[^"]*js/effort_form\.js"', html)
    assert "<script>" not in html


def test_without_javascript_every_goal_is_offered_and_the_server_decides(
    client, motala_officer, motala_unit, motala_goals
):
    """No goal is disabled on the server: the script only helps."""
    client.force_login(motala_officer)
    html = client.get(CREATE_URL).content.decode()
    for goal in motala_goals.values():
        assert "disabled" not in checkbox(html, goal)
