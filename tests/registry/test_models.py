import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from registry.models import LegalForm, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_reference_data_is_loaded_by_migrations():
    from registry.models import ActivityArea, County, GlobalGoal, Municipality, OfferCategory

    assert Municipality.objects.count() == 290
    assert County.objects.count() == 21
    assert GlobalGoal.objects.count() == 17
    assert LegalForm.objects.filter(code=LegalForm.UNREGISTERED).exists()
    assert LegalForm.objects.count() == 20
    assert ActivityArea.objects.filter(slug="employment").exists()
    assert OfferCategory.objects.exists()
    motala = Municipality.objects.select_related("county").get(code="0583")
    assert (motala.name, motala.county.name) == ("Motala", "Östergötlands län")
    assert Municipality.objects.get(code="1814").county.name == "Örebro län"


def test_org_number_is_unique_when_present():
    OrganisationFactory(org_number="802002-4280")
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(org_number="802002-4280")


def test_many_organisations_without_org_number():
    unregistered = LegalForm.objects.get(code=LegalForm.UNREGISTERED)
    OrganisationFactory(org_number=None, legal_form=unregistered)
    OrganisationFactory(org_number=None, legal_form=unregistered)
    assert Organisation.objects.filter(org_number__isnull=True).count() == 2


def test_saving_normalises_org_number_and_postal_code():
    organisation = OrganisationFactory(org_number="16 802002 4280", postal_code="59186")
    organisation.refresh_from_db()
    assert (organisation.org_number, organisation.postal_code) == ("802002-4280", "591 86")


def raw_update(organisation, column, value):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE registry_organisation SET {column} = %s WHERE id = %s",
            [value, organisation.pk],
        )


def test_database_rejects_unnormalised_values_written_around_the_orm():
    organisation = OrganisationFactory()
    for column, value in [("org_number", "8020024280"), ("postal_code", "59186")]:
        with pytest.raises(IntegrityError), transaction.atomic():
            raw_update(organisation, column, value)


def test_database_rejects_ceased_date_on_active_organisation():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(status="active", ceased_on=datetime.date(2024, 1, 1))


def test_database_rejects_ceased_without_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(status="ceased", ceased_on=None)


def test_database_rejects_org_number_on_unregistered_association():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(legal_form_id=LegalForm.UNREGISTERED, org_number="802002-4280")


def test_database_rejects_half_coordinates():
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(latitude="58.5")


def test_database_rejects_public_contact_without_consent():
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPersonFactory(show_publicly=True, consent_given_at=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactPersonFactory(
            show_publicly=True, legal_basis="legitimate_interest", consent_given_at=timezone.now()
        )


def test_clean_normalises_org_number_and_postal_code():
    organisation = OrganisationFactory.build(org_number="16 802002 4280", postal_code="59186")
    organisation.full_clean(exclude=["slug"])
    assert organisation.org_number == "802002-4280"
    assert organisation.postal_code == "591 86"


def test_clean_explains_group_digit_mismatch():
    aktiebolag = LegalForm.objects.get(code="49")
    organisation = OrganisationFactory.build(org_number="802002-4280", legal_form=aktiebolag)
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "org_number" in excinfo.value.message_dict


def test_clean_rejects_personnummer_and_future_dates():
    organisation = OrganisationFactory.build(
        org_number="811218-9876",
        status="ceased",
        ceased_on=timezone.localdate() + datetime.timedelta(days=1),
        founded_year=timezone.localdate().year + 1,
    )
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert set(excinfo.value.message_dict) >= {"org_number", "ceased_on", "founded_year"}


def test_clean_explains_consent_rule():
    contact = ContactPersonFactory.build(show_publicly=True, consent_given_at=None)
    with pytest.raises(ValidationError) as excinfo:
        contact.full_clean(exclude=["organisation"])
    assert "show_publicly" in excinfo.value.message_dict


def test_history_records_changes():
    organisation = OrganisationFactory(name="Gamla namnet")
    organisation.name = "Nya namnet"
    organisation.save()
    latest, *_, first = organisation.history.all()
    assert (first.name, latest.name) == ("Gamla namnet", "Nya namnet")
    delta = latest.diff_against(latest.prev_record)
    assert delta.changed_fields == ["name"]


def test_translated_reference_names():
    from django.utils import translation

    form = LegalForm.objects.get(code="61")
    with translation.override("sv"):
        assert str(form) == "Ideell förening"
    with translation.override("en"):
        assert str(form) == "Non-profit association"
