"""registry.idempotency.create_once: one record per key, whatever the race."""

import threading
import uuid

import pytest
from django.db import IntegrityError, connection, transaction

from registry.idempotency import create_once
from registry.models import ProblemReport
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def report(organisation, key, message="Fel telefonnummer."):
    return ProblemReport(
        organisation=organisation, category="wrong_details", message=message, submission_key=key
    )


def test_the_second_call_returns_the_first_record_and_creates_nothing():
    organisation, key, calls = OrganisationFactory(), uuid.uuid4(), []

    def create():
        calls.append(1)
        made = report(organisation, key)
        made.save()
        return made

    first, created = create_once(ProblemReport, key_field="submission_key", key=key, create=create)
    again, created_again = create_once(
        ProblemReport, key_field="submission_key", key=key, create=create
    )
    assert (created, created_again) == (True, False)
    assert again == first and len(calls) == 1
    assert ProblemReport.objects.filter(submission_key=key).count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_racing_request_that_committed_first_wins():
    organisation, key = OrganisationFactory(), uuid.uuid4()

    def other_request():  # its own connection, committed before ours saves
        try:
            report(organisation, key, "Den andra förfrågan hann före.").save()
        finally:
            connection.close()

    def create():
        thread = threading.Thread(target=other_request)
        thread.start()
        thread.join()
        made = report(organisation, key)
        made.save()  # the unique key is taken now
        return made

    with transaction.atomic():
        got, created = create_once(
            ProblemReport, key_field="submission_key", key=key, create=create
        )
    assert not created
    assert got.message == "Den andra förfrågan hann före."
    assert ProblemReport.objects.filter(submission_key=key).count() == 1


def test_another_constraint_is_not_taken_for_a_double_submit():
    organisation = OrganisationFactory()

    def create():
        made = report(organisation, uuid.uuid4())
        made.status = "resolved"  # without who and when: a check constraint fails
        made.save()
        return made

    with pytest.raises(IntegrityError):
        create_once(ProblemReport, key_field="submission_key", key=uuid.uuid4(), create=create)
