"""The "is this still right?" page: the list of who will be asked, at which addresses,
the e-mail they get, and sending only once the officer says they reviewed it."""

import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from registry import services, verification
from registry.models import AccessLink, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = pytest.mark.django_db

URL = "/handlaggare/kontroll/"
LONG_AGO = datetime.date(2024, 3, 5)


@pytest.fixture
def officer_client(client):
    client.force_login(make_officer())
    return client


def due(name, *emails, **fields) -> Organisation:
    organisation = OrganisationFactory(name=name, last_verified_on=LONG_AGO, **fields)
    for email in emails:
        ContactPersonFactory(organisation=organisation, email=email)
    return organisation


def listed_names(html: str) -> list[str]:
    table = re.search(r'<table class="table table-striped due-list">(.*?)</table>', html, re.S)
    return re.findall(r'<th scope="row"><a href="[^"]+">(.*?)</a></th>', table.group(1))


def test_the_list_shows_the_due_organisations_only_with_their_addresses(officer_client):
    due("Alfa förening", "Styrelsen@alfa.example.se", "kassor@alfa.example.se")
    due("Beta förening", email="info@beta.example.se")  # no contact: the entry's own address
    due("Gamma förening", "", email="")  # nobody to write to
    OrganisationFactory(name="Nyss kontrollerad")  # verified 30 days ago
    due("Upphörd förening", "u@example.se", status="ceased", ceased_on=LONG_AGO)
    due("Dold förening", "d@example.se", publication_state="hidden")
    asked = due("Nyss tillfrågad", "n@example.se")
    AccessLink.objects.create(
        purpose=AccessLink.Purpose.VERIFY,
        organisation=asked,
        email="n@example.se",
        nonce="x",
        expires_at=timezone.now() + datetime.timedelta(days=30),
    )

    response = officer_client.get(URL)
    html = response.content.decode()
    assert listed_names(html) == ["Alfa förening", "Beta förening"]
    assert "2 publicerade organisationer har inte kontrollerats" in html
    assert "1 organisation till ska kontrolleras men saknar e-postadress" in html
    alfa, beta = response.context["rows"]
    assert alfa["recipients"] == ["kassor@alfa.example.se", "styrelsen@alfa.example.se"]
    assert "kassor@alfa.example.se, styrelsen@alfa.example.se" in html
    assert beta["recipients"] == ["info@beta.example.se"]
    assert alfa["municipality"] == "Motala" and "<td>Motala</td>" in html
    assert "<td>5 mars 2024</td>" in html


def test_the_page_previews_the_email(officer_client):
    due("Alfa förening", "a@alfa.example.se")
    html = officer_client.get(URL).content.decode()
    assert "Stämmer uppgifterna för Alfa förening fortfarande?" in html  # the subject
    assert "Titta på uppgifterna för Alfa förening" in html  # the text
    assert "[en personlig länk för varje adress]" in html
    assert 'name="confirm"' in html
    assert "Jag har granskat listan och e-postmeddelandet. Skicka det till 1 organisation." in html


def test_nothing_due_shows_no_form(officer_client):
    html = officer_client.get(URL).content.decode()
    assert "0 publicerade organisationer" in html
    assert 'name="confirm"' not in html


def test_sending_without_the_box_ticked_sends_nothing_and_says_why(officer_client):
    due("Alfa förening", "a@alfa.example.se")
    response = officer_client.post(URL, {"expected": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert (  # the error summary links to the box
        '<a href="#id_confirm">Jag har granskat listan och e-postmeddelandet. '
        "Skicka det till 1 organisation: Kryssa i rutan"
    ) in html
    error = re.search(r'<div id="id_confirm_error"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert "Kryssa i rutan" in error and "Inget har skickats" in error
    assert response.context["form"].errors["confirm"]
    assert not mail.outbox
    assert not AccessLink.objects.exists()


def test_sending_with_the_box_ticked_sends_once(officer_client):
    due("Alfa förening", "a@alfa.example.se", "b@alfa.example.se")
    due("Beta förening", email="info@beta.example.se")
    response = officer_client.post(URL, {"expected": "2", "confirm": "on"}, follow=True)
    assert "Förfrågningar om kontroll skickades till 2 organisationer." in (
        response.content.decode()
    )
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@alfa.example.se",
        "b@alfa.example.se",
        "info@beta.example.se",
    ]
    assert AccessLink.objects.filter(purpose=AccessLink.Purpose.VERIFY).count() == 3
    # Sent again (a double click, or back and resend): the list has changed, nothing goes.
    again = officer_client.post(URL, {"expected": "2", "confirm": "on"})
    assert again.status_code == 200
    assert "Listan har ändrats sedan sidan öppnades" in again.content.decode()
    assert len(mail.outbox) == 3


def test_a_list_that_changed_since_it_was_shown_is_not_sent(officer_client):
    due("Alfa förening", "a@alfa.example.se")
    officer_client.get(URL)
    due("Beta förening", "b@beta.example.se")  # became due meanwhile
    response = officer_client.post(URL, {"expected": "1", "confirm": "on"})
    assert response.status_code == 200
    assert listed_names(response.content.decode()) == ["Alfa förening", "Beta förening"]
    assert 'name="expected" value="2"' in response.content.decode()
    assert not mail.outbox


@pytest.mark.parametrize("expected", ["", "många", "-1"])
def test_a_tampered_form_is_an_error_not_a_crash(officer_client, expected):
    due("Alfa förening", "a@alfa.example.se")
    response = officer_client.post(URL, {"expected": expected, "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not mail.outbox


def test_the_list_is_paginated_at_50(officer_client):
    for number in range(51):
        due(f"Förening {number:02d}", f"k{number}@example.se")
    first = officer_client.get(URL)
    assert len(first.context["rows"]) == 50
    assert "51 publicerade organisationer" in first.content.decode()
    assert "Skicka det till 51 organisationer." in first.content.decode()
    second = officer_client.get(URL, {"page": "2"})
    assert listed_names(second.content.decode()) == ["Förening 50"]
    for page in ["0", "999", "x"]:
        assert officer_client.get(URL, {"page": page}).status_code == 200


def test_the_page_has_a_fixed_number_of_queries(officer_client):
    def queries_with(count):
        for number in range(count - Organisation.objects.count()):
            due(f"Förening {count}-{number}", f"a{count}{number}@example.se", "x@example.se")
        with CaptureQueriesContext(connection) as queries:
            response = officer_client.get(URL)
        assert len(response.context["rows"]) == count
        return len(queries.captured_queries)

    assert queries_with(1) == queries_with(10)


def test_the_service_asks_what_the_page_lists():
    due("Alfa förening", "a@alfa.example.se")
    due("Gamma förening", "")
    listed = [organisation.name for organisation in verification.due_for_verification()]
    assert listed == ["Alfa förening"]
    assert services.verification_requests_send() == 1
