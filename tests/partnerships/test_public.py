"""The public list of partnerships and the section on the public organisation page."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, OfficerFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/samverkan/"


def titles(response) -> list[str]:
    return [effort.title for effort in response.context["efforts"]]


def test_the_public_list_has_a_swedish_url():
    from django.utils import translation

    with translation.override("sv"):
        assert reverse("partnerships:public-list") == LIST_URL
    with translation.override("en"):
        assert reverse("partnerships:public-list") == "/en/samverkan/"


def test_only_published_efforts_newest_first(client, motala_unit):
    EffortFactory(responsible_unit=motala_unit, title="Äldre", start_date=datetime.date(2020, 1, 1))
    EffortFactory(responsible_unit=motala_unit, title="Nyare", start_date=datetime.date(2024, 1, 1))
    EffortFactory(responsible_unit=motala_unit, title="Intern", is_public=False)
    assert titles(client.get(LIST_URL)) == ["Nyare", "Äldre"]


def test_filter_by_municipality_kind_and_year(client, motala_unit, lekeberg_unit):
    EffortFactory(responsible_unit=motala_unit, title="IOP i Motala", kind="iop")
    EffortFactory(responsible_unit=motala_unit, title="Bidrag i Motala", kind="grant")
    EffortFactory(
        responsible_unit=lekeberg_unit,
        title="IOP i Lekeberg",
        kind="iop",
        start_date=datetime.date(2022, 4, 1),
    )
    assert titles(client.get(LIST_URL, {"municipality": "1814"})) == ["IOP i Lekeberg"]
    assert set(titles(client.get(LIST_URL, {"kind": "iop"}))) == {"IOP i Motala", "IOP i Lekeberg"}
    assert titles(client.get(LIST_URL, {"kind": "iop", "year": "2022"})) == ["IOP i Lekeberg"]
    choices = client.get(LIST_URL).context["filter"].form.fields["municipality"].queryset
    assert [m.code for m in choices] == ["1814", "0583"]


def test_invalid_filter_shows_an_error_summary(client, motala_unit):
    response = client.get(LIST_URL, {"year": "tjugo"})
    assert response.status_code == 200
    assert 'href="#id_year"' in response.content.decode()


def test_pagination(client, motala_unit):
    for n in range(23):
        EffortFactory(responsible_unit=motala_unit, title=f"Insats {n:02}")
    first = client.get(LIST_URL)
    assert len(first.context["efforts"]) == 20
    assert len(client.get(LIST_URL, {"page": 2}).context["efforts"]) == 3


def test_unpublished_organisations_are_not_named_publicly(client, motala_unit):
    shown = OrganisationFactory(name="Synlig förening")
    hidden = OrganisationFactory(name="Dold förening", publication_state="hidden")
    effort = EffortFactory(
        responsible_unit=motala_unit, organisations=[(shown, "partner"), (hidden, "partner")]
    )
    html = client.get(LIST_URL).content.decode()
    assert "Synlig förening" in html and "Dold förening" not in html
    detail = client.get(effort.get_public_url()).content.decode()
    assert "Synlig förening" in detail and "Dold förening" not in detail


def test_public_detail_shows_goals_and_money_but_no_notes(client, motala_unit, motala_goals):
    from tests.partnerships.factories import FollowUpNoteFactory

    effort = EffortFactory(
        responsible_unit=motala_unit,
        title="Reserverad upphandling av lokalvård",
        goals=[(motala_goals["M4"], "Uppdrag som låter sociala företag växa.")],
    )
    FollowUpNoteFactory(effort=effort, text="Internt: förhandlingen om priset.")
    html = client.get(effort.get_public_url()).content.decode()
    assert "Uppdrag som låter sociala företag växa." in html
    assert "M4" in html
    assert "förhandlingen om priset" not in html


def test_organisation_page_lists_its_public_efforts(client, motala_unit):
    organisation = OrganisationFactory(name="Kvarnens vänner", slug="kvarnens-vanner")
    EffortFactory(responsible_unit=motala_unit, title="Öppet bidrag", organisations=[organisation])
    EffortFactory(
        responsible_unit=motala_unit,
        title="Internt bidrag",
        is_public=False,
        organisations=[organisation],
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'id="partnerships-heading"' in html
    assert "Öppet bidrag" in html and "Internt bidrag" not in html
    assert "/handlaggare/organisationer/kvarnens-vanner/insatser/" not in html


def test_organisation_page_without_public_efforts_has_no_section(client):
    organisation = OrganisationFactory(slug="utan-insatser")
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert 'id="partnerships-heading"' not in html


def test_officers_get_a_link_to_every_effort_with_the_organisation(client, motala_unit):
    organisation = OrganisationFactory(slug="kvarnens-vanner")
    client.force_login(OfficerFactory())
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "/handlaggare/organisationer/kvarnens-vanner/insatser/" in html


def test_navigation_links(client, motala_officer):
    html = client.get("/").content.decode()
    assert 'href="/samverkan/"' in html
    assert 'href="/handlaggare/mal/"' not in html
    client.force_login(motala_officer)
    # The top bar leads to the officer pages, whose sub-navigation has the effort log.
    html = client.get("/").content.decode()
    assert 'href="/handlaggare/"' in html
    assert 'href="/handlaggare/insatser/"' not in html
    html = client.get("/handlaggare/").content.decode()
    assert 'href="/handlaggare/insatser/"' in html
    assert 'href="/handlaggare/mal/"' in html


def facts(html: str) -> dict[str, list[str]]:
    """Each <dt> of the page with the text of its <dd>s, the way a reader pairs them."""
    import re

    pairs: dict[str, list[str]] = {}
    for term, value in re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, flags=re.S):
        pairs.setdefault(term.strip(), []).append(re.sub(r"<[^>]+>", "", value).strip())
    return pairs


@pytest.mark.parametrize("where", ["list", "detail"])
def test_the_municipality_field_names_the_municipality_not_the_unit(client, lekeberg_unit, where):
    effort = EffortFactory(responsible_unit=lekeberg_unit, title="Startstöd i Lekeberg")
    url = LIST_URL if where == "list" else effort.get_public_url()
    found = facts(client.get(url).content.decode())
    assert found["Kommun"] == ["Lekeberg"]
    assert found["Ansvarig enhet"] == ["Kommunstyrelseförvaltningen"]


@pytest.mark.django_db
def test_the_app_s_stylesheet_is_linked_from_the_head(client):
    html = client.get("/samverkan/").content.decode()
    assert html.index("css/partnerships.css") < html.index("</head>")
