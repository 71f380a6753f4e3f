import re

import pytest
from django.core import mail

from registry.models import AccessLink, ContactPerson, Organisation, Submission
from tests.factories import OrganisationFactory
from tests.registry.helpers import last_link, registration_data

pytestmark = pytest.mark.django_db

URL = "/registrera/"


def test_form_renders_with_a_fresh_submission_key(client):
    first = client.get(URL).context["extras"].initial["submission_key"]
    second = client.get(URL).context["extras"].initial["submission_key"]
    assert first != second


def test_registration_creates_a_draft_and_emails_a_confirmation_link(client):
    with pytest.MonkeyPatch.context():
        response = client.post(URL, registration_data())
    assert response.status_code == 302
    assert response["Location"] == "/registrera/tack/"
    organisation = Organisation.objects.get(name="Kvarnbackens Arbetskooperativ")
    assert organisation.publication_state == "draft"
    assert organisation.postal_code == "716 31"
    assert organisation.website == "https://kvarnbacken.example.se"
    assert list(organisation.municipalities.values_list("code", flat=True)) == ["1814"]
    contact = organisation.contacts.get()
    assert contact.show_publicly and contact.consent_given_at and contact.legal_basis == "consent"
    submission = organisation.submissions.get()
    assert (submission.kind, submission.status) == ("registration", "unconfirmed")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["karin@kvarnbacken.example.se"]
    assert mail.outbox[0].alternatives  # an HTML version beside the plain text
    assert "Bekräfta" in mail.outbox[0].subject
    # The draft is not public.
    assert client.get(organisation.get_absolute_url()).status_code == 404


def test_opening_the_confirmation_link_spends_nothing(client):
    client.post(URL, registration_data())
    link = last_link("/registrera/bekrafta/")
    for _ in range(2):  # a mail scanner, then the person
        response = client.get(link)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Kvarnbackens Arbetskooperativ" in html
        assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert client.head(link).status_code == 200
    submission = Submission.objects.get()
    assert (submission.status, submission.confirmed_at) == ("unconfirmed", None)
    assert submission.organisation.publication_state == "draft"
    assert AccessLink.objects.get().used_at is None


def test_pressing_the_button_puts_it_in_the_queue_once(client):
    client.post(URL, registration_data())
    link = last_link("/registrera/bekrafta/")
    client.get(link)
    response = client.post(link)
    assert response.status_code == 200
    assert "Tack, din e-postadress är bekräftad" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.status == "pending" and submission.confirmed_at
    assert submission.organisation.publication_state == "pending"
    assert AccessLink.objects.get().used_at is not None
    for again in (client.post(link), client.get(link)):
        assert again.status_code == 410
        assert "redan använts" in again.content.decode()


def test_the_confirmation_needs_the_csrf_token(client):
    from django.test import Client

    client.post(URL, registration_data())
    response = Client(enforce_csrf_checks=True).post(last_link("/registrera/bekrafta/"))
    assert response.status_code == 403
    assert Submission.objects.get().status == "unconfirmed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_confirmation_link(client, method):
    import datetime

    from django.utils import timezone

    client.post(URL, registration_data())
    link = last_link("/registrera/bekrafta/")
    AccessLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = getattr(client, method)(link)
    assert response.status_code == 410
    assert "har gått ut" in response.content.decode()
    assert Submission.objects.get().status == "unconfirmed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_link_is_refused(client, method):
    client.post(URL, registration_data())
    link = last_link("/registrera/bekrafta/")
    response = getattr(client, method)(link[:-3] + "xyz/")
    assert response.status_code == 404
    assert Submission.objects.get().status == "unconfirmed"


def test_double_submission_creates_one_entry(client):
    data = registration_data()
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert first.status_code == second.status_code == 302
    assert Organisation.objects.count() == 1
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_honeypot_looks_like_success_and_stores_nothing(client):
    response = client.post(URL, registration_data(**{"reg-homepage": "http://spam.example"}))
    assert response.status_code == 302
    assert not Organisation.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_address(client):
    for number in range(5):
        data = registration_data(**{"org-name": f"Förening nummer {number} i Lekeberg"})
        data["reg-not_a_duplicate"] = "on"
        assert client.post(URL, data).status_code == 302
    data = registration_data(**{"org-name": "Den sjätte föreningen"})
    data["reg-not_a_duplicate"] = "on"
    response = client.post(URL, data)
    assert response.status_code == 429
    assert "Den sjätte föreningen" in response.content.decode()  # nothing typed is lost
    assert Organisation.objects.count() == 5


