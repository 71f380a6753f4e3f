"""A property-based run over the OpenAPI schema (schemathesis): every operation called
in-process through the WSGI application with parameters generated from the schema, valid
and not; no answer is a server error, and every answer conforms to the schema (status
code, content type, headers and body). A bounded number of examples per operation keeps
it under a minute."""

import datetime

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi import checks

from socialeconomy.wsgi import application
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import EffortFactory, PolicyGoalFactory

EXAMPLES = 15


def in_the_test_transaction(environ, start_response):
    """The portal's WSGI application, without closing the database connection at the end
    of each request (as Django's test client does): the test's data lives in the test's
    transaction on that connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            result.close()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    return [body]


@pytest.fixture
def api_schema(db, settings):
    settings.API_THROTTLE_RATE = "1000000/minute"
    settings.ALLOWED_HOSTS = ["*"]
    organisation = OrganisationFactory(
        name="Schemaföreningen", slug="schemaforeningen", phone="0141-1000",
        street_address="Storgatan 1", postal_code="591 86", city="Motala",
        latitude="58.5", longitude="15.0", alternate_names="SF",
    )  # fmt: skip
    OrganisationFactory(org_number=None, legal_form_id="00", status="ceased",
                        ceased_on=datetime.date(2024, 1, 1), last_verified_on=None)  # fmt: skip
    ContactPersonFactory(
        organisation=organisation, show_publicly=True, consent_given_at=timezone.now()
    )
    EffortFactory(organisations=[organisation], goals=[PolicyGoalFactory()])
    return schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", in_the_test_transaction)


CHECKS = [
    not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def test_no_server_error_and_every_answer_conforms(api_schema):
    # Each operation's strategy run on its own (schemathesis's lazy pytest fixture loader
    # does not work with this pytest): the same cases, the same checks.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 22  # every list and detail of the 11 endpoints

    for operation in operations:

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(hypothesis.HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            case.call_and_validate(checks=CHECKS)

        run()
