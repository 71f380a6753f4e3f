import re

import pytest
from django.core import mail

from registry.models import AccessLink, ContactPerson, Organisation, Submission
from tests.factories import OrganisationFactory
from tests.registry.helpers import (
    CHECK_URL,
    STEP_URLS,
    answer_steps,
    last_link,
    registration_data,
    submit_registration,
)

pytestmark = pytest.mark.django_db

URL = "/registrera/"
FIRST, ACTIVITIES, PLACES, CONTACTS = STEP_URLS


def test_each_new_registration_gets_a_fresh_submission_key(client):
    from django.test import Client

    answer_steps(client, registration_data())
    first = client.get(CHECK_URL).context["extras"].initial["submission_key"]
    assert client.get(CHECK_URL).context["extras"].initial["submission_key"] == first
    other = Client()
    answer_steps(other, registration_data())
    assert other.get(CHECK_URL).context["extras"].initial["submission_key"] != first


def test_registration_creates_a_draft_and_emails_a_confirmation_link(client):
    response = submit_registration(client)
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
    submit_registration(client)
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
    submit_registration(client)
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

    submit_registration(client)
    response = Client(enforce_csrf_checks=True).post(last_link("/registrera/bekrafta/"))
    assert response.status_code == 403
    assert Submission.objects.get().status == "unconfirmed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_expired_confirmation_link(client, method):
    import datetime

    from django.utils import timezone

    submit_registration(client)
    link = last_link("/registrera/bekrafta/")
    AccessLink.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = getattr(client, method)(link)
    assert response.status_code == 410
    assert "har gått ut" in response.content.decode()
    assert Submission.objects.get().status == "unconfirmed"


@pytest.mark.parametrize("method", ["get", "post"])
def test_tampered_link_is_refused(client, method):
    submit_registration(client)
    link = last_link("/registrera/bekrafta/")
    response = getattr(client, method)(link[:-3] + "xyz/")
    assert response.status_code == 404
    assert Submission.objects.get().status == "unconfirmed"


def test_double_submission_creates_one_entry(client):
    data = registration_data()
    first = submit_registration(client, data)
    second = client.post(CHECK_URL, data)  # back, and send again
    assert first.status_code == second.status_code == 302
    assert Organisation.objects.count() == 1
    assert Submission.objects.count() == 1
    assert len(mail.outbox) == 1


def test_honeypot_looks_like_success_and_stores_nothing(client):
    response = submit_registration(client, **{"reg-homepage": "http://spam.example"})
    assert response.status_code == 302
    assert response["Location"] == "/registrera/tack/"
    assert not Organisation.objects.exists()
    assert not mail.outbox


def test_rate_limit_per_address(client):
    for number in range(5):
        data = registration_data(**{"org-name": f"Förening nummer {number} i Lekeberg"})
        data["reg-not_a_duplicate"] = "on"
        assert submit_registration(client, data).status_code == 302
    data = registration_data(**{"org-name": "Den sjätte föreningen"})
    data["reg-not_a_duplicate"] = "on"
    response = submit_registration(client, data)
    assert response.status_code == 429
    assert "Den sjätte föreningen" in response.content.decode()  # nothing typed is lost
    assert Organisation.objects.count() == 5


def test_each_step_shows_its_own_errors_in_the_summary_and_keeps_what_was_typed(client):
    data = registration_data(
        **{
            "org-name": "",
            "org-org_number": "811218-9876",
            "org-presentation": "",
            "org-postal_code": "7163",
            "contacts-0-consent": None,
        }
    )
    # The first step: only its own fields are checked.
    html = client.post(FIRST, data).content.decode()
    assert "data-error-summary" in html
    assert 'href="#id_org-name"' in html and 'href="#id_org-org_number"' in html
    assert "personnummer" in html
    assert "id_org-presentation" not in html and "id_org-postal_code" not in html
    assert "KAK</textarea>" in html  # nothing typed is lost
    assert html.count("data-error-summary") == 1
    client.post(FIRST, registration_data())

    html = client.post(ACTIVITIES, data).content.decode()
    assert 'href="#id_org-presentation"' in html and "id_org-name" not in html
    assert "Ett arbetsintegrerande socialt företag i Lekeberg." in html
    client.post(ACTIVITIES, registration_data())

    html = client.post(PLACES, data).content.decode()
    assert 'href="#id_org-postal_code"' in html
    assert 'value="Storgatan 1"' in html and 'value="7163"' in html
    client.post(PLACES, registration_data())

    response = client.post(CONTACTS, data)
    html = response.content.decode()
    assert 'href="#id_contacts-0-consent"' in html
    assert 'value="Karin Andersson"' in html
    assert response.context["step_number"] == 4
    assert not Organisation.objects.exists()


