"""Nothing hidden reaches the read API: a test makes each kind of hidden record, with a
marker in every field, walks every endpoint (each list to its end, every entry's
detail, the HSDS shape, the root, the schema and the docs page) and searches every answer
for the markers; what is public must be there, so the walk is known to have read it."""

import datetime
import json

import pytest
from django.utils import timezone

from registry.models import ContactPerson, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import (
    EffortFactory,
    FollowUpNoteFactory,
    MunicipalUnitFactory,
    OfficerFactory,
)

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft organisation": "Hemligutkastförening",
    "pending organisation": "Väntandegranskningförening",
    "hidden organisation": "Doldaföreningen",
    "contact without consent": "Kontaktutansamtycke",
    "contact e-mail without consent": "osynlig.kontakt@example.org",
    "contact phone without consent": "070-9998877",
    "contact kept for a public task": "Kontaktoffentliguppgift",
    "non-public effort": "Internainsatsen",
    "follow-up note": "Anteckningsomärket",
    "officer's user name": "hemlig-handlaggare",
    "officer's name": "Handläggarnamnet",
    "officer's e-mail": "handlaggare.hemlig@kommun.example.se",
    "logger's user name": "loggande-person",
    "amount applied for": "43210.00",
}


@pytest.fixture
def world():
    published = OrganisationFactory(name="Synligaföreningen", slug="synligaforeningen")
    ContactPersonFactory(
        organisation=published,
        name="Samtyckeskontakten",
        email="synlig.kontakt@example.org",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=published,
        name=HIDDEN["contact without consent"],
        email=HIDDEN["contact e-mail without consent"],
        phone=HIDDEN["contact phone without consent"],
        show_publicly=False,
    )
    ContactPersonFactory(
        organisation=published,
        name=HIDDEN["contact kept for a public task"],
        legal_basis=ContactPerson.LegalBasis.PUBLIC_TASK,
    )
    states = Organisation.PublicationState
    draft = OrganisationFactory(name=HIDDEN["draft organisation"], publication_state=states.DRAFT)
    pending = OrganisationFactory(
        name=HIDDEN["pending organisation"], publication_state=states.PENDING
    )
    hidden = OrganisationFactory(
        name=HIDDEN["hidden organisation"],
        publication_state=states.HIDDEN,
        email="dold@example.org",
    )
    for organisation in (draft, pending, hidden):
        ContactPersonFactory(
            organisation=organisation,
            name=f"Kontakt hos {organisation.name}",
            show_publicly=True,
            consent_given_at=timezone.now(),
        )
    officer = OfficerFactory(
        username=HIDDEN["officer's user name"],
        first_name=HIDDEN["officer's name"],
        email=HIDDEN["officer's e-mail"],
    )
    logger = OfficerFactory(username=HIDDEN["logger's user name"])
    unit = MunicipalUnitFactory(name="Socialförvaltningen")
    public = EffortFactory(
        responsible_unit=unit,
        title="Offentligainsatsen",
        responsible_officer=officer,
        created_by=logger,
        amount_applied=HIDDEN["amount applied for"],
        organisations=[published, hidden, (draft, "partner")],
        start_date=datetime.date(2024, 2, 1),
    )
    FollowUpNoteFactory(effort=public, text=HIDDEN["follow-up note"], author=officer, kind="other")
    EffortFactory(
        responsible_unit=unit, title=HIDDEN["non-public effort"], is_public=False,
        organisations=[published],
    )  # fmt: skip
    return {"published": published, "hidden": hidden, "effort": public}


def walk(client, url, seen: dict, depth=0):
    """Every answer reachable from ``url``: lists followed to their last page, with
    ``ceased=true`` where offered, and every ``url`` inside an answer."""
    if url in seen or not url.startswith("http://testserver/api/"):
        return
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    seen[url] = response.content.decode()
    if not response["Content-Type"].startswith("application/json"):
        return  # the schema and the docs page: searched, not followed
    body = response.json()
    for link in _links(body):
        walk(client, link, seen, depth + 1)


def _links(body):
    if isinstance(body, dict):
        for key, value in body.items():
            if key in ("url", "next", "previous", "schema", "docs") and isinstance(value, str):
                yield value
            elif key == "endpoints":
                yield from value.values()
            else:
                yield from _links(value)
    elif isinstance(body, list):
        for item in body:
            yield from _links(item)


def test_no_hidden_record_or_personal_data_in_any_answer(client, settings, world):
    settings.API_THROTTLE_RATE = "100000/minute"
    seen: dict[str, str] = {}
    walk(client, "http://testserver/api/v1/", seen)
    # The directory's "include ceased" and every search word of the hidden records.
    extra = ["/api/v1/organisations/?ceased=true", "/api/v1/hsds/organizations/?ceased=true"]
    for word in HIDDEN.values():
        extra += [f"/api/v1/organisations/?q={word}", f"/api/v1/hsds/organizations/?q={word}"]
        extra += [f"/api/v1/efforts/?q={word}"]
    extra += [f"/api/v1/organisations/{world['hidden'].slug}/"]
    for url in extra:
        response = client.get(url)
        assert response.status_code in (200, 404)
        seen[url] = response.content.decode()
    for url in ("/api/v1/schema/", "/api/v1/schema/?format=json", "/api/v1/docs/"):
        seen[url] = client.get(url).content.decode()

    everything = "\n".join(seen.values())
    decoded = json.dumps(everything, ensure_ascii=False)  # \u escapes in JSON read as text
    for kind, marker in HIDDEN.items():
        for text in (everything, decoded):
            assert marker not in text, f"{kind} ({marker}) appears in the API"
    # The walk did read the public records.
    assert "Synligaföreningen" in everything
    assert "Samtyckeskontakten" in everything
    assert "synlig.kontakt@example.org" in everything
    assert "Offentligainsatsen" in everything
    assert any("/api/v1/organisations/synligaforeningen/" in url for url in seen)
    assert any("/api/v1/hsds/organizations/" in url and url.count("/") > 7 for url in seen)
    assert any(f"/api/v1/efforts/{world['effort'].pk}/" in url for url in seen)


def test_a_hidden_organisation_has_no_detail(client, world):
    assert client.get(f"/api/v1/organisations/{world['hidden'].slug}/").status_code == 404


def test_an_effort_lists_only_its_published_organisations(client, world):
    effort = client.get(f"/api/v1/efforts/{world['effort'].pk}/").json()
    assert [org["name"] for org in effort["organisations"]] == ["Synligaföreningen"]
    assert "amount_applied" not in effort
    assert "responsible_officer" not in effort


def test_a_non_public_effort_has_no_detail(client, world):
    from partnerships.models import Effort

    internal = Effort.objects.get(is_public=False)
    assert client.get(f"/api/v1/efforts/{internal.pk}/").status_code == 404
