"""Officers manage units, policy documents and goals through the pages."""

import pytest

from partnerships.models import MunicipalUnit, PolicyDocument, PolicyGoal

pytestmark = pytest.mark.django_db


def test_adding_a_unit(client, motala_officer):
    client.force_login(motala_officer)
    response = client.post(
        "/handlaggare/enheter/ny/",
        {
            "municipality": "0583",
            "name": "Tekniska förvaltningen",
            "kind": "department",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    unit = MunicipalUnit.objects.get(name="Tekniska förvaltningen")
    assert unit.municipality_id == "0583"
    assert unit.history.get().history_user == motala_officer


def test_a_unit_only_for_the_officers_municipalities(client, motala_officer):
    client.force_login(motala_officer)
    response = client.post(
        "/handlaggare/enheter/ny/",
        {"municipality": "1814", "name": "Främmande", "kind": "department"},
    )
    assert response.status_code == 200
    assert 'href="#id_municipality"' in response.content.decode()
    assert not MunicipalUnit.objects.filter(name="Främmande").exists()


def test_unit_form_error_state_keeps_the_input(client, motala_officer, motala_unit):
    client.force_login(motala_officer)
    response = client.post(
        "/handlaggare/enheter/ny/",
        {"municipality": "0583", "name": motala_unit.name, "kind": ""},
    )
    html = response.content.decode()
    assert 'href="#id_kind"' in html
    assert f'value="{motala_unit.name}"' in html


def test_adding_a_document_with_a_goal(client, motala_officer):
    client.force_login(motala_officer)
    response = client.post(
        "/handlaggare/styrdokument/nytt/",
        {
            "title": "Handlingsplan för social ekonomi",
            "municipality": "0583",
            "deciding_body": "Kommunstyrelsen",
            "valid_from": "2024-01-01",
            "valid_to": "2027-12-31",
        },
    )
    assert response.status_code == 302
    document = PolicyDocument.objects.get(title="Handlingsplan för social ekonomi")
    response = client.post(
        f"/handlaggare/styrdokument/{document.pk}/mal/nytt/",
        {
            "code": "H1",
            "name_sv": "Fler sociala företag",
            "name_en": "More social enterprises",
            "text": "Antalet sociala företag ska öka.",
            "order": "1",
        },
    )
    assert response.status_code == 302
    assert PolicyGoal.objects.get(document=document).code == "H1"


def test_a_document_needs_a_municipality_or_a_region(client, motala_officer):
    client.force_login(motala_officer)
    response = client.post(
        "/handlaggare/styrdokument/nytt/", {"title": "Utan ägare", "valid_from": "2024-01-01"}
    )
    assert response.status_code == 200
    assert 'href="#id_municipality"' in response.content.decode()


def test_lekebergs_officer_may_edit_the_regional_document(client, lekeberg_officer, region_goal):
    client.force_login(lekeberg_officer)
    assert client.get(f"/handlaggare/mal/{region_goal.pk}/andra/").status_code == 200


def test_motalas_officer_may_not_edit_the_regional_document(client, motala_officer, region_goal):
    client.force_login(motala_officer)
    assert client.get(f"/handlaggare/mal/{region_goal.pk}/andra/").status_code == 403


def test_retiring_a_goal(client, motala_officer, motala_goals):
    goal = motala_goals["M6"]
    client.force_login(motala_officer)
    response = client.post(
        f"/handlaggare/mal/{goal.pk}/andra/",
        {
            "code": goal.code,
            "name_sv": goal.name_sv,
            "name_en": goal.name_en,
            "text": goal.text,
            "order": goal.order,
            "retired_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert str(goal.retired_on) == "2025-01-01"
    assert goal.history.first().history_user == motala_officer
