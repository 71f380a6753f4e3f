"""Nothing hidden leaks into open data: each kind of hidden record is made with a marker
of its own, then every open-data file (whole, with "include ceased", and searched for
each marker) and every answer of the read API (walked from its root: each list to its
end, every entry's detail) is searched for every marker. None may appear; what is public
must, so the search is known to have read the outputs.

To cover a new output, add its address to ``download_urls`` (a file, a page: anything
public that shows register data); the API is walked from its root, so a new endpoint
there is covered by itself."""

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from registry import services
from registry.models import ContactPerson, Organisation, Submission
from tests.api.test_api_privacy import walk
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import (
    EffortFactory,
    FollowUpNoteFactory,
    MunicipalUnitFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft organisation": "Utkastmarkörföreningen",
    "pending organisation": "Väntemarkörföreningen",
    "hidden organisation": "Döljmarkörföreningen",
    "rejected organisation": "Avslagsmarkörföreningen",
    "hidden organisation's e-mail": "dolj.markor@example.org",
    "contact without consent": "Samtyckeslösmarkör",
    "contact e-mail without consent": "utan.samtycke.markor@example.org",
    "contact phone without consent": "070-5554433",
    "contact who withdrew being shown": "Återkalladmarkör",
    "contact kept for a public task": "Myndighetsmarkör",
    "contact of a hidden organisation": "Doldkontaktmarkör",
    "proposed change not yet approved": "Ändringsförslagsmarkör",
    "submitter's e-mail": "inskickare.markor@example.org",
    "non-public effort": "Internamarkörinsatsen",
    "non-public effort's payment": "876543.21",
    "non-public effort's award": "987654.32",
    "amount applied for": "45678.00",
    "follow-up note": "Anteckningsmarkör",
    "officer's name": "Handläggarmarkör",
    "officer's e-mail": "handlaggare.markor@kommun.example.se",
}
PUBLIC = {
    "published organisation": "Synligmarkörföreningen",
    "consenting contact": "Samtyckesmarkör",
    "consenting contact's e-mail": "synlig.markor@example.org",
    "public effort": "Offentligmarkörinsatsen",
}


@pytest.fixture
def world():
    states = Organisation.PublicationState
    published = OrganisationFactory(name=PUBLIC["published organisation"])
    ContactPersonFactory(
        organisation=published,
        name=PUBLIC["consenting contact"],
        email=PUBLIC["consenting contact's e-mail"],
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=published,
        name=HIDDEN["contact without consent"],
        email=HIDDEN["contact e-mail without consent"],
        phone=HIDDEN["contact phone without consent"],
    )
    ContactPersonFactory(  # agreed once, then asked not to be shown
        organisation=published,
        name=HIDDEN["contact who withdrew being shown"],
        show_publicly=False,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=published,
        name=HIDDEN["contact kept for a public task"],
        legal_basis=ContactPerson.LegalBasis.PUBLIC_TASK,
    )
    draft = OrganisationFactory(name=HIDDEN["draft organisation"], publication_state=states.DRAFT)
    pending = OrganisationFactory(
        name=HIDDEN["pending organisation"], publication_state=states.PENDING
    )
    hidden = OrganisationFactory(
        name=HIDDEN["hidden organisation"],
        publication_state=states.HIDDEN,
        email=HIDDEN["hidden organisation's e-mail"],
    )
    ContactPersonFactory(
        organisation=hidden,
        name=HIDDEN["contact of a hidden organisation"],
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    officer = OfficerFactory(first_name=HIDDEN["officer's name"], email=HIDDEN["officer's e-mail"])
    rejected = OrganisationFactory(
        name=HIDDEN["rejected organisation"], publication_state=states.PENDING
    )
    registration = Submission.objects.create(
        organisation=rejected,
        kind=Submission.Kind.REGISTRATION,
        status=Submission.Status.PENDING,
        submitter_name="Inskickaren",
        submitter_email=HIDDEN["submitter's e-mail"],
        submission_key=uuid.uuid4(),
        confirmed_at=timezone.now(),
    )
    services.submission_reject(submission_id=registration.pk, officer=officer, reason="Nej")
    Submission.objects.create(
        organisation=published,
        kind=Submission.Kind.CHANGE,
        status=Submission.Status.PENDING,
        data={"name": HIDDEN["proposed change not yet approved"]},
        submitter_name="Inskickaren",
        submitter_email=HIDDEN["submitter's e-mail"],
        submission_key=uuid.uuid4(),
        confirmed_at=timezone.now(),
    )
    unit = MunicipalUnitFactory(name="Kulturförvaltningen")
    public = EffortFactory(
        title=PUBLIC["public effort"],
        responsible_unit=unit,
        responsible_officer=officer,
        amount_applied=Decimal(HIDDEN["amount applied for"]),
        organisations=[published, hidden, draft, (pending, "partner")],
        start_date=datetime.date(2024, 2, 1),
    )
    FollowUpNoteFactory(effort=public, text=HIDDEN["follow-up note"], author=officer)
    EffortFactory(
        title=HIDDEN["non-public effort"],
        is_public=False,
        responsible_unit=unit,
        amount_awarded=Decimal(HIDDEN["non-public effort's award"]),
        amount_paid=Decimal(HIDDEN["non-public effort's payment"]),
        organisations=[published],
    )
    return {"published": published, "hidden": hidden}


def download_urls() -> list[str]:
    """Every open-data output (the read API aside: it is walked from its root), each as
    it is and with every filter that could widen it; then searched for each marker."""
    files = [
        "/oppna-data/organisationer.csv",
        "/oppna-data/organisationer-excel.csv",
        "/oppna-data/organisationer.ndjson",
        "/oppna-data/organisationer-hsds.json",
    ]
    urls = ["/oppna-data/", "/organisationer/", "/oppna-data/bidrag-360giving.json"]
    for url in files:
        urls += [url, f"{url}?ceased=on"]
        urls += [f"{url}?q={marker}" for marker in HIDDEN.values()]
    return urls


def _text(response) -> str:
    if not response.streaming:
        return response.content.decode()
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    if response["Content-Type"] == "application/json":
        document = json.loads(text)
        document.pop("source")  # the address asked for, a searched marker included
        return json.dumps(document, ensure_ascii=False)
    return text


def outputs(client) -> dict[str, str]:
    seen: dict[str, str] = {}
    for url in download_urls():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seen[url] = _text(response)
    walk(client, "http://testserver/api/v1/", seen)
    for url in ("/api/v1/organisations/?ceased=true", "/api/v1/hsds/organizations/?ceased=true"):
        seen[url] = client.get(url).content.decode()
    return seen


def test_no_hidden_record_or_personal_data_in_any_open_data(client, settings, world):
    settings.API_THROTTLE_RATE = "100000/minute"
    settings.OPEN_DATA_DOWNLOAD_RATE = "100000/minute"
    seen = outputs(client)
    everything = "\n".join(seen.values())
    escaped = json.dumps(everything)  # a marker written with \u escapes is found too
    for kind, marker in HIDDEN.items():
        for text in (everything, escaped):
            assert marker not in text, f"{kind} ({marker}) appears in open data"
    for kind, marker in PUBLIC.items():
        assert marker in everything, f"{kind} ({marker}) is missing: the search read nothing"
    # Each download itself had the public data (none was empty).
    for url in ("/oppna-data/organisationer.csv", "/oppna-data/bidrag-360giving.json"):
        assert PUBLIC["published organisation"] in seen[url], url
    assert any("/api/v1/efforts/" in url and url.rstrip("/")[-1].isdigit() for url in seen)
