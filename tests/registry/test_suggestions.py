"""Search-as-you-type: the organisation names suggested as JSON while someone types."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry import suggestions
from registry.models import Municipality, Organisation
from registry.services import unique_slug
from registry.suggestions import organisation_suggestions
from tests.factories import OrganisationFactory

URL = "/organisationer/forslag/"


def suggest(client, q, url=URL):
    response = client.get(url, {"q": q})
    assert response.status_code == 200
    return response.json()


def names(client, q) -> list[str]:
    return [suggestion["name"] for suggestion in suggest(client, q)["suggestions"]]


def ceased(**kwargs) -> Organisation:
    return OrganisationFactory(
        status=Organisation.Status.CEASED,
        ceased_on=timezone.localdate() - datetime.timedelta(days=100),
        **kwargs,
    )


@pytest.mark.django_db
def test_url_is_under_the_directory_in_both_languages():
    assert reverse("registry:organisation-suggestions") == URL
    with translation.override("en"):
        assert reverse("registry:organisation-suggestions") == f"/en{URL}"


@pytest.mark.django_db
def test_answers_json_with_name_url_and_home_municipality(client):
    OrganisationFactory(
        name="Motala Idrottsförening",
        slug="motala-idrottsforening",
        home_municipality=Municipality.objects.get(code="0583"),
    )

    response = client.get(URL, {"q": " motala idr "})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "query": "motala idr",
        "suggestions": [
            {
                "name": "Motala Idrottsförening",
                "url": "/organisationer/motala-idrottsforening/",
                "place": "Motala",
            }
        ],
    }
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert cache_control == {"public", "max-age=60"}


@pytest.mark.django_db
def test_english_prefix_gives_english_urls(client):
    OrganisationFactory(name="Motala Idrottsförening", slug="motala-idrottsforening")

    answer = suggest(client, "motala", url=f"/en{URL}")

    assert [s["url"] for s in answer["suggestions"]] == [
        "/en/organisationer/motala-idrottsforening/"
    ]


@pytest.mark.django_db
def test_every_word_must_start_a_word_of_the_name(client):
    for name in [
        "Motala Idrottsförening",
        "Idrottsklubben Motala",
        "Motala Konstförening",
        "Vadstena Idrottsförening",
    ]:
        OrganisationFactory(name=name)

    assert names(client, "motala idr") == ["Motala Idrottsförening", "Idrottsklubben Motala"]
    assert names(client, "idr mot") == ["Idrottsklubben Motala", "Motala Idrottsförening"]
    # The name that starts with the query word by word first, though it is longer.
    assert names(client, "mot idr") == ["Motala Idrottsförening", "Idrottsklubben Motala"]
    assert names(client, "MOTALA KONST") == ["Motala Konstförening"]
    assert names(client, "tala") == []  # inside a word, not at its start
    assert names(client, "ening") == []  # after "ö", which is a letter, not a separator
    assert names(client, "motala idrottsföreningen") == []


@pytest.mark.django_db
def test_words_start_after_punctuation_and_letters_fold_case(client):
    OrganisationFactory(name="Motala-Vadstena Ryttarförening (MVR)")
    OrganisationFactory(name="Örebro Scoutkår")

    assert names(client, "vadst") == ["Motala-Vadstena Ryttarförening (MVR)"]
    assert names(client, "mvr") == ["Motala-Vadstena Ryttarförening (MVR)"]
    assert names(client, "motala-vad") == ["Motala-Vadstena Ryttarförening (MVR)"]
    assert names(client, "öREB") == ["Örebro Scoutkår"]


@pytest.mark.django_db
def test_whole_name_prefix_first_then_shorter_names_then_alphabetical(client):
    for name in ["Föreningen Berg", "Ab Berg", "Bergslagens Kör", "Bergö IF", "Berga IF"]:
        OrganisationFactory(name=name)

    assert names(client, "berg") == [
        "Berga IF",  # starts with the query, shortest, first by name
        "Bergö IF",
        "Bergslagens Kör",
        "Ab Berg",  # the query starts a later word
        "Föreningen Berg",
    ]


@pytest.mark.django_db
def test_ceased_organisations_come_after_active_ones(client):
    ceased(name="Berg")
    OrganisationFactory(name="Föreningen Bergatrollet")
    OrganisationFactory(name="Bergsklättrarna")

    assert names(client, "berg") == ["Bergsklättrarna", "Föreningen Bergatrollet", "Berg"]


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "pending", "hidden"])
def test_only_published_organisations_are_suggested(client, state):
    OrganisationFactory(name="Synliga föreningen")
    OrganisationFactory(name="Dolda föreningen", publication_state=state)

    assert names(client, "för") == ["Synliga föreningen"]
    assert names(client, "dolda") == []


@pytest.mark.django_db
def test_at_most_eight_suggestions(client):
    for number in range(12):
        OrganisationFactory(name=f"Kören nummer {number:02}")

    assert names(client, "kör") == [f"Kören nummer {number:02}" for number in range(8)]
    assert len(organisation_suggestions("kör", limit=3)) == 3


@pytest.mark.django_db
def test_ranking_reads_at_most_max_candidates_matches(monkeypatch):
    for number in range(12):
        OrganisationFactory(name=f"Kören nummer {number:02}")
    monkeypatch.setattr(suggestions, "MAX_CANDIDATES", 5)

    assert len(organisation_suggestions("kör")) == 5


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["", " ", "m", " m ", "ö"])
def test_a_query_under_two_characters_gives_no_suggestions_and_no_query(
    client, q, django_assert_num_queries
):
    OrganisationFactory(name="Motala Idrottsförening")

    with django_assert_num_queries(0):
        answer = suggest(client, q)

    assert answer == {"query": q.strip(), "suggestions": []}


@pytest.mark.django_db
def test_no_q_at_all_gives_no_suggestions(client):
    assert suggest(client, "") == client.get(URL).json() == {"query": "", "suggestions": []}


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["x" * 201, "motala " * 1500, "mo\x00tala"])
def test_a_query_the_form_refuses_is_a_400_with_no_suggestions(client, q):
    response = client.get(URL, {"q": q})

    assert response.status_code == 400
    assert response.json() == {"query": "", "suggestions": []}


@pytest.mark.django_db
def test_only_get_and_head(client):
    assert client.post(URL, {"q": "motala"}).status_code == 405


@pytest.mark.django_db
def test_punctuation_in_a_query_separates_words_and_is_never_a_wildcard(client):
    OrganisationFactory(name="100% Ideell förening")
    OrganisationFactory(name="1000 Ideella förening")
    OrganisationFactory(name="Kören (a+b) \\ 'Citat' \"Ord\"")

    assert names(client, "100%") == ["100% Ideell förening", "1000 Ideella förening"]
    assert names(client, "10_ id") == ["100% Ideell förening", "1000 Ideella förening"]
    assert names(client, "ideella_för") == ["1000 Ideella förening"]
    assert names(client, "(a+b)") == ["Kören (a+b) \\ 'Citat' \"Ord\""]
    assert names(client, "\\ 'cit") == ["Kören (a+b) \\ 'Citat' \"Ord\""]
    assert names(client, '"ord"') == ["Kören (a+b) \\ 'Citat' \"Ord\""]
    assert names(client, "k.ren") == []  # "k" and "ren", and no word starts with "ren"
    assert names(client, "i%a") == []  # "i" and "a", not "i, anything, a"


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["%%", "__", ".*", "\\\\", "-- ", "()"])
def test_a_query_without_letters_or_digits_gives_no_suggestions_and_no_query(
    client, q, django_assert_num_queries
):
    OrganisationFactory(name="Kören (a+b) % _ .* \\ --")

    with django_assert_num_queries(0):
        assert names(client, q) == []


@pytest.mark.django_db
def test_a_decomposed_letter_matches_the_composed_one(client):
    OrganisationFactory(name="Örebro Scoutkår")

    assert names(client, "O\u0308rebro") == ["Örebro Scoutkår"]


@pytest.mark.django_db
def test_short_words_the_index_cannot_narrow_get_no_suggestions(client, django_assert_num_queries):
    """Two characters above U+07FF give pg_trgm no trigram: rather than read every name,
    the selector answers nothing. Three such characters narrow through ILIKE."""
    OrganisationFactory(name="東京都 Kulturförening")

    with django_assert_num_queries(0):
        assert names(client, "東京") == []
    assert names(client, "東京都") == ["東京都 Kulturförening"]
    assert names(client, "東京 kul") == ["東京都 Kulturförening"]


@pytest.mark.django_db
def test_bytes_that_are_not_utf8_do_not_break_it(client):
    response = client.get(URL + "?q=%FF%FEmotala")
    assert response.status_code == 200
    assert response.json()["suggestions"] == []


# Any text a URL can carry (not lone surrogates, which UTF-8 cannot encode): control
# characters and NUL, LIKE's % _ \, quotes, regular-expression syntax, and long runs.
any_query = (
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300)
    | st.text(alphabet="%_\\'\"()[]{}.*+?^$|-\u2013&/ \t\nmoMOtaälå", max_size=60)
    | st.builds(
        lambda text, size: (text * size)[:10_000],
        st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=5),
        st.integers(40, 10_000),
    )
)


@pytest.mark.django_db
@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(q=any_query)
def test_any_query_gives_json_never_a_server_error(client, q):
    # The examples share the test's transaction: one organisation for all of them.
    name = "Motala Idrottsförening 100% \\ 'Citat'"
    if not Organisation.objects.filter(name=name).exists():
        OrganisationFactory(name=name, slug="motala-idrottsforening", org_number=None)

    response = client.get(URL, {"q": q})

    assert response.status_code in (200, 400), q
    answer = response.json()
    assert set(answer) == {"query", "suggestions"}
    assert len(answer["suggestions"]) <= 8
    refused = len(q.strip()) > 200 or "\x00" in q  # the form strips, then checks
    assert (response.status_code == 400) == refused, q


@pytest.mark.django_db
@pytest.mark.parametrize("matching", [0, 1, 12])
def test_one_query_however_many_match(client, django_assert_num_queries, matching):
    for number in range(matching):
        OrganisationFactory(name=f"Motala Idrottsförening {number}")
    OrganisationFactory(name="Vadstena Konstförening")

    with django_assert_num_queries(1):
        answer = suggest(client, "motala idr")

    assert len(answer["suggestions"]) == min(matching, 8)


@pytest.mark.django_db
def test_no_organisation_gets_the_suggestions_path_as_its_slug():
    assert unique_slug("Förslag") == "forslag-2"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "label", "none", "one", "many", "endpoint"),
    [
        ("/", "Förslag", "Inga förslag", "{count} förslag", "{count} förslag", URL),
        (
            "/organisationer/",
            "Förslag",
            "Inga förslag",
            "{count} förslag",
            "{count} förslag",
            URL,
        ),
        (
            "/en/",
            "Suggestions",
            "No suggestions",
            "{count} suggestion",
            "{count} suggestions",
            f"/en{URL}",
        ),
        (
            "/en/organisationer/",
            "Suggestions",
            "No suggestions",
            "{count} suggestion",
            "{count} suggestions",
            f"/en{URL}",
        ),
    ],
)
def test_search_fields_carry_what_the_script_needs(client, url, label, none, one, many, endpoint):
    page = client.get(url).content.decode()

    assert f'data-autocomplete="{endpoint}"' in page
    assert f'data-autocomplete-label="{label}"' in page
    assert f'data-autocomplete-none="{none}"' in page
    assert f'data-autocomplete-one="{one}"' in page
    assert f'data-autocomplete-many="{many}"' in page
    assert '<script src="/static/js/autocomplete.js" defer></script>' in page
    # Without the script the field is the plain search field of a plain GET form.
    assert 'role="combobox"' not in page


@pytest.mark.django_db
def test_words_typed_without_accents_suggest_names_with_them(client):
    OrganisationFactory(name="Ängelholms Återbruksförening")
    OrganisationFactory(name="Motala Idrottsförening")

    assert names(client, "angelh") == ["Ängelholms Återbruksförening"]
    assert names(client, "aterbruk") == ["Ängelholms Återbruksförening"]
    assert names(client, "motala idrottsforening") == ["Motala Idrottsförening"]
