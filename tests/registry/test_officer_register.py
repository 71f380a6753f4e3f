"""The officers' list of the register: filters, what each row says, access, and a
query count that does not grow with the page."""

import datetime

import pytest
from django.utils import timezone

from registry.models import Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory, UserFactory

URL = "/handlaggare/registret/"
State = Organisation.PublicationState


@pytest.fixture
def officer(db):
    return OfficerFactory(username="lekeberg", municipalities=["1814"])


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def names(response) -> list[str]:
    return [organisation.name for organisation in response.context["organisations"]]


def test_lists_every_state_with_municipality_and_whether_the_officer_may_edit(signed_in):
    OrganisationFactory(name="Alfa", home_municipality_id="1814", publication_state=State.DRAFT)
    OrganisationFactory(name="Beta", home_municipality_id="0583", publication_state=State.HIDDEN)
    response = signed_in.get(URL)
    assert response.status_code == 200
    assert names(response) == ["Alfa", "Beta"]
    rows = {o.name: o for o in response.context["organisations"]}
    assert rows["Alfa"].editable is True
    assert rows["Beta"].editable is False
    html = response.content.decode()
    assert "Lekeberg" in html and "Motala" in html
    assert f"/handlaggare/registret/{rows['Alfa'].pk}/" in html
    assert f"/handlaggare/registret/{rows['Beta'].pk}/" not in html


def test_filters_by_state_lifecycle_verification_contacts_and_own(signed_in):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=400)
    published = OrganisationFactory(name="Publicerad", home_municipality_id="1814")
    ContactPersonFactory(organisation=published)
    hidden = OrganisationFactory(name="Dold", publication_state=State.HIDDEN)
    ContactPersonFactory(organisation=hidden)
    OrganisationFactory(
        name="Upphörd", status=Organisation.Status.CEASED, ceased_on=today, last_verified_on=old
    )
    assert names(signed_in.get(URL, {"state": "hidden"})) == ["Dold"]
    assert names(signed_in.get(URL, {"lifecycle": "ceased"})) == ["Upphörd"]
    assert names(signed_in.get(URL, {"unverified": "on"})) == ["Upphörd"]
    assert names(signed_in.get(URL, {"no_contact": "on"})) == ["Upphörd"]
    assert names(signed_in.get(URL, {"mine": "on"})) == ["Publicerad"]
    assert names(signed_in.get(URL, {"municipality": "1814"})) == ["Publicerad"]
    assert names(signed_in.get(URL, {"q": "Dold"})) == ["Dold"]


def test_bad_filter_values_are_told_not_a_server_error(signed_in):
    response = signed_in.get(URL, {"state": "nonsense", "page": "²", "kind": "x" * 300})
    assert response.status_code == 200
    assert response.context["filter"].form.errors


def test_is_for_officers_only(client, db):
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 403


def test_the_officer_pages_link_to_it(signed_in):
    assert URL in signed_in.get("/handlaggare/").content.decode()


def test_queries_do_not_grow_with_the_page(signed_in, django_assert_max_num_queries):
    for number in range(3):
        OrganisationFactory(name=f"Få {number}", home_municipality_id="1814")
    signed_in.get(URL)  # the session and the cached reference lists
    with django_assert_max_num_queries(12) as few:
        signed_in.get(URL)
    for number in range(40):
        ContactPersonFactory(organisation=OrganisationFactory(name=f"Många {number}"))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = signed_in.get(URL)
    assert len(response.context["organisations"]) == 43


def test_an_officer_of_no_municipality_reads_the_list_and_may_edit_nothing(client, db):
    OrganisationFactory(name="Alfa")
    client.force_login(OfficerFactory(username="utan-kommun", municipalities=[]))
    response = client.get(URL, {"mine": "on"})
    assert response.status_code == 200
    assert names(response) == []
    response = client.get(URL)
    assert [o.editable for o in response.context["organisations"]] == [False]
    assert not response.context["can_create"]
