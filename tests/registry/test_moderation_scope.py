"""Moderation, problem reports and verification are scoped by municipality: an officer
sees and decides the entries whose home or operating municipality is one of theirs;
an administrator all of them. Reading the register stays open to every officer."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import User
from django.core import mail

from registry import access, services
from registry.models import AccessLink, Municipality, Organisation, ProblemReport, Submission
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.registry.helpers import last_link, make_officer, submit_registration

pytestmark = pytest.mark.django_db

LEKEBERG, MOTALA, OREBRO = "1814", "0583", "1880"
LONG_AGO = datetime.date(2024, 3, 5)


def municipality(code):
    return Municipality.objects.get(code=code)


@pytest.fixture
def motala_officer():
    return make_officer("motala", municipalities=[MOTALA])


@pytest.fixture
def lekeberg_officer():
    return make_officer("lekeberg", municipalities=[LEKEBERG])


@pytest.fixture
def admin():
    return User.objects.create_superuser("admin", "admin@kommun.example.se", "ett-langt-losenord")


def registration(client, name, home, operating=()):
    """A confirmed registration (pending review) with its home and operating places."""
    submit_registration(
        client,
        **{
            "org-name": name,
            "org-home_municipality": home,
            "org-municipalities": list(operating),
        },
    )
    client.post(last_link("/registrera/bekrafta/"))
    mail.outbox.clear()
    return Submission.objects.get(organisation__name=name)


def change_request(organisation) -> Submission:
    return services.change_request_submit(
        organisation=organisation,
        data={"presentation": "Ny text"},
        submitter_email="a@example.se",
        submitter_name="A",
        submission_key=str(uuid.uuid4()),
        language="sv",
    )


def queue_names(client) -> list[str]:
    response = client.get("/handlaggare/granskning/")
    assert response.status_code == 200
    return [submission.organisation.name for submission in response.context["submissions"]]


def test_an_officer_of_motala_does_not_see_lekebergs_submissions(client, motala_officer):
    registration(client, "Lekebergs kooperativ", LEKEBERG)
    change_request(OrganisationFactory(name="Motalas förening"))
    client.force_login(motala_officer)
    assert queue_names(client) == ["Motalas förening"]
    assert client.get("/handlaggare/").context["counts"] == {
        "registrations": 0,
        "changes": 1,
        "problems": 0,
    }


@pytest.mark.parametrize("action", ["approve", "reject", "changes"])
def test_an_officer_of_motala_cannot_open_or_decide_lekebergs_submission(
    client, motala_officer, action
):
    submission = registration(client, "Lekebergs kooperativ", LEKEBERG)
    client.force_login(motala_officer)
    url = f"/handlaggare/granskning/{submission.pk}/"
    assert client.get(url).status_code == 403
    response = client.post(url, {"action": action, "message": "Ser bra ut."})
    assert response.status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.PENDING
    assert not mail.outbox


def test_an_entry_operating_in_lekeberg_is_in_lekebergs_queue(
    client, lekeberg_officer, motala_officer
):
    submission = registration(client, "Motala och Lekeberg", MOTALA, operating=[LEKEBERG])
    registration(client, "Bara Örebro", OREBRO)
    client.force_login(lekeberg_officer)
    assert queue_names(client) == ["Motala och Lekeberg"]
    url = f"/handlaggare/granskning/{submission.pk}/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"action": "approve", "message": ""})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.APPROVED


def test_a_registration_with_its_home_elsewhere_is_not_in_the_queue(client, lekeberg_officer):
    registration(client, "Motalas kooperativ", MOTALA)
    client.force_login(lekeberg_officer)
    assert queue_names(client) == []


def test_an_administrator_sees_and_decides_every_submission(client, admin):
    registration(client, "Lekebergs kooperativ", LEKEBERG)
    other = registration(client, "Örebros kooperativ", OREBRO)
    client.force_login(admin)
    assert sorted(queue_names(client)) == ["Lekebergs kooperativ", "Örebros kooperativ"]
    response = client.post(
        f"/handlaggare/granskning/{other.pk}/", {"action": "approve", "message": ""}
    )
    assert response.status_code == 302
    page = client.get("/handlaggare/granskning/").content.decode()
    assert "Kön omfattar alla kommuner." in page


def test_the_queue_says_which_municipalities_it_covers(client):
    client.force_login(make_officer("tva", municipalities=[MOTALA, LEKEBERG]))
    page = client.get("/handlaggare/granskning/").content.decode()
    assert "Lekeberg, Motala, de 2 kommunerna du arbetar för." in page
    client.force_login(make_officer("en", municipalities=[MOTALA]))
    page = client.get("/handlaggare/granskning/").content.decode()
    assert "i Motala, kommunen du arbetar för." in page
    client.force_login(make_officer("ingen", municipalities=[]))
    page = client.get("/en/handlaggare/granskning/").content.decode()
    assert "You work for no municipality yet, so the queue is empty." in page


def report(organisation) -> ProblemReport:
    return ProblemReport.objects.create(
        organisation=organisation, category="other", message="Fel", submission_key=uuid.uuid4()
    )


def test_problem_reports_are_scoped_and_resolving_another_municipalitys_is_refused(
    client, motala_officer
):
    motala = report(OrganisationFactory(name="Motalas förening"))
    lekeberg = report(
        OrganisationFactory(name="Lekebergs förening", home_municipality=municipality(LEKEBERG))
    )
    client.force_login(motala_officer)
    response = client.get("/handlaggare/problem/")
    assert [r.organisation.name for r in response.context["reports"]] == ["Motalas förening"]
    assert client.get("/handlaggare/").context["counts"]["problems"] == 1
    refused = client.post(f"/handlaggare/problem/{lekeberg.pk}/lost/", {"note": "Klart"})
    assert refused.status_code == 403
    lekeberg.refresh_from_db()
    assert lekeberg.status == ProblemReport.Status.OPEN
    done = client.post(f"/handlaggare/problem/{motala.pk}/lost/", {"note": "Klart"})
    assert done.status_code == 302
    motala.refresh_from_db()
    assert motala.status == ProblemReport.Status.RESOLVED


def due(name, home, operating=()):
    organisation = OrganisationFactory(
        name=name,
        home_municipality=municipality(home),
        municipalities=[municipality(code) for code in (home, *operating)],
        last_verified_on=LONG_AGO,
    )
    ContactPersonFactory(organisation=organisation, email=f"{organisation.slug}@example.se")
    return organisation


def test_verification_lists_and_asks_only_the_officers_entries(client, lekeberg_officer):
    due("Lekebergs förening", LEKEBERG)
    due("Verkar i Lekeberg", MOTALA, operating=[LEKEBERG])
    due("Motalas förening", MOTALA)
    client.force_login(lekeberg_officer)
    response = client.get("/handlaggare/kontroll/")
    names = sorted(row["organisation"].name for row in response.context["rows"])
    assert names == ["Lekebergs förening", "Verkar i Lekeberg"]
    assert client.get("/handlaggare/").context["due_for_verification"] == 2
    response = client.post("/handlaggare/kontroll/", {"expected": "2", "confirm": "on"})
    assert response.status_code == 302
    asked = AccessLink.objects.filter(purpose=AccessLink.Purpose.VERIFY)
    assert sorted(link.organisation.name for link in asked) == names


def test_the_scope_is_home_or_operating_municipality(lekeberg_officer, admin):
    home = OrganisationFactory(home_municipality=municipality(LEKEBERG))
    operating = OrganisationFactory(municipalities=[municipality(MOTALA), municipality(LEKEBERG)])
    elsewhere = OrganisationFactory()

    def scoped(user):
        return set(Organisation.objects.filter(access.organisation_scope(user)))

    assert scoped(lekeberg_officer) == {home, operating}
    assert scoped(admin) >= {home, operating, elsewhere}
    assert scoped(User.objects.create_user("ingen")) == set()
