import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from registry.models import AccessLink, ContactPerson, Submission
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.mail import run_worker
from tests.registry.helpers import last_link

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(name="Lindens Förening", presentation="Gammal text.")
    ContactPersonFactory(
        organisation=organisation,
        name="Lena Lind",
        email="lena@linden.example.se",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    return organisation


def open_editing(client, email="lena@linden.example.se"):
    client.post("/min-organisation/lank/", {"email": email})
    link = last_link("/min-organisation/oppna/")
    assert client.get(link).status_code == 200  # a page with a button: scanners spend nothing
    response = client.post(link)
    assert response["Location"] == "/min-organisation/"
    return link


def test_link_request_answers_the_same_for_unknown_addresses(client, organisation):
    known = client.post("/min-organisation/lank/", {"email": "LENA@linden.example.se"})
    unknown = client.post("/min-organisation/lank/", {"email": "okand@example.se"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["lena@linden.example.se"]


def test_edit_link_is_single_use(client, organisation):
    link = open_editing(client)
    other = type(client)()
    assert other.post(link).status_code == 410


def test_expired_edit_link(client, organisation):
    client.post("/min-organisation/lank/", {"email": "lena@linden.example.se"})
    AccessLink.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(last_link("/min-organisation/oppna/"))
    assert response.status_code == 410


def test_self_service_pages_need_the_link(client):
    for url in [
        "/min-organisation/",
        "/min-organisation/uppgifter/",
        "/min-organisation/kontakter/",
    ]:
        assert client.get(url).status_code == 403


def test_edit_becomes_a_change_request_and_public_entry_stays(client, organisation):
    open_editing(client)
    form = client.get("/min-organisation/uppgifter/").context["form"]
    data = {}
    for name in form.fields:
        value = form.initial.get(name)
        if isinstance(value, list):
            data[f"org-{name}"] = [getattr(v, "pk", v) for v in value]
        elif value in (None, False):
            continue
        elif value is True:
            data[f"org-{name}"] = "on"
        else:
            data[f"org-{name}"] = value
    data["org-presentation"] = "Ny presentation."
    data["chg-submission_key"] = str(uuid.uuid4())
    response = client.post("/min-organisation/uppgifter/", data)
    assert response.status_code == 302, response.context["form"].errors
    submission = Submission.objects.get()
    assert (submission.kind, submission.status) == ("change", "pending")
    assert submission.data == {"presentation": "Ny presentation."}
    organisation.refresh_from_db()
    assert organisation.presentation == "Gammal text."
    # Sent twice: still one change request.
    client.post("/min-organisation/uppgifter/", data)
    assert Submission.objects.count() == 1


def test_report_ceased(client, organisation):
    open_editing(client)
    response = client.post(
        "/min-organisation/upphort/",
        {"ceased_on": "2025-12-31", "submission_key": str(uuid.uuid4())},
    )
    assert response.status_code == 302
    assert Submission.objects.get().data == {"status": "ceased", "ceased_on": "2025-12-31"}


def test_report_ceased_in_the_future_is_an_error(client, organisation):
    open_editing(client)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        "/min-organisation/upphort/", {"ceased_on": tomorrow, "submission_key": str(uuid.uuid4())}
    )
    assert response.status_code == 200
    assert "data-error-summary" in response.content.decode()
    assert not Submission.objects.exists()


def test_withdrawing_consent_hides_the_person_at_once(client, organisation):
    contact = organisation.contacts.get()
    assert "Lena Lind" in client.get(organisation.get_absolute_url()).content.decode()
    open_editing(client)
    client.post(f"/min-organisation/kontakter/{contact.pk}/dolj/")
    contact.refresh_from_db()
    assert contact.show_publicly is False
    public = client.get(organisation.get_absolute_url()).context["contacts"]
    assert [person.name for person in public] == []


def test_removing_a_contact_erases_history_too(client, organisation):
    contact = ContactPersonFactory(organisation=organisation, name="Per Persson")
    open_editing(client)
    client.post(f"/min-organisation/kontakter/{contact.pk}/ta-bort/")
    assert not ContactPerson.objects.filter(pk=contact.pk).exists()
    assert not ContactPerson.history.filter(id=contact.pk).exists()


def test_the_last_contact_cannot_be_removed(client, organisation):
    open_editing(client)
    contact = organisation.contacts.get()
    client.post(f"/min-organisation/kontakter/{contact.pk}/ta-bort/")
    assert ContactPerson.objects.filter(pk=contact.pk).exists()


def test_cannot_touch_another_organisations_contacts(client, organisation):
    stranger = ContactPersonFactory(name="Annan Person")
    open_editing(client)
    assert client.post(f"/min-organisation/kontakter/{stranger.pk}/dolj/").status_code == 404


def test_add_contact(client, organisation):
    open_editing(client)
    response = client.post(
        "/min-organisation/kontakter/",
        {"new-name": "Nils Nilsson", "new-email": "nils@example.se", "new-consent": "on"},
    )
    assert response.status_code == 302
    assert organisation.contacts.filter(name="Nils Nilsson", show_publicly=False).exists()


def test_verification_requests_and_confirmation(client, organisation):
    from registry import services

    old = timezone.localdate() - datetime.timedelta(days=400)
    type(organisation).objects.filter(pk=organisation.pk).update(last_verified_on=old)
    OrganisationFactory(name="Nyss kontrollerad")  # verified 30 days ago: not asked
    assert services.verification_requests_send() == 1
    assert services.verification_requests_send() == 0  # not asked twice within 30 days
    run_worker()
    link = last_link("/kontroll/")
    assert client.get(link).status_code == 200
    client.post(link, {"answer": "right"})
    organisation.refresh_from_db()
    assert organisation.last_verified_on == timezone.localdate()
    assert client.post(link, {"answer": "right"}).status_code == 410


def test_verification_can_open_editing(client, organisation):
    from registry import services

    type(organisation).objects.filter(pk=organisation.pk).update(last_verified_on=None)
    services.verification_requests_send()
    run_worker()
    response = client.post(last_link("/kontroll/"), {"answer": "changes"})
    assert response["Location"] == "/min-organisation/uppgifter/"
    assert client.get("/min-organisation/uppgifter/").status_code == 200
