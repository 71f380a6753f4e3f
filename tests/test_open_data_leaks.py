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
import re
import uuid
from decimal import Decimal
from urllib.parse import parse_qs, quote, quote_plus, urlsplit

import pytest
from django.utils import timezone
from django.utils.html import escape

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

MUNICIPALITY = "0583"  # Motala: where OrganisationFactory puts entries
POSITION = {"latitude": Decimal("58.537400"), "longitude": Decimal("15.045000")}
NEAR = "bbox=14.9,58.45,15.2,58.65&zoom=13"  # a view around POSITION

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
    world_organisations = _positioned()
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
    world_organisations.finish()
    return {"published": published, "hidden": hidden, "public_effort": public}


class _positioned:
    """Every organisation the world makes gets POSITION (the map shows only those that
    have one), so the map's data is searched for the hidden ones too."""

    def __init__(self):
        self.before = set(Organisation.objects.values_list("pk", flat=True))

    def finish(self):
        made = Organisation.objects.exclude(pk__in=self.before)
        assert made.update(**POSITION) >= 5


def download_urls() -> list[str]:
    """Every open-data output (the read API aside: it is walked from its root), each as
    it is and with every filter that could widen it; then searched for each marker."""
    files = [
        "/oppna-data/organisationer.csv",
        "/oppna-data/organisationer-excel.csv",
        "/oppna-data/organisationer.ndjson",
        "/oppna-data/organisationer-hsds.json",
    ]
    urls = ["/oppna-data/", "/en/oppna-data/", "/oppna-data/bidrag-360giving.json"]
    # The map's data: the whole country (clusters), zoomed in (each organisation by name).
    maps = ["/organisationer/karta/?bbox=10,55,25,69&zoom=5", f"/organisationer/karta/?{NEAR}"]
    # The embeddable directory of the organisations' municipality, in both languages.
    widgets = [f"/inbaddning/{MUNICIPALITY}/", f"/inbaddning/{MUNICIPALITY}/?lang=en"]
    # The directory and its map of the municipalities, in both languages.
    pages = ["/organisationer/", "/organisationer/kommuner/", "/en/organisationer/kommuner/"]
    for url in files + maps + widgets + pages:
        joiner = "&" if "?" in url else "?"
        urls += [url, f"{url}{joiner}ceased=on"]
        urls += [f"{url}{joiner}q={marker}" for marker in HIDDEN.values()]
    # Public pages that show the register's and the efforts' data.
    urls += ["/samverkan/", "/statistik/", f"/statistik/{MUNICIPALITY}/", "/en/statistik/"]
    return urls


def detail_urls(world) -> list[str]:
    """The public pages of the world's public records: the published organisation and
    the public effort (which names a hidden, a draft and a pending organisation too)."""
    return [
        world["published"].get_absolute_url(),
        "/en" + world["published"].get_absolute_url(),
        f"/samverkan/{world['public_effort'].pk}/",
        f"/en/samverkan/{world['public_effort'].pk}/",
    ]


def _text(response) -> str:
    if response.streaming:
        text = b"".join(response.streaming_content).decode("utf-8-sig")
    else:
        text = response.content.decode()
    if response["Content-Type"].startswith("application/json"):
        document = json.loads(text)
        if isinstance(document, dict):
            document.pop("source", None)  # the address asked for, a searched marker included
        return json.dumps(document, ensure_ascii=False)  # å, ä, ö as letters, not \u escapes
    return text


def _without_echo(text: str, url: str) -> str:
    """A page searched for a marker shows the words asked back: in its title, in its
    search box, in links that keep the search (pages, language, downloads) and as the
    quoted words in "nothing matched “…”". That is an echo of the address, not data;
    everything else on the page is searched."""
    query = parse_qs(urlsplit(url).query).get("q", [""])[0]
    if not query or "<html" not in text:
        return text
    text = re.sub(r"<title>.*?</title>", "", text, flags=re.S)
    forms = {escape(query), quote_plus(query), quote(query)}
    attribute = re.compile(r'[\w:-]+="[^"]*"')
    text = attribute.sub(lambda m: "" if any(f in m.group(0) for f in forms) else m.group(0), text)
    for quoted in (f"“{escape(query)}”", f"&quot;{escape(query)}&quot;", f"”{escape(query)}”"):
        text = text.replace(quoted, "")
    return text


def outputs(client, extra=()) -> dict[str, str]:
    seen: dict[str, str] = {}
    for url in [*download_urls(), *extra]:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seen[url] = _without_echo(_text(response), url)
    walk(client, "http://testserver/api/v1/", seen)
    for url in ("/api/v1/organisations/?ceased=true", "/api/v1/hsds/organizations/?ceased=true"):
        seen[url] = client.get(url).content.decode()
    return seen


def test_no_hidden_record_or_personal_data_in_any_open_data(client, settings, world):
    settings.API_THROTTLE_RATE = "100000/minute"
    settings.OPEN_DATA_DOWNLOAD_RATE = "100000/minute"
    seen = outputs(client, detail_urls(world))
    everything = "\n".join(seen.values())
    escaped = json.dumps(everything)  # a marker written with \u escapes is found too
    for kind, marker in HIDDEN.items():
        for text in (everything, escaped):
            assert marker not in text, f"{kind} ({marker}) appears in open data"
    for kind, marker in PUBLIC.items():
        assert marker in everything, f"{kind} ({marker}) is missing: the search read nothing"
    # Each download itself had the public data (none was empty).
    for url in (
        "/oppna-data/organisationer.csv",
        "/oppna-data/bidrag-360giving.json",
        f"/organisationer/karta/?{NEAR}",
        f"/inbaddning/{MUNICIPALITY}/",
    ):
        assert PUBLIC["published organisation"] in seen[url], url
    assert any("/api/v1/efforts/" in url and url.rstrip("/")[-1].isdigit() for url in seen)
