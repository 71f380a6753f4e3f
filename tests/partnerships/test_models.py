"""The effort log's invariants: database constraints, with clear messages from clean()."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    EffortPayment,
    MunicipalUnit,
    PolicyDocument,
)
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, MunicipalUnitFactory, PolicyDocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def saved_raises_integrity_error(effort: Effort) -> bool:
    try:
        with transaction.atomic():
            effort.save()
    except IntegrityError:
        return True
    return False


@pytest.mark.parametrize(
    "field", ["amount_applied", "amount_awarded", "amount_paid", "in_kind_value"]
)
def test_amounts_cannot_be_negative(field, motala_unit):
    effort = EffortFactory.build(responsible_unit=motala_unit, **{field: Decimal("-1.00")})
    if field == "amount_paid":
        effort.amount_awarded = Decimal("0")
    assert saved_raises_integrity_error(effort)
    with pytest.raises(ValidationError) as error:
        effort.full_clean()
    assert field in error.value.message_dict


def test_paid_out_cannot_exceed_awarded(motala_unit):
    effort = EffortFactory.build(
        responsible_unit=motala_unit, amount_awarded=Decimal("1000"), amount_paid=Decimal("1000.01")
    )
    with pytest.raises(ValidationError) as error:
        effort.full_clean()
    assert error.value.message_dict["amount_paid"] == [
        "More is paid out than was awarded. If the award was raised, record the new amount "
        "awarded too."
    ]
    assert saved_raises_integrity_error(effort)


def test_paid_out_may_equal_awarded(motala_unit):
    effort = EffortFactory.build(
        responsible_unit=motala_unit, amount_awarded=Decimal("1000"), amount_paid=Decimal("1000")
    )
    effort.full_clean()
    effort.save()
    EffortPayment.objects.create(effort=effort, date=effort.start_date, amount=Decimal("1000"))
    effort.refresh_from_db()
    assert effort.amount_paid == effort.amount_awarded == Decimal("1000.00")


def test_end_cannot_be_before_start(motala_unit):
    effort = EffortFactory.build(
        responsible_unit=motala_unit,
        start_date=datetime.date(2024, 5, 2),
        end_date=datetime.date(2024, 5, 1),
    )
    with pytest.raises(ValidationError) as error:
        effort.full_clean()
    assert error.value.message_dict["end_date"] == ["The end date cannot be before the start date."]
    assert saved_raises_integrity_error(effort)


def test_one_day_effort_is_fine(motala_unit):
    day = datetime.date(2024, 5, 2)
    effort = EffortFactory.build(responsible_unit=motala_unit, start_date=day, end_date=day)
    effort.full_clean()
    effort.save()
    assert Effort.objects.filter(pk=effort.pk, start_date=day, end_date=day).exists()


def test_completed_effort_needs_an_end_date(motala_unit):
    effort = EffortFactory.build(responsible_unit=motala_unit, status="completed", end_date=None)
    with pytest.raises(ValidationError) as error:
        effort.full_clean()
    assert "end_date" in error.value.message_dict
    assert saved_raises_integrity_error(effort)


def test_completed_effort_cannot_end_in_the_future(motala_unit):
    effort = EffortFactory.build(
        responsible_unit=motala_unit,
        status="completed",
        end_date=datetime.date.today() + datetime.timedelta(days=30),
    )
    with pytest.raises(ValidationError) as error:
        effort.full_clean()
    assert "status" in error.value.message_dict


@pytest.mark.parametrize("field,value", [("kind", "bribe"), ("status", "forgotten")])
def test_unknown_choices_are_refused_by_the_database(field, value, motala_unit):
    effort = EffortFactory.build(responsible_unit=motala_unit, **{field: value})
    assert saved_raises_integrity_error(effort)


def test_money_is_decimal_to_the_ore(motala_unit):
    effort = EffortFactory(
        responsible_unit=motala_unit,
        amount_awarded=Decimal("0.10") + Decimal("0.20"),
        amount_paid=Decimal("0.30"),
    )
    effort.refresh_from_db()
    assert effort.amount_awarded == Decimal("0.30")
    assert isinstance(effort.amount_awarded, Decimal)


def test_an_organisation_is_in_an_effort_once(motala_unit):
    organisation = OrganisationFactory()
    effort = EffortFactory(responsible_unit=motala_unit, organisations=[organisation])
    with pytest.raises(IntegrityError), transaction.atomic():
        EffortOrganisation.objects.create(effort=effort, organisation=organisation, role="partner")


def test_a_goal_is_on_an_effort_once(motala_unit, motala_goals):
    effort = EffortFactory(responsible_unit=motala_unit, goals=[motala_goals["M1"]])
    with pytest.raises(IntegrityError), transaction.atomic():
        EffortGoal.objects.create(effort=effort, goal=motala_goals["M1"])


def test_role_must_be_known(motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit)
    with pytest.raises(IntegrityError), transaction.atomic():
        EffortOrganisation.objects.create(
            effort=effort, organisation=OrganisationFactory(), role="sponsor"
        )


def test_unit_names_are_unique_within_a_municipality(motala, lekeberg):
    MunicipalUnitFactory(municipality=motala, name="Socialförvaltningen")
    MunicipalUnitFactory(municipality=lekeberg, name="Socialförvaltningen")
    with pytest.raises(IntegrityError), transaction.atomic():
        MunicipalUnit.objects.create(municipality=motala, name="Socialförvaltningen", kind="board")


def test_document_belongs_to_a_municipality_or_a_region_not_both(motala):
    both = PolicyDocumentFactory.build(municipality=motala, county=motala.county)
    with pytest.raises(ValidationError) as error:
        both.full_clean()
    assert "municipality" in error.value.message_dict
    assert saved_raises_integrity_error(both)
    neither = PolicyDocumentFactory.build(municipality=None, county=None)
    assert saved_raises_integrity_error(neither)


def test_document_validity_cannot_end_before_it_starts(motala):
    document = PolicyDocumentFactory.build(
        valid_from=datetime.date(2020, 1, 1), valid_to=datetime.date(2019, 12, 31)
    )
    with pytest.raises(ValidationError) as error:
        document.full_clean()
    assert "valid_to" in error.value.message_dict
    assert saved_raises_integrity_error(document)


def test_the_policies_are_seeded_by_migration():
    motala = PolicyDocument.objects.get(municipality_id="0583")
    assert motala.title == "Policy för social ekonomi"
    assert (motala.deciding_body, motala.paragraph, motala.diary_number) == (
        "Kommunfullmäktige",
        "§ 83",
        "15/KS 0150",
    )
    assert motala.decision_date == datetime.date(2015, 8, 31)
    assert motala.valid_from == datetime.date(2015, 9, 1)
    assert list(motala.goals.values_list("code", flat=True)) == [f"M{n}" for n in range(1, 8)]
    region = PolicyDocument.objects.get(county_id="18")
    assert region.valid_from == datetime.date(2022, 1, 1)
    assert region.valid_to == datetime.date(2025, 12, 31)
    assert region.goals.get().name_sv == "Samverka med sociala företag"


def test_officers_group_can_log_efforts_but_not_delete():
    from django.contrib.auth.models import Group

    codenames = set(
        Group.objects.get(name="Officers")
        .permissions.filter(content_type__app_label="partnerships")
        .values_list("codename", flat=True)
    )
    assert {"add_effort", "change_effort", "view_effort", "add_followupnote"} <= codenames
    assert not any(codename.startswith("delete_") for codename in codenames)