def test_errors_are_summarised_linked_and_nothing_is_lost(client):
    data = registration_data(
        **{
            "org-name": "",
            "org-postal_code": "7163",
            "org-org_number": "811218-9876",
            "contacts-0-consent": None,
        }
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-error-summary" in html
    assert 'href="#id_org-name"' in html
    assert 'href="#id_org-postal_code"' in html
    assert 'href="#id_org-org_number"' in html
    assert 'href="#id_contacts-0-consent"' in html
    assert "personnummer" in html
    assert 'value="Storgatan 1"' in html
    assert 'value="Karin Andersson"' in html
    assert not Organisation.objects.exists()


def test_existing_org_number_offers_the_claim_flow(client):
    existing = OrganisationFactory(org_number="769600-4972", legal_form_id="51")
    response = client.post(URL, registration_data(**{"org-org_number": "7696004972"}))
    html = response.content.decode()
    assert "finns redan i registret" in html
    assert existing.name in html
    assert "/min-organisation/lank/" in html
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("number", ["19900101-1234", "199001011234", "900101-1234"])
def test_a_personnummer_in_any_form_gets_the_personnummer_error(client, number):
    response = client.post(URL, registration_data(**{"org-org_number": f" {number} "}))
    assert response.status_code == 200
    errors = response.context["form"].errors["org_number"]
    assert len(errors) == 1 and "personnummer" in errors[0]
    assert "kontrollsiffran" not in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_12_digit_form_of_an_org_number_is_stored_normalised(client):
    response = client.post(URL, registration_data(**{"org-org_number": "  16769600-4972 "}))
    assert response.status_code == 302
    assert Organisation.objects.get().org_number == "769600-4972"


def test_the_org_number_input_does_not_cut_a_12_digit_number(client):
    html = client.get(URL).content.decode()
    tag = re.search(r'<input[^>]*name="org-org_number"[^>]*>', html).group(0)
    maxlength = int(re.search(r'maxlength="(\d+)"', tag).group(1))
    assert maxlength >= len(" 19900101-1234 ")


def test_group_digit_must_fit_the_legal_form(client):
    response = client.post(
        URL, registration_data(**{"org-org_number": "802002-4280", "org-legal_form": "51"})
    )
    assert "inte stämmer med den valda juridiska formen" in response.content.decode()


def test_similar_name_warns_and_can_be_overridden(client):
    OrganisationFactory(name="Kvarnbackens Arbetskooperativ")
    response = client.post(URL, registration_data(**{"org-name": "Kvarnbackens arbetskooperativ"}))
    assert response.status_code == 200
    assert "mycket likt namn" in response.content.decode()
    assert Organisation.objects.count() == 1
    data = registration_data(**{"org-name": "Kvarnbackens arbetskooperativ"})
    data["reg-not_a_duplicate"] = "on"
    assert client.post(URL, data).status_code == 302
    assert Organisation.objects.count() == 2


def test_add_another_contact_keeps_everything(client):
    data = registration_data(add_contact="1")
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="contacts-1-name"' in html
    assert 'value="Karin Andersson"' in html
    assert 'value="Kvarnbackens Arbetskooperativ"' in html
    assert "data-error-summary" not in html
    assert 'data-focus-on-load=""' in html


def test_several_contacts_and_not_shown_publicly_without_the_box(client):
    data = registration_data(
        **{
            "contacts-TOTAL_FORMS": "2",
            "contacts-1-name": "Olle Berg",
            "contacts-1-email": "olle@kvarnbacken.example.se",
            "contacts-1-consent": "on",
        }
    )
    client.post(URL, data)
    olle = ContactPerson.objects.get(name="Olle Berg")
    assert olle.show_publicly is False
    assert ContactPerson.objects.count() == 2


def test_more_than_five_contacts_is_refused(client):
    data = registration_data(**{"contacts-TOTAL_FORMS": "6"})
    for index in range(1, 6):
        data[f"contacts-{index}-name"] = f"Person {index}"
        data[f"contacts-{index}-email"] = f"p{index}@example.se"
        data[f"contacts-{index}-consent"] = "on"
    response = client.post(URL, data)
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_tampered_management_form_is_an_error_not_a_crash(client):
    response = client.post(URL, registration_data(**{"contacts-TOTAL_FORMS": "abc"}))
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_an_added_contact_left_empty_is_skipped(client):
    page = client.post(URL, registration_data(add_contact="1"))
    management = page.context["contact_formset"].management_form
    assert (management["TOTAL_FORMS"].value(), management["INITIAL_FORMS"].value()) == (2, 0)
    data = registration_data(**{"contacts-TOTAL_FORMS": "2"})
    data.update({"contacts-1-name": "", "contacts-1-email": "", "contacts-1-role": ""})
    response = client.post(URL, data)
    assert response.status_code == 302
    assert ContactPerson.objects.count() == 1


def test_errors_in_the_second_contact_say_which_contact(client):
    data = registration_data(**{"contacts-TOTAL_FORMS": "2", "contacts-1-name": "Olle"})
    html = client.post(URL, data).content.decode()
    assert "Kontaktperson 2: E-post" in html


def test_the_service_returns_the_first_submission_for_a_repeated_key(db):
    import uuid

    from registry import services
    from registry.models import LegalForm, Municipality

    key = uuid.uuid4()

    def submit(name):
        return services.registration_submit(
            organisation=Organisation(
                name=name,
                legal_form=LegalForm.objects.get(code="61"),
                kind="association",
                home_municipality=Municipality.objects.get(code="0583"),
                presentation="En förening.",
            ),
            m2m={
                "activity_areas": [],
                "global_goals": [],
                "municipalities": [],
                "offer_categories": [],
            },
            contacts=[services.ContactData(name="Anna", email="anna@example.se")],
            submission_key=key,
            language="sv",
        )

    first, again = submit("Första föreningen"), submit("Andra föreningen")
    assert first.created and not again.created
    assert again.submission == first.submission
    assert Organisation.objects.count() == 1
