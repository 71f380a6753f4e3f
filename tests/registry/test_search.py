"""Full-text search with the swedish configuration and trigram similarity (PostgreSQL)."""

import pytest

from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db]

LIST_URL = "/organisationer/"


def search(client, query, **params):
    response = client.get(LIST_URL, {"q": query, **params})
    assert response.status_code == 200
    return [organisation.name for organisation in response.context["organisations"]]


@pytest.fixture
def register(db):
    OrganisationFactory(
        name="Föreningen Gröna Händer",
        presentation="Odling i stadsdelen.",
        description="Vi odlar tillsammans.",
    )
    OrganisationFactory(
        name="Kvarnens vänner",
        presentation="Ett nätverk för föreningar i Motala.",
        description="Vi samlar lokala aktörer.",
    )
    OrganisationFactory(
        name="Motala Idrottsällskap",
        presentation="Idrott för alla åldrar.",
        description="Fotboll och friidrott.",
    )
    OrganisationFactory(
        name="Stiftelsen Solrosen",
        kind="foundation",
        legal_form_id="72",
        presentation="Stöd till unga vuxna.",
        description="Mentorskap och läxhjälp.",
    )


def test_stemming_finds_definite_and_plural_forms(client, register):
    found = search(client, "förening")
    assert "Föreningen Gröna Händer" in found  # "Föreningen …"
    assert "Kvarnens vänner" in found  # "föreningar" in the presentation
    assert "Stiftelsen Solrosen" not in found


def test_misspelt_name_is_found_by_trigram_similarity(client, register):
    assert "Motala Idrottsällskap" in search(client, "motla")


def test_name_is_ranked_above_presentation(client, register):
    found = search(client, "förening")
    assert found.index("Föreningen Gröna Händer") < found.index("Kvarnens vänner")


def test_search_over_description_and_alternate_names(client, db):
    OrganisationFactory(name="Stadsodlarna", alternate_names="SOL", description="Vi har växthus.")
    assert search(client, "växthus") == ["Stadsodlarna"]
    assert search(client, "SOL") == ["Stadsodlarna"]


def test_websearch_syntax_and_stray_punctuation_do_not_break(client, register):
    assert search(client, '"Gröna Händer"') == ["Föreningen Gröna Händer"]
    excluded = search(client, "förening -gröna")
    assert "Kvarnens vänner" in excluded
    assert "Föreningen Gröna Händer" not in excluded
    for query in ["&|!", "(((", "'", ":*", "förening &"]:
        search(client, query)


def test_search_combines_with_filters(client, register):
    assert search(client, "förening", kind="foundation") == []


def test_search_vector_and_indexes_exist(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'registry_organisation'")
        indexes = {row[0] for row in cursor.fetchall()}
    assert {"org_search_vector_gin", "org_name_trgm_gin"} <= indexes


def test_misspelling_is_corrected_and_said(client, register):
    response = client.get(LIST_URL, {"q": "förning"})
    names = [organisation.name for organisation in response.context["organisations"]]
    assert "Föreningen Gröna Händer" in names
    corrected = response.context["results"].corrected_query
    assert corrected.startswith("förening")
    assert f"Visar resultat för ”{corrected}”" in response.content.decode()


def test_words_of_new_names_are_collected_by_the_database(db):
    from registry.search import corrected_words

    OrganisationFactory(name="Snickarglädjen Kooperativ", alternate_names="SNIK")
    assert corrected_words("snickargladjen") == "snickarglädjen"
    assert corrected_words("xyzzyq") == "xyzzyq"  # nothing similar: kept as it is


def test_corrections_never_surface_unpublished_names(client, db):
    OrganisationFactory(name="Hemligabolaget", publication_state="hidden")
    response = client.get(LIST_URL, {"q": "hemligabolagt"})
    assert list(response.context["organisations"]) == []
    assert "Hemligabolaget" not in response.content.decode()
    assert "hemligabolaget" not in response.content.decode()


def facets_of(organisation):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT facets FROM registry_organisation WHERE id = %s", [organisation.pk])
        return set(cursor.fetchone()[0])


def test_facets_follow_every_write(db):
    from registry.models import ActivityArea, GlobalGoal, Municipality

    motala, lekeberg = Municipality.objects.get(code="0583"), Municipality.objects.get(code="1814")
    area = ActivityArea.objects.get(slug="employment")
    organisation = OrganisationFactory(
        kind="cooperative",
        work_integrating=True,
        legal_form_id="51",
        org_number="769600-4972",
        home_municipality=motala,
        municipalities=[motala, lekeberg],
        activity_areas=[area],
        global_goals=[GlobalGoal.objects.get(number=8)],
    )
    assert facets_of(organisation) == {
        "k:cooperative",
        "w",
        "l:51",
        f"a:{area.pk}",
        "g:8",
        "m:0583",
        "m:1814",
        "c:05",
        "c:18",
    }
    organisation.municipalities.remove(lekeberg)
    organisation.global_goals.clear()
    organisation.work_integrating = False
    organisation.sells_to_public_sector = True
    organisation.save()
    assert facets_of(organisation) == {
        "k:cooperative",
        "p",
        "l:51",
        f"a:{area.pk}",
        "m:0583",
        "c:05",
    }


def test_rare_filter_combinations_through_facets(client, db):
    from registry.models import Municipality

    lekeberg = Municipality.objects.get(code="1814")
    match = OrganisationFactory(
        name="Rätt kombination",
        kind="social_enterprise",
        work_integrating=True,
        home_municipality=lekeberg,
    )
    OrganisationFactory(name="Fel län", kind="social_enterprise", work_integrating=True)
    OrganisationFactory(name="Inte WISE", kind="social_enterprise", home_municipality=lekeberg)
    response = client.get(
        LIST_URL, {"kind": "social_enterprise", "work_integrating": "true", "county": "18"}
    )
    assert [o.name for o in response.context["organisations"]] == [match.name]
    response = client.get(LIST_URL, {"work_integrating": "false", "county": "18"})
    assert [o.name for o in response.context["organisations"]] == ["Inte WISE"]
