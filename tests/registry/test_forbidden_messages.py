"""A 403 says why, and what to do about it: not an officer, not this municipality's
officer, or an officer of no municipality yet."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = pytest.mark.django_db


def forbidden_text(response) -> str:
    assert response.status_code == 403
    return response.content.decode()


def test_signed_in_without_the_officer_role(client):
    client.force_login(User.objects.create_user("invanare", "a@example.se", "x" * 16))
    page = forbidden_text(client.get(reverse("registry:officer-dashboard")))
    assert "Ditt konto är inte en handläggares konto" in page


def test_an_officer_of_another_municipality(client):
    organisation = OrganisationFactory(home_municipality_id="0583", municipalities=[])
    client.force_login(make_officer(municipalities=("1814",)))
    url = reverse("registry:officer-organisation-edit", kwargs={"pk": organisation.pk})
    page = forbidden_text(client.get(url))
    assert "Det här hör till en kommun där du inte är handläggare" in page


def test_an_officer_of_no_municipality_yet(client):
    client.force_login(make_officer(municipalities=()))
    page = forbidden_text(client.get(reverse("partnerships:unit-create")))
    assert "Ditt handläggarkonto hör ännu inte till någon kommun" in page


def test_in_english(client):
    client.force_login(make_officer(municipalities=()))
    page = forbidden_text(client.get("/en" + reverse("partnerships:unit-create")))
    assert "Your officer&#x27;s account belongs to no municipality yet" in page
