"""The officer pages for personal data: who may use them, their forms' error states, the
export download, the erasure's two steps and the review list's actions and cost."""

import datetime
import json
import uuid

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from registry.models import AccessLink, ContactPerson, Erasure, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory

pytestmark = pytest.mark.django_db

EMAIL = "karin.andersson@kvarnbacken.example.se"
FIND = "/handlaggare/personuppgifter/"
EXPORT = "/handlaggare/personuppgifter/export/"
ERASE = "/handlaggare/personuppgifter/radera/"
REVIEW = "/handlaggare/personuppgifter/granska/"


@pytest.fixture
def admin_client(client):
    admin = User.objects.create_superuser("admin", "admin@kommun.example.se", "x")
    client.force_login(admin)
    return client


@pytest.fixture
def officer_client(client):
    client.force_login(OfficerFactory(municipalities=["0583"]))
    return client


@pytest.fixture
def contact():
    return ContactPersonFactory(name="Karin Andersson", email=EMAIL)


@pytest.mark.parametrize("url", [FIND])
def test_find_is_for_administrators_only(client, url):
    assert client.get(url).status_code == 302  # to sign in
    client.force_login(OfficerFactory())
    assert client.get(url).status_code == 403
    assert client.post(EXPORT, {"email": EMAIL}).status_code == 403
    assert client.post(ERASE, {"email": EMAIL}).status_code == 403


def test_an_invalid_address_says_what_to_do_and_keeps_what_was_typed(admin_client):
    response = admin_client.post(FIND, {"email": "karin.kvarnbacken"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Skriv en e-postadress på formen namn@example.se." in html
    assert 'value="karin.kvarnbacken"' in html
    assert 'aria-invalid="true"' in html


def test_find_shows_counts_and_rows(admin_client, contact):
    response = admin_client.post(FIND, {"email": EMAIL.upper()})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Karin Andersson" in html
    assert 'href="#place-contact_persons"' in html
    assert 'id="place-contact_persons"' in html


def test_export_downloads_json_without_the_address_in_its_name(admin_client, contact):
    response = admin_client.post(EXPORT, {"email": EMAIL})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert EMAIL not in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["exported_by"] == "admin"
    assert document["places"]["contact_persons"][0]["email"] == EMAIL
    assert admin_client.get(EXPORT).status_code == 405


def test_erasure_asks_first_then_erases(admin_client, contact):
    response = admin_client.post(ERASE, {"email": EMAIL})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Karin Andersson" in html and 'name="confirm"' in html
    assert ContactPerson.objects.filter(pk=contact.pk).exists()
    # Not ticked: an error, nothing erased.
    key = str(uuid.uuid4())
    unticked = admin_client.post(
        ERASE, {"email": EMAIL, "confirm_step": "1", "submission_key": key}
    )
    assert unticked.status_code == 200
    assert "Kryssa i rutan för att radera. Ingenting har raderats." in unticked.content.decode()
    assert ContactPerson.objects.filter(pk=contact.pk).exists()
    done = admin_client.post(
        ERASE, {"email": EMAIL, "confirm_step": "1", "submission_key": key, "confirm": "on"}
    )
    erasure = Erasure.objects.get()
    assert done.status_code == 302 and done["Location"] == f"{FIND}raderingar/{erasure.pk}/"
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    page = admin_client.get(done["Location"]).content.decode()
    assert erasure.reference in page and EMAIL not in page


def _stale(contact, days=800):
    ContactPerson.objects.filter(pk=contact.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=days), consent_given_at=None
    )
    Organisation.objects.filter(pk=contact.organisation_id).update(last_verified_on=None)


def test_review_list_is_for_officers_scoped_to_their_municipalities(client, officer_client):
    own = ContactPersonFactory(name="Gammal Kontakt")
    _stale(own)
    other = ContactPersonFactory(
        name="Annan Kommun", organisation=OrganisationFactory(home_municipality_id="1814")
    )
    _stale(other)
    html = officer_client.get(REVIEW).content.decode()
    assert "Gammal Kontakt" in html and "Annan Kommun" not in html
    assert "Personuppgifter</a>" not in html  # the administrators' link is not shown
    client.logout()
    assert client.get(REVIEW).status_code == 302
    client.force_login(User.objects.create_user("nobody", password="x"))
    assert client.get(REVIEW).status_code == 403


def test_review_list_costs_the_same_for_many_rows(officer_client, django_assert_max_num_queries):
    _stale(ContactPersonFactory())
    with django_assert_max_num_queries(12) as few:
        officer_client.get(REVIEW)
    for _ in range(15):
        _stale(ContactPersonFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        officer_client.get(REVIEW)


def test_review_asks_the_organisation_to_verify(officer_client):
    contact = ContactPersonFactory(email=EMAIL)
    _stale(contact)
    response = officer_client.post(f"{REVIEW}{contact.organisation_id}/kontroll/")
    assert response.status_code == 302
    assert AccessLink.objects.filter(
        purpose=AccessLink.Purpose.VERIFY, organisation=contact.organisation, email=EMAIL
    ).exists()


def test_review_verify_and_remove_refuse_another_municipality(officer_client):
    other = ContactPersonFactory(organisation=OrganisationFactory(home_municipality_id="1814"))
    assert officer_client.post(f"{REVIEW}{other.organisation_id}/kontroll/").status_code == 403
    assert officer_client.get(f"{REVIEW}kontakt/{other.pk}/ta-bort/").status_code == 403
    assert officer_client.post(f"{REVIEW}kontakt/{other.pk}/ta-bort/").status_code == 403


def test_review_removes_a_contact_after_the_box_is_ticked(officer_client):
    contact = ContactPersonFactory(name="Gammal Kontakt")
    _stale(contact)
    url = f"{REVIEW}kontakt/{contact.pk}/ta-bort/"
    unticked = officer_client.post(url)
    assert unticked.status_code == 200
    assert "Kryssa i rutan för att ta bort kontaktpersonen." in unticked.content.decode()
    assert officer_client.post(url, {"confirm": "on"}).status_code == 302
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert not ContactPerson.history.filter(id=contact.pk).exists()