def test_the_page_says_which_step_of_how_many(client):
    html = client.get(FIRST).content.decode()
    assert "Steg 1 av 4" in html
    assert re.search(
        r'<li class="current" aria-current="step">\s*<span>Organisationen</span>', html
    )
    answer_steps(client, registration_data(), upto=1)
    response = client.get(ACTIVITIES)
    html = response.content.decode()
    assert "Steg 2 av 4" in html
    assert "<title>Steg 2 av 4: Vad organisationen gör" in html
    # The step done is a link back to it; a step not yet reachable is not.
    assert f'<a href="{FIRST}">Organisationen</a>' in html
    assert f'<a href="{PLACES}">' not in html
    assert f'href="{FIRST}">Tillbaka</a>' in html


def test_answers_are_kept_between_steps_in_the_session(client):
    answer_steps(client, registration_data(), upto=3)
    # Back to the first step: everything typed is there, without errors.
    html = client.get(FIRST).content.decode()
    assert 'value="Kvarnbackens Arbetskooperativ"' in html
    assert "data-error-summary" not in html
    html = client.get(PLACES).content.decode()
    assert 'value="Storgatan 1"' in html and 'value="Fjugesta"' in html
    assert client.session["registry_registration"]["complete"] == [
        "activities",
        "organisation",
        "places",
    ]
    # A step sent with an error keeps what was typed too, with the error, when it is
    # opened again, and the later steps wait for it.
    client.post(ACTIVITIES, registration_data(**{"org-presentation": ""}))
    html = client.get(ACTIVITIES).content.decode()
    assert "data-error-summary" in html
    assert "Ett arbetsintegrerande socialt företag i Lekeberg." in html
    assert client.get(PLACES)["Location"] == ACTIVITIES


def test_the_session_keeps_only_what_the_steps_ask_for(client):
    data = registration_data(**{"org-publication_state": "published", "contacts-9-name": "X"})
    data["sneaky"] = "x" * 1000
    answer_steps(client, data)
    stored = client.session["registry_registration"]["data"]
    keys = {key for step in stored.values() for key in step}
    assert "sneaky" not in keys
    assert "org-publication_state" not in keys
    assert "contacts-9-name" not in keys
    assert "org-name" in stored["organisation"] and "org-city" in stored["places"]


@pytest.mark.parametrize("url", [ACTIVITIES, PLACES, CONTACTS, CHECK_URL])
def test_a_later_step_without_the_earlier_ones_sends_you_to_the_first_missing(client, url):
    assert client.get(url)["Location"] == FIRST
    assert client.post(url, registration_data())["Location"] == FIRST
    assert not Organisation.objects.exists()


def test_a_skipped_middle_step_is_where_you_are_sent(client):
    client.post(FIRST, registration_data())
    assert client.get(CONTACTS)["Location"] == ACTIVITIES
    assert client.get(CHECK_URL)["Location"] == ACTIVITIES


def test_the_start_page_links_to_the_first_step_and_to_the_resend_page(client):
    html = client.get(URL).content.decode()
    assert f'href="{FIRST}"' in html
    assert 'href="/registrera/skicka-igen/"' in html
    assert "Ctrl" not in html


def test_the_municipality_picker_is_checkboxes_by_county_without_a_ctrl_hint(client):
    answer_steps(client, registration_data(), upto=2)
    html = client.get(PLACES).content.decode()
    assert "Ctrl" not in html and "Cmd" not in html
    assert "<select" in html  # the home municipality only
    assert html.count('name="org-municipalities"') == 290
    assert html.count('<details class="county"') == 21
    assert 'id="id_org-municipalities_0"' in html and 'id="id_org-municipalities_289"' in html
    assert "js/municipality_picker.js" in html
    # A county with a chosen municipality is open and says how many are chosen.
    data = registration_data(**{"org-municipalities": ["0583", "0580"]})
    client.post(PLACES, data)
    html = client.get(PLACES).content.decode()
    assert html.count('<details class="county" open>') == 1
    assert "(2 valda)" in html
    assert html.count(" checked") == 2


