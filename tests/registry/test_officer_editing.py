"""Officers create and edit entries and their contact persons in the portal: the
registration's validation, the officer's own fields, access by municipality, history
with the source OFFICER, and optimistic locking with two officers at once."""

import uuid

import pytest
from django.utils import timezone

from registry.history import Source
from registry.models import ContactPerson, OfficerAction, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory
from tests.registry.helpers import registration_data

State = Organisation.PublicationState


def edit_url(organisation) -> str:
    return f"/handlaggare/registret/{organisation.pk}/"


@pytest.fixture
def officer(db):
    return OfficerFactory(username="lekeberg", municipalities=["1814"])


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def entry(db):
    return OrganisationFactory(name="Lindens Förening", home_municipality_id="1814")


def form_data(client, url) -> dict:
    """The edit form as the page draws it, as a browser would send it unchanged."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, list | tuple):
            data[key] = [str(v) for v in value]
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        elif value is not None:
            data[key] = str(value)
    return data


def test_an_officer_edits_an_entry_of_their_municipality(signed_in, entry):
    data = form_data(signed_in, edit_url(entry))
    data["org-presentation"] = "Ny presentation."
    data["org-publication_state"] = "hidden"
    response = signed_in.post(edit_url(entry), data)
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.presentation == "Ny presentation."
    assert entry.publication_state == State.HIDDEN
    assert entry.history.first().source == Source.OFFICER
    assert entry.municipalities.filter(code="1814").exists()


def test_the_registration_rules_apply(signed_in, entry):
    data = form_data(signed_in, edit_url(entry))
    data["org-name"] = ""
    data["org-status"] = "active"
    data["org-ceased_on"] = "2020-01-01"
    response = signed_in.post(edit_url(entry), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Skriv organisationens namn"]
    assert "ceased_on" in errors
    # Nothing typed is lost.
    assert 'value="2020-01-01"' in response.content.decode()
    entry.refresh_from_db()
    assert entry.name == "Lindens Förening"


def test_another_municipalitys_officer_may_not_edit(client, entry):
    client.force_login(OfficerFactory(username="motala", municipalities=["0583"]))
    assert client.get(edit_url(entry)).status_code == 403
    assert client.post(edit_url(entry), {}).status_code == 403
    assert client.get(f"{edit_url(entry)}kontakter/").status_code == 403


def test_the_public_page_links_to_editing_for_officers_who_may(client, officer, entry):
    assert edit_url(entry) not in client.get(entry.get_absolute_url()).content.decode()
    client.force_login(officer)
    assert edit_url(entry) in client.get(entry.get_absolute_url()).content.decode()


# --- optimistic locking --------------------------------------------------------------------


def test_a_save_over_someone_elses_is_refused_with_both_versions(client, officer, entry):
    from tests.conftest import CommittingClient

    first, second = client, CommittingClient()
    first.force_login(officer)
    second.force_login(OfficerFactory(username="lekeberg2", municipalities=["1814"]))
    theirs = form_data(first, edit_url(entry))
    mine = form_data(second, edit_url(entry))
    theirs["org-presentation"] = "Deras text."
    assert first.post(edit_url(entry), theirs).status_code == 302

    mine["org-presentation"] = "Min text."
    mine["org-city"] = "Fjugesta"
    response = second.post(edit_url(entry), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Någon annan har sparat posten sedan du öppnade den" in html
    rows = {row["name"]: row for row in response.context["conflict"]}
    assert rows["presentation"]["theirs"] == "Deras text."
    assert rows["presentation"]["yours"] == "Min text."
    assert "name" not in rows  # only the fields that differ
    entry.refresh_from_db()
    assert entry.presentation == "Deras text."
    # What was typed is still in the form, with the version now saved.
    assert "Min text." in html and 'value="Fjugesta"' in html
    form = response.context["form"]
    assert form["version"].value() == str(entry.version)

    # A second, deliberate save wins.
    again = {**mine, "org-version": str(entry.version)}
    assert second.post(edit_url(entry), again).status_code == 302
    entry.refresh_from_db()
    assert entry.presentation == "Min text."
    assert entry.city == "Fjugesta"


# --- creating ------------------------------------------------------------------------------


def creation(**overrides) -> dict:
    data = {
        key: value
        for key, value in registration_data(**overrides).items()
        if key.startswith("org-")
    }
    data.update({"org-publication_state": "published", "org-status": "active"})
    data["org-key"] = str(uuid.uuid4())
    return data


def test_an_officer_creates_an_entry_in_their_municipality_once(signed_in, officer):
    data = creation()
    response = signed_in.post("/handlaggare/registret/ny/", data)
    assert response.status_code == 302
    again = signed_in.post("/handlaggare/registret/ny/", data)
    assert again["Location"] == response["Location"]
    organisation = Organisation.objects.get(name="Kvarnbackens Arbetskooperativ")
    assert organisation.publication_state == State.PUBLISHED
    assert organisation.history.first().source == Source.OFFICER
    assert OfficerAction.objects.get(organisation=organisation).officer == officer


def test_creating_outside_ones_municipalities_is_refused(signed_in):
    response = signed_in.post(
        "/handlaggare/registret/ny/", creation(**{"org-home_municipality": "0583"})
    )
    assert response.status_code == 200
    assert "home_municipality" in response.context["form"].errors
    assert not Organisation.objects.filter(name="Kvarnbackens Arbetskooperativ").exists()


def test_the_empty_creation_form_says_what_is_missing(signed_in):
    response = signed_in.post("/handlaggare/registret/ny/", {})
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Skriv organisationens namn"]


# --- contact persons -----------------------------------------------------------------------


def contact(**overrides) -> dict:
    data = {
        "contact-name": "Karin Andersson",
        "contact-role": "Ordförande",
        "contact-email": "karin@example.se",
        "contact-phone": "",
        "contact-legal_basis": "consent",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_a_contact_is_shown_publicly_only_with_consent(signed_in, entry):
    url = f"{edit_url(entry)}kontakter/"
    response = signed_in.post(url, contact(**{"contact-show_publicly": "on"}))
    assert response.status_code == 200
    assert "show_publicly" in response.context["form"].errors
    assert not entry.contacts.exists()
    response = signed_in.post(
        url, contact(**{"contact-show_publicly": "on", "contact-consent": "on"})
    )
    assert response.status_code == 302
    person = entry.contacts.get()
    assert person.show_publicly and person.consent_given_at
    assert person.history.first().source == Source.OFFICER


def test_a_contact_is_edited_under_the_lock_and_removed_with_history(signed_in, entry):
    person = ContactPersonFactory(
        organisation=entry, show_publicly=True, consent_given_at=timezone.now()
    )
    url = f"{edit_url(entry)}kontakter/{person.pk}/"
    data = form_data(signed_in, url)
    data["contact-consent"] = ""  # consent withdrawn: no longer shown
    data.pop("contact-consent")
    response = signed_in.post(url, data)
    assert response.status_code == 200
    assert "show_publicly" in response.context["form"].errors
    data.pop("contact-show_publicly")
    data["contact-role"] = "Kassör"
    assert signed_in.post(url, data).status_code == 302
    person.refresh_from_db()
    assert person.role == "Kassör" and not person.show_publicly and not person.consent_given_at
    stale = {**data, "contact-role": "Sekreterare"}
    response = signed_in.post(url, stale)
    assert response.status_code == 409
    assert response.context["conflict"][0]["theirs"] == "Kassör"
    assert signed_in.post(f"{url}ta-bort/").status_code == 302
    assert not ContactPerson.objects.filter(pk=person.pk).exists()
    assert not ContactPerson.history.filter(id=person.pk).exists()


def test_a_contact_of_another_organisation_is_not_found(signed_in, entry):
    stranger = ContactPersonFactory()
    assert signed_in.get(f"{edit_url(entry)}kontakter/{stranger.pk}/").status_code == 404


# --- access, as the access matrix checks it (tests/access_matrix/cases_editing.py) ------------


@pytest.mark.parametrize(
    ("path", "methods"),
    [
        ("", {"get", "post"}),
        ("kontakter/", {"get", "post"}),
        ("kontakter/{contact}/", {"get", "post"}),
        ("kontakter/{contact}/ta-bort/", {"post"}),
    ],
)
def test_each_entry_page_is_for_its_own_municipalitys_officers(client, entry, path, methods):
    from django.contrib.auth.models import User

    person = ContactPersonFactory(organisation=entry)
    url = edit_url(entry) + path.format(contact=person.pk)
    for method in ("get", "post"):
        if method not in methods:
            assert getattr(client, method)(url).status_code == 405
            continue
        assert getattr(client, method)(url)["Location"].startswith("/inloggning/")
        client.force_login(OfficerFactory(username=f"motala-{method}", municipalities=["0583"]))
        assert getattr(client, method)(url).status_code == 403
        client.force_login(User.objects.create_user(f"ingen-{method}"))
        assert getattr(client, method)(url).status_code == 403
        client.force_login(User.objects.create_superuser(f"admin-{method}"))
        assert getattr(client, method)(url).status_code in (200, 302)
        client.logout()
