"""Officers log, edit and export efforts and write notes through the pages."""

import re
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships.models import Effort, FollowUpNote
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, FollowUpNoteFactory

pytestmark = pytest.mark.django_db

CREATE_URL = "/handlaggare/insatser/ny/"


@pytest.fixture
def organisations(motala):
    return [
        OrganisationFactory(name="Kvarnens vänner", home_municipality=motala),
        OrganisationFactory(name="Vätterns Verkstad", home_municipality=motala),
    ]


def form_data(
    unit, officer, goals=(), organisations=(), payments=(("2024-06-30", "150000"),), **overrides
):
    data = {
        "title": "IOP om mötesplats för nyanlända",
        "kind": "iop",
        "status": "ongoing",
        "responsible_unit": str(unit.pk),
        "responsible_officer": str(officer.pk),
        "start_date": "2024-01-01",
        "end_date": "2026-12-31",
        "amount_applied": "500 000",
        "amount_awarded": "450 000,50",
        "in_kind_value": "",
        "decision_diary_number": "SN 2023/114",
        "decision_date": "2023-11-20",
        "decision_body": "Socialnämnden",
        "purpose": "En mötesplats.",
        "description": "",
        "work_training_people": "",
        "participants": "40",
        "new_enterprises": "",
        "outcome_notes": "",
        "is_public": "on",
        "idempotency_key": str(uuid.uuid4()),
        "version": "",
        "org-TOTAL_FORMS": str(max(len(organisations), 1)),
        "org-INITIAL_FORMS": "0",
        "org-MIN_NUM_FORMS": "0",
        "org-MAX_NUM_FORMS": "50",
        "pay-TOTAL_FORMS": str(max(len(payments), 1)),
        "pay-INITIAL_FORMS": "0",
        "pay-MIN_NUM_FORMS": "0",
        "pay-MAX_NUM_FORMS": "200",
    }
    for number, (day, amount) in enumerate(payments):
        data[f"pay-{number}-date"] = day
        data[f"pay-{number}-amount"] = amount
    for goal, note in goals:
        data[f"goals-goal_{goal.pk}"] = "on"
        data[f"goals-goal_{goal.pk}_note"] = note
    for number, (organisation, role) in enumerate(organisations):
        data[f"org-{number}-organisation"] = str(organisation.pk)
        data[f"org-{number}-role"] = role
    data.update(overrides)
    return data


def test_the_form_lists_the_goals_that_apply_and_local_organisations(
    client, motala_officer, motala_unit, organisations
):
    OrganisationFactory(name="Långt borta", home_municipality_id="1480")
    client.force_login(motala_officer)
    response = client.get(CREATE_URL)
    html = response.content.decode()
    assert response.status_code == 200
    for code in ["M1", "M2", "M3", "M4", "M5", "M6", "M7"]:
        assert f">{code} " in html
    assert "RÖ1" not in html  # Region Örebro län's priority is not Motala's
    assert "Kvarnens vänner" in html and "Långt borta" not in html


def test_logging_an_effort_with_goals_and_organisations(
    client, motala_officer, motala_unit, motala_goals, organisations
):
    client.force_login(motala_officer)
    data = form_data(
        motala_unit,
        motala_officer,
        goals=[(motala_goals["M3"], "Partnerskap med en viktig aktör."), (motala_goals["M6"], "")],
        organisations=[(organisations[0], "partner"), (organisations[1], "provider")],
    )
    response = client.post(CREATE_URL, data)
    effort = Effort.objects.get()
    assert response.status_code == 302
    assert response["Location"] == effort.get_absolute_url()
    assert effort.amount_awarded == Decimal("450000.50")
    assert effort.amount_applied == Decimal("500000")
    assert effort.in_kind_value == Decimal("0")
    assert effort.participants == 40
    assert effort.created_by == motala_officer
    assert sorted(effort.goal_links.values_list("goal__code", "note")) == [
        ("M3", "Partnerskap med en viktig aktör."),
        ("M6", ""),
    ]
    assert sorted(effort.organisation_links.values_list("organisation__name", "role")) == [
        ("Kvarnens vänner", "partner"),
        ("Vätterns Verkstad", "provider"),
    ]
    # A double click posts the same form again: still one effort, same page.
    again = client.post(CREATE_URL, data)
    assert again.status_code == 302 and again["Location"] == effort.get_absolute_url()
    assert Effort.objects.count() == 1


