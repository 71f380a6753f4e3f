"""Every history row of the register says where the change came from."""

import pytest
from django.core import mail

from registry import history, services
from registry.history import Source
from registry.models import Organisation, Submission
from tests.factories import OrganisationFactory
from tests.registry.helpers import last_link, make_officer, submit_registration

pytestmark = pytest.mark.django_db


def test_a_registration_and_its_approval_say_registration(client):
    submit_registration(client)
    client.post(last_link("/registrera/bekrafta/"))
    mail.outbox.clear()
    submission = Submission.objects.get()
    services.submission_approve(submission_id=submission.pk, officer=make_officer())
    rows = Organisation.history.filter(id=submission.organisation_id)
    assert rows.count() >= 2
    assert set(rows.values_list("source", flat=True)) == {Source.REGISTRATION}


def test_a_block_names_its_source_and_outside_it_the_system_writes():
    organisation = OrganisationFactory()
    with history.source(Source.IMPORT):
        organisation.name = "Importerad"
        organisation.save()
    organisation.name = "Efteråt"
    organisation.save()
    latest, imported = organisation.history.all()[:2]
    assert imported.source == Source.IMPORT
    assert latest.source == Source.SYSTEM


def test_an_unknown_source_is_refused():
    with pytest.raises(ValueError), history.source("somewhere"):
        pass