def test_operating_municipalities_are_saved(client):
    submit_registration(client, **{"org-municipalities": ["0583", "0580"]})
    organisation = Organisation.objects.get()
    codes = set(organisation.municipalities.values_list("code", flat=True))
    assert codes == {"0583", "0580", "1814"}  # with the home municipality


def test_the_check_page_shows_every_answer_with_a_change_link(client):
    from registry.changes import SELF_SERVICE_FIELDS

    answer_steps(client, registration_data(**{"org-municipalities": ["0583"]}))
    response = client.get(CHECK_URL)
    assert response.status_code == 200
    html = response.content.decode()
    labels = [row["name"] for section in response.context["sections"] for row in section["rows"]]
    assert sorted(labels) == sorted(SELF_SERVICE_FIELDS)
    for text in [
        "Kvarnbackens Arbetskooperativ",
        "Vi driver café och catering med arbetsträning.",
        "Lekeberg",
        "Motala",
        "716 31",
        "https://kvarnbacken.example.se",
        "Karin Andersson",
        "karin@kvarnbacken.example.se",
        "Verksamhetsledare",
    ]:
        assert text in html, text
    for url in STEP_URLS:
        assert f'href="{url}?change=1"' in html
    assert "Skicka registreringen" in html
    assert not Organisation.objects.exists()  # nothing is stored before it is sent


def test_change_from_the_check_page_returns_to_it(client):
    answer_steps(client, registration_data())
    html = client.get(f"{PLACES}?change=1").content.decode()
    assert f'action="{PLACES}?change=1"' in html
    assert f'href="{CHECK_URL}">Tillbaka</a>' in html
    response = client.post(f"{PLACES}?change=1", registration_data(**{"org-city": "Örebro"}))
    assert response["Location"] == CHECK_URL
    assert "Örebro" in client.get(CHECK_URL).content.decode()


def test_a_change_made_invalid_meanwhile_sends_you_back_to_that_step(client):
    answer_steps(client, registration_data(**{"org-org_number": "769600-4972"}))
    OrganisationFactory(org_number="769600-4972", legal_form_id="51")
    response = client.get(CHECK_URL)
    assert response["Location"] == FIRST
    assert "finns redan i registret" in client.get(FIRST).content.decode()


def test_the_draft_is_gone_once_sent(client):
    submit_registration(client)
    assert "registry_registration" not in client.session
    assert client.get(CHECK_URL)["Location"] == FIRST


@pytest.mark.parametrize("state", ["published", "draft", "pending", "hidden"])
def test_existing_org_number_offers_the_claim_flow_without_telling_its_state(client, state):
    existing = OrganisationFactory(
        org_number="769600-4972", legal_form_id="51", publication_state=state
    )
    response = client.post(FIRST, registration_data(**{"org-org_number": "7696004972"}))
    html = response.content.decode()
    assert "finns redan i registret" in html
    assert "/min-organisation/lank/" in html
    # Only a published entry is named; nothing says a draft, a pending or a hidden one is.
    assert (existing.name in html) == (state == "published")
    for word in ("utkast", "väntar", "dold", "granskning"):
        assert (
            word not in html.lower().split("<main")[1].split("</main>")[0] or state == "published"
        )
    assert Organisation.objects.count() == 1


@pytest.mark.parametrize("number", ["19900101-1234", "199001011234", "900101-1234"])
def test_a_personnummer_in_any_form_gets_the_personnummer_error(client, number):
    response = client.post(FIRST, registration_data(**{"org-org_number": f" {number} "}))
    assert response.status_code == 200
    errors = response.context["form"].errors["org_number"]
    assert len(errors) == 1 and "personnummer" in errors[0]
    assert "kontrollsiffran" not in response.content.decode()
    assert not Organisation.objects.exists()


def test_the_12_digit_form_of_an_org_number_is_stored_normalised(client):
    response = submit_registration(client, **{"org-org_number": "  16769600-4972 "})
    assert response.status_code == 302
    assert Organisation.objects.get().org_number == "769600-4972"