def test_errors_are_summarised_at_the_top_and_nothing_typed_is_lost(
    client, motala_officer, motala_unit, organisations, motala_goals
):
    client.force_login(motala_officer)
    data = form_data(
        motala_unit,
        motala_officer,
        goals=[(motala_goals["M2"], "Synliggör föreningslivet")],
        organisations=[(organisations[0], "")],
        title="",
        payments=[("2024-06-30", "999 999")],
        end_date="2023-12-31",
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Effort.objects.exists()
    html = response.content.decode()
    summary = html[
        html.index('class="error-summary') : html.index("</div>", html.index("error-summary"))
    ]
    assert 'href="#id_title"' in summary
    assert 'href="#id_end_date"' in summary
    assert 'href="#id_pay-0-date"' in summary  # the payments add up to more than awarded
    assert 'href="#id_org-0-role"' in summary
    # What was typed is still there.
    assert 'value="450 000,50"' in html
    assert 'value="Synliggör föreningslivet"' in html
    assert f'<option value="{organisations[0].pk}" selected>' in html
    checkbox = re.search(rf'<input[^>]*name="goals-goal_{motala_goals["M2"].pk}"[^>]*>', html)
    assert "checked" in checkbox.group(0)


def test_goal_errors_are_shown_beside_the_goal(client, motala_officer, motala_unit, motala_goals):
    client.force_login(motala_officer)
    data = form_data(
        motala_unit,
        motala_officer,
        goals=[(motala_goals["M4"], "")],
        start_date="2014-01-01",
        end_date="2014-12-31",
        status="completed",
    )
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    errors = response.context["bundle"].goals_form.errors
    assert list(errors) == [f"goal_{motala_goals['M4'].pk}"]
    assert f'href="#id_goals-goal_{motala_goals["M4"].pk}"' in response.content.decode()
    assert not Effort.objects.exists()


def test_adding_a_row_for_another_organisation_keeps_everything(
    client, motala_officer, motala_unit, organisations
):
    client.force_login(motala_officer)
    data = form_data(
        motala_unit, motala_officer, organisations=[(organisations[0], "partner")], title=""
    )
    data["add_organisation"] = "1"
    response = client.post(CREATE_URL, data)
    assert response.status_code == 200
    assert not Effort.objects.exists()
    formset = response.context["bundle"].organisations_formset
    assert formset.total_form_count() == 2
    html = response.content.decode()
    assert "error-summary" not in html  # not validated yet
    assert 'name="org-1-organisation"' in html
    assert f'<option value="{organisations[0].pk}" selected>' in html


def test_editing_an_effort(client, motala_officer, motala_unit, motala_goals, organisations):
    effort = EffortFactory(
        responsible_unit=motala_unit,
        responsible_officer=motala_officer,
        goals=[(motala_goals["M1"], "Gammal not")],
        organisations=[(organisations[0], "recipient")],
    )
    client.force_login(motala_officer)
    edit_url = reverse("partnerships:effort-edit", args=[effort.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    data = form_data(
        motala_unit,
        motala_officer,
        goals=[(motala_goals["M1"], "Ny not")],
        organisations=[(organisations[0], "recipient"), (organisations[1], "partner")],
        version="1",
        **{"org-INITIAL_FORMS": "1"},
    )
    response = client.post(edit_url, data)
    assert response.status_code == 302
    effort.refresh_from_db()
    assert effort.version == 2
    assert effort.title == "IOP om mötesplats för nyanlända"
    assert list(effort.goal_links.values_list("note", flat=True)) == ["Ny not"]
    assert effort.organisation_links.count() == 2


def test_removing_an_organisation(client, motala_officer, motala_unit, organisations):
    effort = EffortFactory(
        responsible_unit=motala_unit,
        responsible_officer=motala_officer,
        organisations=[(organisations[0], "recipient"), (organisations[1], "partner")],
    )
    client.force_login(motala_officer)
    data = form_data(
        motala_unit,
        motala_officer,
        organisations=[(organisations[0], "recipient"), (organisations[1], "partner")],
        version="1",
        **{"org-INITIAL_FORMS": "2", "org-1-DELETE": "on"},
    )
    response = client.post(reverse("partnerships:effort-edit", args=[effort.pk]), data)
    assert response.status_code == 302
    assert list(effort.organisation_links.values_list("organisation__name", flat=True)) == [
        "Kvarnens vänner"
    ]


def test_an_edit_conflict_keeps_the_editors_changes_and_shows_the_differences(
    client, motala_officer, motala_unit
):
    effort = EffortFactory(
        responsible_unit=motala_unit, responsible_officer=motala_officer, title="Original"
    )
    client.force_login(motala_officer)
    # Someone else saves first (version 1 → 2).
    Effort.objects.filter(pk=effort.pk).update(title="Kollegans titel", version=2)
    data = form_data(motala_unit, motala_officer, title="Min titel", version="1")
    response = client.post(reverse("partnerships:effort-edit", args=[effort.pk]), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'value="Min titel"' in html
    assert 'name="version" value="2"' in html
    differences = response.context["conflict"]["differences"]
    title_row = next(row for row in differences if row["saved"] == "Kollegans titel")
    assert title_row["yours"] == "Min titel"
    effort.refresh_from_db()
    assert effort.title == "Kollegans titel"
    # Saving again, having seen the differences, replaces the saved version.
    data["version"] = "2"
    assert (
        client.post(reverse("partnerships:effort-edit", args=[effort.pk]), data).status_code == 302
    )
    effort.refresh_from_db()
    assert (effort.title, effort.version) == ("Min titel", 3)


def test_writing_a_note(client, motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    client.force_login(motala_officer)
    url = reverse("partnerships:note-create", args=[effort.pk])
    data = {
        "note-date": "2024-03-05",
        "note-kind": "meeting",
        "note-text": "Uppföljningsmöte med styrelsen.",
        "note-idempotency_key": str(uuid.uuid4()),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"].endswith("#notes")
    client.post(url, data)
    note = FollowUpNote.objects.get()
    assert (note.author, note.kind, note.text) == (
        motala_officer,
        "meeting",
        "Uppföljningsmöte med styrelsen.",
    )


def test_a_note_with_errors_shows_the_effort_again(client, motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    client.force_login(motala_officer)
    response = client.post(
        reverse("partnerships:note-create", args=[effort.pk]),
        {
            "note-date": "2024-03-05",
            "note-kind": "",
            "note-text": "Kvar",
            "note-idempotency_key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_note-kind"' in html
    assert "Kvar</textarea>" in html
    assert not FollowUpNote.objects.exists()


def test_editing_a_note_and_a_conflict(client, motala_officer, motala_unit):
    note = FollowUpNoteFactory(effort=EffortFactory(responsible_unit=motala_unit), text="Först")
    client.force_login(motala_officer)
    url = reverse("partnerships:note-edit", args=[note.effort_id, note.pk])
    data = {
        "note-date": "2024-01-15",
        "note-kind": "review",
        "note-text": "Rättad text",
        "note-version": "1",
        "note-idempotency_key": str(note.idempotency_key),
    }
    assert client.post(url, data).status_code == 302
    note.refresh_from_db()
    assert (note.text, note.version) == ("Rättad text", 2)
    data["note-text"] = "Inaktuell ändring"
    response = client.post(url, data)
    assert response.status_code == 409
    assert "Inaktuell ändring" in response.content.decode()
    note.refresh_from_db()
    assert note.text == "Rättad text"


def test_the_detail_page_shows_notes_and_history(client, motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit, title="Med historik")
    FollowUpNoteFactory(effort=effort, text="En anteckning om mötet.")
    client.force_login(motala_officer)
    html = client.get(effort.get_absolute_url()).content.decode()
    assert "En anteckning om mötet." in html
    assert 'id="history-heading"' in html
