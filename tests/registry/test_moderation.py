import uuid

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone

from registry import changes, services
from registry.models import Organisation, Submission
from tests.factories import OrganisationFactory
from tests.registry.helpers import (
    last_link,
    make_officer,
    registration_data,
    submit_registration,
)

pytestmark = pytest.mark.django_db

OFFICER_URLS = [
    "/handlaggare/",
    "/handlaggare/granskning/",
    "/handlaggare/granskning/1/",
    "/handlaggare/problem/",
    "/handlaggare/kontroll/",
]


@pytest.fixture
def officer():
    return make_officer()


@pytest.fixture
def pending(client):
    """A registration whose e-mail address is confirmed."""
    submit_registration(client)
    client.post(last_link("/registrera/bekrafta/"))
    mail.outbox.clear()
    return Submission.objects.get()


@pytest.mark.parametrize("url", OFFICER_URLS)
def test_anonymous_users_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggning/?next=")


@pytest.mark.parametrize("url", OFFICER_URLS)
def test_signed_in_non_officers_are_refused(client, url):
    user = User.objects.create_user("invanare", "i@example.se", "ett-langt-losenord-123")
    client.force_login(user)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    "url",
    ["/handlaggare/granskning/1/", "/handlaggare/problem/1/lost/", "/handlaggare/kontroll/"],
)
def test_posts_are_refused_to_non_officers(client, url):
    user = User.objects.create_user("invanare", "i@example.se", "ett-langt-losenord-123")
    client.force_login(user)
    assert client.post(url, {"action": "approve", "note": "x"}).status_code == 403


def test_queue_lists_pending_oldest_first_with_counts(client, officer, pending):
    newer = OrganisationFactory(name="Nyare ändring")
    services.change_request_submit(
        organisation=newer,
        data={"presentation": "Ny text"},
        submitter_email="a@example.se",
        submitter_name="A",
        submission_key="3f1c7d7e-8f55-4c39-9f57-0d0f5c1a3b11",
        language="sv",
    )
    client.force_login(officer)
    response = client.get("/handlaggare/granskning/")
    names = [s.organisation.name for s in response.context["submissions"]]
    assert names == ["Kvarnbackens Arbetskooperativ", "Nyare ändring"]
    assert response.context["counts"] == {"registrations": 1, "changes": 1}


