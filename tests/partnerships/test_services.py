"""Writes: one record per submission, no silent overwrites, history of who did what."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from partnerships import services
from partnerships.models import Effort, EffortGoal, EffortOrganisation, EffortPayment, FollowUpNote
from partnerships.services import EditConflict, GoalLink, OrganisationLink, PaymentLine
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, FollowUpNoteFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def fields(unit, officer, **overrides):
    return {
        "title": "IOP om mötesplats",
        "kind": "iop",
        "status": "ongoing",
        "responsible_unit": unit,
        "responsible_officer": officer,
        "start_date": datetime.date(2024, 1, 1),
        "end_date": datetime.date(2026, 12, 31),
        "amount_applied": Decimal("500000"),
        "amount_awarded": Decimal("450000"),
        "is_public": True,
        **overrides,
    }


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Kvarnens vänner")


def test_logs_an_effort_with_goals_and_organisations(
    motala_officer, motala_unit, motala_goals, organisation
):
    result = services.effort_log(
        actor=motala_officer,
        idempotency_key=uuid.uuid4(),
        fields=fields(motala_unit, motala_officer),
        goals=[GoalLink(motala_goals["M3"], "Partnerskap med en viktig aktör.")],
        organisations=[OrganisationLink(organisation, "partner")],
    )
    effort = result.effort
    assert result.created
    assert effort.created_by == motala_officer
    assert effort.version == 1
    assert list(effort.goal_links.values_list("goal__code", "note")) == [
        ("M3", "Partnerskap med en viktig aktör.")
    ]
    assert list(effort.organisation_links.values_list("organisation__name", "role")) == [
        ("Kvarnens vänner", "partner")
    ]


def test_the_same_submission_twice_creates_one_effort(motala_officer, motala_unit, motala_goals):
    key = uuid.uuid4()
    arguments = {
        "actor": motala_officer,
        "idempotency_key": key,
        "fields": fields(motala_unit, motala_officer),
        "goals": [GoalLink(motala_goals["M1"])],
        "organisations": [],
    }
    first = services.effort_log(**arguments)
    second = services.effort_log(**arguments)
    assert first.created and not second.created
    assert second.effort.pk == first.effort.pk
    assert Effort.objects.count() == 1
    assert EffortGoal.objects.count() == 1


def test_officer_cannot_log_for_another_municipality(lekeberg_officer, motala_unit):
    with pytest.raises(PermissionDenied):
        services.effort_log(
            actor=lekeberg_officer,
            idempotency_key=uuid.uuid4(),
            fields=fields(motala_unit, lekeberg_officer),
            goals=[],
            organisations=[],
        )
    assert not Effort.objects.exists()


def test_closed_unit_takes_no_new_efforts(motala_officer, motala_unit):
    motala_unit.is_active = False
    motala_unit.save()
    with pytest.raises(ValidationError) as excinfo:
        services.effort_log(
            actor=motala_officer,
            idempotency_key=uuid.uuid4(),
            fields=fields(motala_unit, motala_officer),
            goals=[],
            organisations=[],
        )
    assert "responsible_unit" in excinfo.value.message_dict


def test_an_organisation_listed_twice_is_refused(motala_officer, motala_unit, organisation):
    with pytest.raises(ValidationError) as excinfo:
        services.effort_log(
            actor=motala_officer,
            idempotency_key=uuid.uuid4(),
            fields=fields(motala_unit, motala_officer),
            goals=[],
            organisations=[
                OrganisationLink(organisation, "partner"),
                OrganisationLink(organisation, "recipient"),
            ],
        )
    assert "organisations" in excinfo.value.message_dict


def update(officer, effort, version, **overrides):
    current_fields = {name: getattr(effort, name) for name in services.EFFORT_FIELDS}
    return services.effort_update(
        actor=officer,
        effort_id=effort.pk,
        version=version,
        fields={**current_fields, **overrides},
        goals=[GoalLink(link.goal, link.note) for link in effort.goal_links.all()],
        organisations=[
            OrganisationLink(link.organisation, link.role)
            for link in effort.organisation_links.all()
        ],
    )


def test_edit_raises_the_version(motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    saved = update(motala_officer, effort, 1, title="Nytt namn")
    assert saved.version == 2
    effort.refresh_from_db()
    assert (effort.title, effort.version) == ("Nytt namn", 2)


def test_two_officers_editing_the_same_effort_do_not_overwrite_each_other(
    motala_officer, motala_unit
):
    colleague = type(motala_officer).objects.create(username="kollega")
    colleague.groups.set(motala_officer.groups.all())
    colleague.municipality_memberships.create(municipality_id="0583")
    effort = EffortFactory(responsible_unit=motala_unit, title="Start", amount_awarded=100)
    # Both open the form at version 1; the colleague saves first.
    update(colleague, effort, 1, title="Kollegans titel")
    with pytest.raises(EditConflict) as excinfo:
        update(motala_officer, effort, 1, amount_awarded=Decimal("999"))
    assert excinfo.value.current.version == 2
    effort.refresh_from_db()
    assert (effort.title, effort.amount_awarded, effort.version) == ("Kollegans titel", 100, 2)


def test_the_same_edit_submitted_twice_is_not_a_conflict(motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    update(motala_officer, effort, 1, title="Dubbelklick")
    effort.refresh_from_db()
    again = update(motala_officer, effort, 1, title="Dubbelklick")
    assert again.version == 2


def test_saving_without_changes_writes_nothing(motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    before = effort.history.count()
    update(motala_officer, effort, 1)
    effort.refresh_from_db()
    assert effort.version == 1
    assert effort.history.count() == before


def test_officer_of_another_municipality_cannot_edit(lekeberg_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit, title="Orörd")
    with pytest.raises(PermissionDenied):
        update(lekeberg_officer, effort, 1, title="Ändrad")
    effort.refresh_from_db()
    assert effort.title == "Orörd"


def test_cannot_move_an_effort_to_another_municipalitys_unit(
    motala_officer, motala_unit, lekeberg_unit
):
    effort = EffortFactory(responsible_unit=motala_unit)
    with pytest.raises(PermissionDenied):
        update(motala_officer, effort, 1, responsible_unit=lekeberg_unit)


def test_history_records_who_changed_what(motala_officer, motala_unit, motala_goals, organisation):
    effort = services.effort_log(
        actor=motala_officer,
        idempotency_key=uuid.uuid4(),
        fields=fields(motala_unit, motala_officer),
        goals=[GoalLink(motala_goals["M3"], "")],
        organisations=[OrganisationLink(organisation, "partner")],
    ).effort
    services.effort_update(
        actor=motala_officer,
        effort_id=effort.pk,
        version=1,
        fields=fields(motala_unit, motala_officer, title="IOP om mötesplats 2024"),
        goals=[GoalLink(motala_goals["M4"], "Nytt mål")],
        organisations=[OrganisationLink(organisation, "recipient")],
        payments=[PaymentLine(datetime.date(2024, 6, 30), Decimal("300000"))],
    )
    records = list(effort.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    assert all(r.history_user == motala_officer for r in records)
    # What people changed; the version (not editable) is kept but not a change of theirs.
    # amount_paid is kept by the service (not editable): in the row, not a change of theirs.
    assert records[1].diff_against(records[0]).changed_fields == ["title"]
    assert (records[0].version, records[1].version) == (1, 2)
    assert (records[0].amount_paid, records[1].amount_paid) == (Decimal("0"), Decimal("300000"))
    payment_history = EffortPayment.history.filter(effort_id=effort.pk)
    assert [(h.history_type, h.amount, h.history_user) for h in payment_history] == [
        ("+", Decimal("300000"), motala_officer)
    ]
    goal_history = EffortGoal.history.filter(effort_id=effort.pk).order_by("history_id")
    assert [(h.history_type, h.goal.code) for h in goal_history] == [
        ("+", "M3"),
        ("-", "M3"),
        ("+", "M4"),
    ]
    org_history = EffortOrganisation.history.filter(effort_id=effort.pk).order_by("history_id")
    assert [(h.history_type, h.role) for h in org_history] == [("+", "partner"), ("~", "recipient")]
    assert {h.history_user for h in [*goal_history, *org_history]} == {motala_officer}


def test_notes_are_idempotent_and_kept_in_history(motala_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    key = uuid.uuid4()
    arguments = {
        "actor": motala_officer,
        "effort": effort,
        "idempotency_key": key,
        "date": datetime.date(2024, 2, 1),
        "kind": "meeting",
        "text": "Uppföljningsmöte.",
    }
    first = services.note_add(**arguments)
    second = services.note_add(**arguments)
    assert first.created and not second.created
    assert FollowUpNote.objects.count() == 1
    note = services.note_update(
        actor=motala_officer,
        note_id=first.note.pk,
        version=1,
        date=datetime.date(2024, 2, 1),
        kind="review",
        text="Uppföljningsmöte, rättat.",
    )
    assert note.version == 2
    assert [h.history_type for h in note.history.order_by("history_id")] == ["+", "~"]
    assert note.history.first().history_user == motala_officer


def test_note_edit_conflict(motala_officer, motala_unit):
    note = FollowUpNoteFactory(effort=EffortFactory(responsible_unit=motala_unit), text="Första")
    services.note_update(
        actor=motala_officer,
        note_id=note.pk,
        version=1,
        date=note.date,
        kind=note.kind,
        text="Kollegans text",
    )
    with pytest.raises(EditConflict):
        services.note_update(
            actor=motala_officer,
            note_id=note.pk,
            version=1,
            date=note.date,
            kind=note.kind,
            text="Min text",
        )
    note.refresh_from_db()
    assert note.text == "Kollegans text"


def test_notes_only_by_officers_of_the_municipality(lekeberg_officer, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    with pytest.raises(PermissionDenied):
        services.note_add(
            actor=lekeberg_officer,
            effort=effort,
            idempotency_key=uuid.uuid4(),
            date=datetime.date(2024, 1, 1),
            kind="other",
            text="Nej.",
        )


def test_unit_keeps_its_municipality(motala_officer, motala_unit, lekeberg):
    motala_unit.municipality = lekeberg
    with pytest.raises(ValidationError) as excinfo:
        services.unit_save(actor=motala_officer, unit=motala_unit)
    assert excinfo.value.message_dict == {
        "municipality": ["A unit cannot move to another municipality."]
    }