def test_the_org_number_input_does_not_cut_a_12_digit_number(client):
    html = client.get(FIRST).content.decode()
    tag = re.search(r'<input[^>]*name="org-org_number"[^>]*>', html).group(0)
    maxlength = int(re.search(r'maxlength="(\d+)"', tag).group(1))
    assert maxlength >= len(" 19900101-1234 ")


def test_group_digit_must_fit_the_legal_form(client):
    response = client.post(
        FIRST, registration_data(**{"org-org_number": "802002-4280", "org-legal_form": "51"})
    )
    assert "inte stämmer med den valda juridiska formen" in response.content.decode()


def test_similar_name_warns_on_the_first_step_and_can_be_overridden(client):
    OrganisationFactory(name="Kvarnbackens Arbetskooperativ")
    data = registration_data(**{"org-name": "Kvarnbackens arbetskooperativ"})
    response = client.post(FIRST, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "mycket likt namn" in html
    assert 'name="reg-not_a_duplicate"' in html
    assert client.get(ACTIVITIES)["Location"] == FIRST  # not answered yet
    data["reg-not_a_duplicate"] = "on"
    assert client.post(FIRST, data)["Location"] == ACTIVITIES
    assert submit_registration(client, data).status_code == 302
    assert Organisation.objects.count() == 2


@pytest.mark.parametrize("state", ["draft", "pending", "hidden"])
def test_the_similar_name_warning_lists_only_published_entries(client, state):
    OrganisationFactory(name="Kvarnbackens Arbetskooperativ", publication_state=state)
    response = client.post(FIRST, registration_data())
    assert response["Location"] == ACTIVITIES
    assert "mycket likt namn" not in client.get(FIRST).content.decode()


def test_add_another_contact_keeps_everything(client):
    answer_steps(client, registration_data(), upto=3)
    response = client.post(CONTACTS, registration_data(add_contact="1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="contacts-1-name"' in html
    assert 'value="Karin Andersson"' in html
    assert "data-error-summary" not in html
    assert 'data-focus-on-load=""' in html
    # The rest of the registration is still there.
    assert 'value="Kvarnbackens Arbetskooperativ"' in client.get(FIRST).content.decode()


def test_several_contacts_and_not_shown_publicly_without_the_box(client):
    data = registration_data(
        **{
            "contacts-TOTAL_FORMS": "2",
            "contacts-1-name": "Olle Berg",
            "contacts-1-email": "olle@kvarnbacken.example.se",
            "contacts-1-consent": "on",
        }
    )
    submit_registration(client, data)
    olle = ContactPerson.objects.get(name="Olle Berg")
    assert olle.show_publicly is False
    assert ContactPerson.objects.count() == 2


def test_more_than_five_contacts_is_refused(client):
    data = registration_data(**{"contacts-TOTAL_FORMS": "6"})
    for index in range(1, 6):
        data[f"contacts-{index}-name"] = f"Person {index}"
        data[f"contacts-{index}-email"] = f"p{index}@example.se"
        data[f"contacts-{index}-consent"] = "on"
    response = submit_registration(client, data)
    assert response.status_code == 200
    assert response.context["step_number"] == 4
    assert not Organisation.objects.exists()


def test_tampered_management_form_is_an_error_not_a_crash(client):
    response = submit_registration(client, **{"contacts-TOTAL_FORMS": "abc"})
    assert response.status_code == 200
    assert not Organisation.objects.exists()


def test_an_added_contact_left_empty_is_skipped(client):
    answer_steps(client, registration_data(), upto=3)
    page = client.post(CONTACTS, registration_data(add_contact="1"))
    management = page.context["contact_formset"].management_form
    assert (management["TOTAL_FORMS"].value(), management["INITIAL_FORMS"].value()) == (2, 0)
    data = registration_data(**{"contacts-TOTAL_FORMS": "2"})
    data.update({"contacts-1-name": "", "contacts-1-email": "", "contacts-1-role": ""})
    response = submit_registration(client, data)
    assert response.status_code == 302
    assert ContactPerson.objects.count() == 1


def test_errors_in_the_second_contact_say_which_contact(client):
    data = registration_data(**{"contacts-TOTAL_FORMS": "2", "contacts-1-name": "Olle"})
    html = submit_registration(client, data).content.decode()
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
