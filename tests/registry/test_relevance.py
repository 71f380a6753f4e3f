"""The relevance set (tests/registry/relevance.py): every query finds what it must."""

import pytest

from registry.models import Organisation
from tests.registry import relevance

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(db):
    return relevance.load()


@pytest.mark.parametrize("case", relevance.CASES, ids=lambda case: case.query)
def test_query_finds_what_it_must(client, register, case):
    names = relevance.first_page(client, case.query)
    assert relevance.passes(case, names), f"{case.note}: {case.query!r} gave {names}"


def test_a_real_word_is_not_corrected_into_another(client, register):
    response = client.get("/organisationer/", {"q": "integration"})
    assert response.context["results"].corrected_query == ""


def test_exact_name_first_when_too_many_match_to_score(client, register, monkeypatch):
    from registry import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    response = client.get("/organisationer/", {"q": "motala idrottsförening"})
    results = response.context["results"]
    assert results.capped and results.tiered
    organisations = list(response.context["organisations"])
    assert organisations[0].name == "Motala Idrottsförening"
    # then names that hold every word, newest first (made in the set's order)
    assert [o.name for o in organisations[1:]] == [
        "Motala Idrottsförenings Veteraner",
        "Idrottsföreningen Motala Ungdom",
    ]


def test_tiered_pages_follow_on(client, register, monkeypatch, settings):
    from registry import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 6)
    settings.REGISTRY_PAGE_SIZE = 2
    pages = [
        [
            o.name
            for o in client.get("/organisationer/", {"q": "motala", "page": n}).context[
                "organisations"
            ]
        ]
        for n in (1, 2, 3)
    ]
    flat = [name for page in pages for name in page]
    assert len(flat) == len(set(flat)) == 6


def test_tiered_page_uses_a_fixed_number_of_queries(
    client, register, monkeypatch, django_assert_max_num_queries
):
    from registry import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 3)
    client.get("/organisationer/", {"q": "motala"})  # reference lists cached
    # matches and ceased, exact tier, name tier, the page's rows (two tiers at most)
    with django_assert_max_num_queries(5):
        client.get("/organisationer/", {"q": "motala"})


def test_ceased_are_left_out_and_counted(client, register):
    response = client.get("/organisationer/", {"q": "idrottsförening"})
    names = [organisation.name for organisation in response.context["organisations"]]
    assert "Motala Idrottsförening 1920" not in names
    assert response.context["results"].ceased_left_out == 1
    html = response.content.decode()
    assert "1 organisation som har upphört matchar också" in html
    included = client.get("/organisationer/", {"q": "idrottsförening", "ceased": "on"})
    names = [organisation.name for organisation in included.context["organisations"]]
    assert "Motala Idrottsförening 1920" in names
    assert included.context["results"].ceased_left_out == 0


def test_an_organisation_number_finds_a_ceased_one_too(client, register):
    Organisation.objects.filter(org_number="769641-2308").update(
        status="ceased", ceased_on="2024-01-31"
    )
    assert relevance.first_page(client, "769641-2308") == ["Returen i Fjugesta"]


def test_an_invalid_organisation_number_finds_nothing_and_does_not_fail(client, register):
    assert relevance.first_page(client, "769641-2309") == []


def test_ceased_counted_from_a_full_sample_are_a_lower_bound(client, register, monkeypatch):
    from registry import search, selectors

    Organisation.objects.filter(name="Motala Simidrottsförening").update(
        status="ceased", ceased_on="2024-01-31"
    )
    every = search.Search.parse("idrottsförening").filter(selectors.published_organisations())
    assert every.filter(status="ceased").count() == 2
    monkeypatch.setattr(selectors, "STATUS_SAMPLE", every.count())  # the sample is full
    response = client.get("/organisationer/", {"q": "idrottsförening"})
    results = response.context["results"]
    assert (results.ceased_left_out, results.ceased_left_out_exact) == (2, False)
    assert "Minst 2 organisationer som har upphört matchar också" in response.content.decode()


def test_a_full_sample_of_ceased_ones_counts_the_active_on_their_own(register, monkeypatch):
    from registry import search, selectors

    monkeypatch.setattr(selectors, "STATUS_SAMPLE", 1)
    matches = search.Search.parse("idrottsförening").filter(selectors.published_organisations())
    counts = selectors.status_counts(matches.filter(status="ceased") | matches)
    assert counts.active == matches.filter(status="active").count()


def test_tiered_pages_list_the_tiers_one_after_the_other(register):
    from registry import search, selectors

    shown = selectors.published_organisations().filter(status="active")
    typed = search.Search.parse("motala idrottsförening")
    tiers = typed.tiers(shown, typed.filter(shown))
    expected = [
        pk
        for tier in tiers
        for pk in tier.order_by("-created_at", "-id").values_list("pk", flat=True)
    ]
    listing = selectors.Tiered(tiers, total=len(expected))
    for size in (1, 2, 3):
        paged = [
            o.pk for start in range(0, len(expected), size) for o in listing[start : start + size]
        ]
        assert paged == expected
    assert listing[len(expected) - 1].pk == expected[-1]
