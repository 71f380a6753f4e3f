import uuid

import pytest

from registry.models import ProblemReport
from tests.factories import OrganisationFactory
from tests.registry.helpers import make_officer

pytestmark = pytest.mark.django_db


def report(client, organisation, **overrides):
    data = {
        "category": "ceased",
        "message": "Föreningen lades ner förra året.",
        "reporter_email": "",
        "submission_key": str(uuid.uuid4()),
        "homepage": "",
        **overrides,
    }
    return client.post(f"/organisationer/{organisation.slug}/rapportera/", data)


def test_report_lands_in_the_officers_queue_and_can_be_resolved(client):
    organisation = OrganisationFactory()
    response = report(client, organisation)
    assert response.status_code == 302
    assert ProblemReport.objects.get().status == "open"
    officer = make_officer()
    client.force_login(officer)
    page = client.get("/handlaggare/problem/")
    assert "Föreningen lades ner förra året." in page.content.decode()
    report_pk = ProblemReport.objects.get().pk
    client.post(f"/handlaggare/problem/{report_pk}/lost/", {"note": "Markerad som upphörd."})
    resolved = ProblemReport.objects.get()
    assert (resolved.status, resolved.resolved_by) == ("resolved", officer)


def test_resolving_needs_a_note(client):
    organisation = OrganisationFactory()
    report(client, organisation)
    client.force_login(make_officer())
    response = client.post(
        f"/handlaggare/problem/{ProblemReport.objects.get().pk}/lost/", {"note": ""}
    )
    assert response.status_code == 400
    assert ProblemReport.objects.get().status == "open"


def test_report_errors_keep_the_text(client):
    organisation = OrganisationFactory()
    response = report(client, organisation, category="", message="Något är fel")
    assert response.status_code == 200
    assert "Något är fel" in response.content.decode()
    assert not ProblemReport.objects.exists()


def test_double_submit_and_honeypot(client):
    organisation = OrganisationFactory()
    key = str(uuid.uuid4())
    report(client, organisation, submission_key=key)
    report(client, organisation, submission_key=key)
    report(client, organisation, homepage="spam")
    assert ProblemReport.objects.count() == 1


def test_rate_limit(client):
    organisation = OrganisationFactory()
    for _ in range(10):
        assert report(client, organisation).status_code == 302
    assert report(client, organisation).status_code == 429


def test_only_published_entries_can_be_reported(client):
    hidden = OrganisationFactory(publication_state="hidden")
    assert client.get(f"/organisationer/{hidden.slug}/rapportera/").status_code == 404