def test_queue_has_a_fixed_number_of_queries(client, officer, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add_change_requests(count):
        for _ in range(count):
            services.change_request_submit(
                organisation=OrganisationFactory(),
                data={"presentation": "Ny text"},
                submitter_email="a@example.se",
                submitter_name="A",
                submission_key=str(uuid.uuid4()),
                language="sv",
            )

    client.force_login(officer)
    add_change_requests(1)
    with CaptureQueriesContext(connection) as one:
        client.get("/handlaggare/granskning/")
    add_change_requests(9)
    with CaptureQueriesContext(connection) as ten:
        response = client.get("/handlaggare/granskning/")
    assert len(response.context["submissions"]) == 10
    assert len(ten.captured_queries) == len(one.captured_queries) <= 10


def test_approve_publishes_sets_verified_and_notifies(client, officer, pending):
    client.force_login(officer)
    response = client.post(f"/handlaggare/granskning/{pending.pk}/", {"action": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    organisation = pending.organisation
    assert pending.status == "approved"
    assert (pending.decided_by, pending.decided_at is not None) == (officer, True)
    assert organisation.publication_state == "published"
    assert organisation.last_verified_on == timezone.localdate()
    assert client.get(organisation.get_absolute_url()).status_code == 200
    assert mail.outbox[-1].to == ["karin@kvarnbacken.example.se"]
    assert organisation.get_absolute_url() in mail.outbox[-1].body
    assert pending.history.first().history_user == officer


def test_reject_needs_a_reason_hides_and_notifies(client, officer, pending):
    client.force_login(officer)
    url = f"/handlaggare/granskning/{pending.pk}/"
    response = client.post(url, {"action": "reject", "message": ""})
    assert response.status_code == 200
    assert 'href="#id_message"' in response.content.decode()
    client.post(url, {"action": "reject", "message": "Verksamheten är inte social ekonomi."})
    pending.refresh_from_db()
    assert pending.status == "rejected"
    assert pending.organisation.publication_state == "hidden"
    assert "Verksamheten är inte social ekonomi." in mail.outbox[-1].body


def test_request_changes_sends_a_link_back_to_the_form(client, officer, pending):
    client.force_login(officer)
    client.post(
        f"/handlaggare/granskning/{pending.pk}/",
        {"action": "request_changes", "message": "Beskriv verksamheten utförligare."},
    )
    pending.refresh_from_db()
    assert pending.status == "changes_requested"
    assert "Beskriv verksamheten utförligare." in mail.outbox[-1].body
    client.logout()
    # The submitter follows the link, corrects the registration and sends it again.
    link = last_link("/min-organisation/oppna/")
    client.post(link)
    page = client.get("/min-organisation/")
    assert "Beskriv verksamheten utförligare." in page.content.decode()
    form = client.get("/min-organisation/uppgifter/").context["form"]
    data = {f"org-{k}": v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "org-description": "En längre beskrivning av caféet och arbetsträningen.",
            "org-activity_areas": [],
            "org-global_goals": [],
            "org-municipalities": ["1814"],
            "org-offer_categories": [],
            "org-work_integrating": "on",
            "org-sells_to_public_sector": "on",
            "chg-submission_key": "0b7ad3f0-4d0f-4c1e-a7a4-0f2d8a1e3c55",
        }
    )
    data = {k: v for k, v in data.items() if v not in (False, True)}
    data["org-work_integrating"] = "on"
    response = client.post("/min-organisation/uppgifter/", data)
    assert response.status_code == 302, response.context["form"].errors
    pending.refresh_from_db()
    assert pending.status == "pending"
    assert pending.organisation.publication_state == "pending"
    assert pending.organisation.description.startswith("En längre beskrivning")


def test_two_officers_deciding_at_once_cannot_both_win(client, pending):
    first, second = make_officer("forsta"), make_officer("andra")
    services.submission_approve(submission_id=pending.pk, officer=first)
    client.force_login(second)
    response = client.post(
        f"/handlaggare/granskning/{pending.pk}/",
        {"action": "reject", "message": "Nej"},
        follow=True,
    )
    assert "redan" in response.content.decode()
    pending.refresh_from_db()
    assert (pending.status, pending.decided_by) == ("approved", first)


def test_change_request_comparison_and_approval(client, officer):
    organisation = OrganisationFactory(name="Gamla Namnet", presentation="Gammal text.")
    submission = services.change_request_submit(
        organisation=organisation,
        data=changes.serialise_changes({"name": "Nya Namnet", "presentation": "Gammal text."}),
        submitter_email="kontakt@example.se",
        submitter_name="kontakt@example.se",
        submission_key="0b7ad3f0-4d0f-4c1e-a7a4-0f2d8a1e3c56",
        language="en",
    )
    assert submission.data == {"name": "Nya Namnet"}  # only what changed
    client.force_login(officer)
    response = client.get(f"/handlaggare/granskning/{submission.pk}/")
    rows = response.context["comparison"]
    assert [(str(r["label"]), r["current"], r["proposed"]) for r in rows] == [
        ("namn", "Gamla Namnet", "Nya Namnet")
    ]
    # The public entry is unchanged until approval.
    assert "Gamla Namnet" in client.get(organisation.get_absolute_url()).content.decode()
    client.post(f"/handlaggare/granskning/{submission.pk}/", {"action": "approve"})
    organisation.refresh_from_db()
    assert organisation.name == "Nya Namnet"
    assert mail.outbox[-1].subject.startswith("Nya Namnet is published")  # in English


def test_ceased_report_is_applied_on_approval(officer):
    import datetime

    organisation = OrganisationFactory()
    submission = services.change_request_submit(
        organisation=organisation,
        data={"status": "ceased", "ceased_on": "2025-06-30"},
        submitter_email="k@example.se",
        submitter_name="k@example.se",
        submission_key="0b7ad3f0-4d0f-4c1e-a7a4-0f2d8a1e3c57",
        language="sv",
    )
    services.submission_approve(submission_id=submission.pk, officer=officer)
    organisation.refresh_from_db()
    assert (organisation.status, organisation.ceased_on) == ("ceased", datetime.date(2025, 6, 30))


def test_nothing_changed_is_refused():
    organisation = OrganisationFactory(name="Samma")
    with pytest.raises(services.NothingChanged):
        services.change_request_submit(
            organisation=organisation,
            data={"name": "Samma"},
            submitter_email="k@example.se",
            submitter_name="k@example.se",
            submission_key="0b7ad3f0-4d0f-4c1e-a7a4-0f2d8a1e3c58",
            language="sv",
        )
    assert not Organisation.objects.get(pk=organisation.pk).submissions.exists()


@pytest.mark.parametrize(
    ("registrations", "changes", "sentence"),
    [
        (1, 1, "1 ny registrering och 1 ändringsbegäran väntar på granskning, äldst först."),
        (2, 0, "2 nya registreringar och 0 ändringsbegäranden väntar på granskning"),
    ],
)
def test_counts_are_said_in_the_singular_or_the_plural(
    client, officer, registrations, changes, sentence
):
    for number in range(registrations):
        data = registration_data(**{"org-name": f"Förening nummer {number} i Lekeberg"})
        data["reg-not_a_duplicate"] = "on"
        submit_registration(client, data)
        client.post(last_link("/registrera/bekrafta/"))
    for _ in range(changes):
        services.change_request_submit(
            organisation=OrganisationFactory(),
            data={"presentation": "Ny text"},
            submitter_email="a@example.se",
            submitter_name="A",
            submission_key=uuid.uuid4(),
            language="sv",
        )
    client.force_login(officer)
    assert sentence in client.get("/handlaggare/granskning/").content.decode()
    dashboard = client.get("/handlaggare/").content.decode()
    singular_or_plural = "ny registrering" if registrations == 1 else "nya registreringar"
    assert f"{registrations} {singular_or_plural}</h2>" in dashboard
    assert f"{changes} ändringsbegäran" in dashboard
    assert "0 öppna felanmälningar</h2>" in dashboard


def test_approval_names_and_links_the_organisation_and_escapes_its_name(client, officer):
    organisation = OrganisationFactory(name="<script>alert(1)</script> Förening", slug="forening")
    submission = services.change_request_submit(
        organisation=organisation,
        data={"presentation": "Ny text"},
        submitter_email="k@example.se",
        submitter_name="k@example.se",
        submission_key=uuid.uuid4(),
        language="sv",
    )
    client.force_login(officer)
    response = client.post(
        f"/handlaggare/granskning/{submission.pk}/", {"action": "approve"}, follow=True
    )
    html = response.content.decode()
    assert (
        'Godkänd och publicerad: <a href="/organisationer/forening/">'
        "&lt;script&gt;alert(1)&lt;/script&gt; Förening</a>."
    ) in html
    assert "<script>alert(1)" not in html


def test_other_messages_stay_plain_text(client, officer, pending):
    officer.username = "<b>forsta</b>"
    officer.save()
    services.submission_approve(submission_id=pending.pk, officer=officer)
    client.force_login(make_officer("andra"))
    response = client.post(
        f"/handlaggare/granskning/{pending.pk}/",
        {"action": "reject", "message": "Nej"},
        follow=True,
    )
    html = response.content.decode()
    assert "&lt;b&gt;forsta&lt;/b&gt; har redan" in html
    assert "<b>forsta</b>" not in html
