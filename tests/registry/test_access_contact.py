"""The contact's role (``registry.access``): an opened edit link grants this browser's
session an editing session for that organisation only, for two hours."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone

from registry import access
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.registry.test_selfservice import open_editing

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(name="Lindens Förening")
    ContactPersonFactory(organisation=organisation, email="lena@linden.example.se")
    return organisation


def set_grant(client, **changes):
    session = client.session
    session[access.CONTACT_SESSION_KEY] = {**session[access.CONTACT_SESSION_KEY], **changes}
    session.save()


def test_an_opened_link_grants_its_organisation_only(client, organisation):
    open_editing(client)
    request = RequestFactory().get("/")
    request.session = client.session
    assert access.contact_organisation_id(request) == organisation.pk
    assert access.is_contact_for(request, organisation)
    assert not access.is_contact_for(request, OrganisationFactory())
    assert access.contact_session(request) == (organisation, "lena@linden.example.se")


def test_the_editing_session_ends_after_two_hours(client, organisation):
    open_editing(client)
    assert client.get("/min-organisation/").status_code == 200
    ended = timezone.now() - datetime.timedelta(seconds=1)
    set_grant(client, expires=ended.isoformat())
    response = client.get("/min-organisation/")
    assert response.status_code == 403
    assert datetime.timedelta(hours=2) == access.CONTACT_SESSION_LIFETIME


@pytest.mark.parametrize(
    "grant",
    [
        {"expires": "not a date"},
        {"organisation": "x"},
        {"organisation": None},
    ],
)
def test_a_spoilt_grant_is_refused_not_a_server_error(client, organisation, grant):
    open_editing(client)
    set_grant(client, **grant)
    assert client.get("/min-organisation/").status_code == 403


def test_without_a_grant_self_service_is_refused(client, organisation):
    assert client.get("/min-organisation/").status_code == 403
    assert client.post("/min-organisation/uppgifter/", {}).status_code == 403
