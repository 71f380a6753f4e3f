import re
import uuid

import pytest
from django.test import override_settings
from django.urls import reverse

from registry.models import ActivityArea, GlobalGoal, LegalForm, Municipality, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory

LIST_URL = "/organisationer/"


def names(response) -> set[str]:
    return {organisation.name for organisation in response.context["organisations"]}


@pytest.fixture
def lekeberg(db):
    return Municipality.objects.get(code="1814")


@pytest.fixture
def motala(db):
    return Municipality.objects.get(code="0583")


@pytest.mark.django_db
def test_list_url_is_swedish_and_english():
    assert reverse("registry:organisation-list") == LIST_URL


@pytest.mark.django_db
@pytest.mark.parametrize("state", ["draft", "pending", "hidden"])
def test_unpublished_entries_never_leak(client, state):
    OrganisationFactory(name="Synlig förening")
    hidden = OrganisationFactory(name="Dold förening", publication_state=state)

    response = client.get(LIST_URL, {"q": "förening"})
    assert names(response) == {"Synlig förening"}
    response = client.get(LIST_URL)
    assert "Dold förening" not in names(response)
    assert client.get(hidden.get_absolute_url()).status_code == 404


@pytest.mark.django_db
def test_filters_combine(client, motala, lekeberg):
    employment = ActivityArea.objects.get(slug="employment")
    goal8 = GlobalGoal.objects.get(number=8)
    ek_for = LegalForm.objects.get(code="51")
    match = OrganisationFactory(
        name="Lekebergs Arbetskooperativ",
        kind=Organisation.Kind.SOCIAL_ENTERPRISE,
        work_integrating=True,
        legal_form=ek_for,
        org_number="769600-4972",
        home_municipality=lekeberg,
        sells_to_public_sector=True,
        activity_areas=[employment],
        global_goals=[goal8],
    )
    # Each of these misses exactly one of the filters below.
    OrganisationFactory(
        name="Fel kommun",
        kind="social_enterprise",
        work_integrating=True,
        home_municipality=motala,
        activity_areas=[employment],
    )
    OrganisationFactory(
        name="Inte arbetsintegrerande",
        kind="social_enterprise",
        home_municipality=lekeberg,
        activity_areas=[employment],
    )
    OrganisationFactory(
        name="Annat område",
        kind="social_enterprise",
        work_integrating=True,
        home_municipality=lekeberg,
    )
    OrganisationFactory(
        name="Förening",
        work_integrating=True,
        home_municipality=lekeberg,
        activity_areas=[employment],
    )

    params = {
        "kind": "social_enterprise",
        "work_integrating": "true",
        "municipality": lekeberg.pk,
        "area": "employment",
    }
    assert names(client.get(LIST_URL, params)) == {match.name}
    more = {
        **params,
        "goal": 8,
        "legal_form": "51",
        "sells_to_public_sector": "true",
        "county": lekeberg.county_id,
    }
    assert names(client.get(LIST_URL, more)) == {match.name}
    assert names(client.get(LIST_URL, {**more, "county": motala.county_id})) == set()


@pytest.mark.django_db
def test_municipality_filter_includes_organisations_operating_there(client, motala, lekeberg):
    OrganisationFactory(
        name="Hemma i Motala, verkar i Lekeberg",
        home_municipality=motala,
        municipalities=[motala, lekeberg],
    )
    OrganisationFactory(name="Bara Motala", home_municipality=motala)
    response = client.get(LIST_URL, {"municipality": lekeberg.pk})
    assert names(response) == {"Hemma i Motala, verkar i Lekeberg"}
    response = client.get(LIST_URL, {"county": lekeberg.county_id})
    assert names(response) == {"Hemma i Motala, verkar i Lekeberg"}


@pytest.mark.django_db
def test_filter_state_is_kept_in_the_url_and_form(client):
    OrganisationFactory(name="Kvarnens vänner", work_integrating=True)
    response = client.get(LIST_URL, {"q": "kvarnens", "work_integrating": "true", "page": "1"})
    html = response.content.decode()
    assert 'value="kvarnens"' in html
    assert response.context["query_without_page"] == "q=kvarnens&work_integrating=true"


@pytest.mark.django_db
def test_sorting_by_name_and_newest(client):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    OrganisationFactory(name="Bäverns förening", created_at=now - datetime.timedelta(days=3))
    OrganisationFactory(name="Apornas förening", created_at=now - datetime.timedelta(days=1))
    OrganisationFactory(name="Citronens förening", created_at=now - datetime.timedelta(days=2))

    by_name = [o.name for o in client.get(LIST_URL, {"sort": "name"}).context["organisations"]]
    assert by_name == ["Apornas förening", "Bäverns förening", "Citronens förening"]
    newest = [o.name for o in client.get(LIST_URL, {"sort": "newest"}).context["organisations"]]
    assert newest == ["Apornas förening", "Citronens förening", "Bäverns förening"]


@pytest.mark.django_db
def test_search_finds_by_name(client):
    OrganisationFactory(name="Stiftelsen Solrosen", presentation="Odling och gemenskap.")
    OrganisationFactory(name="Annan organisation", presentation="Något helt annat.")
    response = client.get(LIST_URL, {"q": "Solrosen"})
    assert names(response) == {"Stiftelsen Solrosen"}
    assert "1 organisation" in response.content.decode() or "1 organisation" in str(
        response.context["page"].paginator.count
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"kind": "no-such-kind"},
        {"municipality": "9999"},
        {"county": "x"},
        {"goal": "99"},
        {"area": "no-such-area"},
        {"legal_form": "<script>"},
        {"work_integrating": "maybe"},
        {"sort": "price"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999"},
        {"q": "x" * 500},
        {"q": "\x00"},
        {"q": "'\"&|!():*<>"},
    ],
)
def test_bad_parameters_give_a_message_not_an_error(client, params):
    OrganisationFactory()
    response = client.get(LIST_URL, params)
    assert response.status_code == 200


@pytest.mark.django_db
def test_bad_filter_value_is_reported_next_to_the_field_and_in_the_summary(client):
    response = client.get(LIST_URL, {"kind": "no-such-kind", "q": "kvarn"})
    html = response.content.decode()
    assert 'id="id_kind_error"' in html
    assert 'href="#id_kind"' in html
    assert 'aria-invalid="true"' in html
    assert 'value="kvarn"' in html  # nothing typed is lost


def result_list(response) -> str:
    """The list of results on a directory page ("" when there is none)."""
    html = response.content.decode()
    start = html.find('<ol class="result-list"')
    return html[start : html.index("</ol>", start)] if start >= 0 else ""


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [5, 20])
def test_list_uses_a_fixed_number_of_queries(client, django_assert_num_queries, page_size):
    areas = list(ActivityArea.objects.all()[:3])
    for index in range(25):
        OrganisationFactory(activity_areas=areas, work_integrating=index % 2 == 0)
    params = {"q": "Testföreningen", "work_integrating": "true", "area": areas[0].slug}
    client.get(LIST_URL, {**params, "q": "annat"})  # the reference lists are now cached
    # The versions of the register and the reference lists, in one query (the cached
    # pages, cards and filter lists are keyed by them); one scan counts the active matches
    # (up to the cap; it also decides whether to correct a misspelling) and the ceased
    # ones left out; then the page. Independent of the page size.
    with override_settings(REGISTRY_PAGE_SIZE=page_size):
        with django_assert_num_queries(3):
            response = client.get(LIST_URL, params)
        assert len(response.context["organisations"]) == min(page_size, 13)
        with django_assert_num_queries(1):  # the same search again: from the cache
            again = client.get(LIST_URL, params)
        assert result_list(again) == result_list(response)


@pytest.mark.django_db
def test_a_cached_page_of_results_changes_with_the_register_however_it_is_written(client):
    """Published without a signal (a queryset update, as a bulk load or the database's own
    triggers write): the next search finds it, because the register's version changed in
    the same statement."""
    OrganisationFactory(name="Kvarnbackens kooperativ")
    hidden = OrganisationFactory(
        name="Kvarnbackens stiftelse", publication_state=Organisation.PublicationState.DRAFT
    )
    first = client.get(LIST_URL, {"q": "kvarnbackens"}).content.decode()
    assert "Kvarnbackens kooperativ" in first and "Kvarnbackens stiftelse" not in first
    Organisation.objects.filter(pk=hidden.pk).update(
        publication_state=Organisation.PublicationState.PUBLISHED
    )
    second = client.get(LIST_URL, {"q": "kvarnbackens"}).content.decode()
    assert "Kvarnbackens stiftelse" in second
    Organisation.objects.filter(pk=hidden.pk).delete()
    assert (
        "Kvarnbackens stiftelse" not in client.get(LIST_URL, {"q": "kvarnbackens"}).content.decode()
    )


@pytest.mark.django_db
def test_cached_pages_are_kept_apart_by_search_filters_page_and_language(client):
    for number in range(30):
        OrganisationFactory(
            name=f"Förening nummer {number:02d}",
            kind="cooperative" if number % 3 == 0 else "association",
        )

    def names(path, params):
        return re.findall(r"Förening nummer \d\d", result_list(client.get(path, params)))

    for _ in range(2):  # computed, then from the cache: the same answers
        first, second = names(LIST_URL, {}), names(LIST_URL, {"page": "2"})
        assert len(first) == 20 and len(second) == 10 and not set(first) & set(second)
        assert names(LIST_URL, {"sort": "newest"})[0] == "Förening nummer 29"
        cooperatives = names(LIST_URL, {"kind": "cooperative"})
        assert sorted(cooperatives) == [f"Förening nummer {n:02d}" for n in range(0, 30, 3)]
        swedish = result_list(client.get(LIST_URL, {"kind": "cooperative"}))
        english = result_list(client.get("/en" + LIST_URL, {"kind": "cooperative"}))
        assert swedish != english  # the cards speak the page's language


@pytest.mark.django_db
def test_a_reference_change_on_another_app_server_is_seen_at_once(client):
    """Another app server renames a municipality: its own cache is cleared by the save's
    signal, but this process's cache is not. The version in the database still changes
    with the rename's transaction, so the next page here shows the new name."""
    from registry.models import DataVersion

    organisation = OrganisationFactory()
    municipality = organisation.home_municipality
    assert municipality.name in client.get(LIST_URL).content.decode()  # cached here
    Municipality.objects.filter(pk=municipality.pk).update(name="Nyköpingsbro")  # no signal
    DataVersion.objects.filter(pk=DataVersion.REFERENCE).update(token=uuid.uuid4())
    html = client.get(LIST_URL).content.decode()
    assert "Nyköpingsbro" in html


@pytest.mark.django_db
def test_reference_lists_are_cached_and_cleared_when_edited(client, django_assert_max_num_queries):
    client.get(LIST_URL)
    # The reference lists' version, the count, and the page when there is one.
    with django_assert_max_num_queries(3):
        client.get(LIST_URL)
    area = ActivityArea.objects.create(slug="bees", name_sv="Biodling", name_en="Beekeeping")
    response = client.get(LIST_URL)
    assert "Biodling" in response.content.decode()
    area.delete()
    assert "Biodling" not in client.get(LIST_URL).content.decode()


@pytest.mark.django_db
def test_counts_stop_at_the_cap(client, monkeypatch):
    from registry import selectors

    monkeypatch.setattr(selectors, "COUNT_CAP", 4)
    for _ in range(6):
        OrganisationFactory()
    response = client.get(LIST_URL, {"q": "Testföreningen"})
    results = response.context["results"]
    assert (results.count, results.capped) == (4, True)
    assert results.sort == "relevance" and results.tiered
    html = response.content.decode()
    assert "Fler än 4 organisationer hittades" in html
    assert response.context["page"].paginator.num_pages == 1
    few = client.get(LIST_URL, {"q": "Testföreningen nummer 1"}).context["results"]
    assert not few.capped


@pytest.mark.django_db
def test_detail_uses_a_fixed_number_of_queries(client, django_assert_num_queries):
    organisation = OrganisationFactory(
        activity_areas=list(ActivityArea.objects.all()[:4]),
        global_goals=list(GlobalGoal.objects.all()[:5]),
    )
    ContactPersonFactory.create_batch(3, organisation=organisation)
    # The organisation with its legal form and municipality, its four lists (areas,
    # goals, municipalities, offer categories), the consenting contacts, and one query
    # for the section the partnerships app adds (its public efforts).
    with django_assert_num_queries(7):
        client.get(organisation.get_absolute_url())


@pytest.mark.django_db
def test_detail_shows_only_consenting_contacts(client):
    from django.utils import timezone

    organisation = OrganisationFactory()
    ContactPersonFactory(
        organisation=organisation,
        name="Anna Publik",
        show_publicly=True,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Bertil Privat",
        show_publicly=False,
        consent_given_at=timezone.now(),
    )
    ContactPersonFactory(
        organisation=organisation,
        name="Cecilia Intresse",
        show_publicly=False,
        legal_basis="legitimate_interest",
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    assert "Anna Publik" in html
    assert "Bertil Privat" not in html
    assert "Cecilia Intresse" not in html


@pytest.mark.django_db
def test_detail_shows_ceased_notice(client):
    import datetime

    organisation = OrganisationFactory(status="ceased", ceased_on=datetime.date(2024, 6, 30))
    response = client.get(organisation.get_absolute_url())
    html = response.content.decode()
    assert "har upphört" in html
    assert "30 juni 2024" in html


@pytest.mark.django_db
def test_detail_lists_everything_public(client, motala, lekeberg):
    organisation = OrganisationFactory(
        name="Återbruket i Motala",
        alternate_names="ÅiM\nMotala Second hand",
        org_number="802002-4280",
        home_municipality=motala,
        municipalities=[motala, lekeberg],
        offers="Möbelrenovering och flytthjälp.",
        sells_to_public_sector=True,
        website="https://aterbruket.example.se",
        postal_code="591 86",
        city="Motala",
        global_goals=[GlobalGoal.objects.get(number=12)],
    )
    html = client.get(organisation.get_absolute_url()).content.decode()
    for text in [
        "Återbruket i Motala",
        "ÅiM",
        "802002-4280",
        "Lekeberg",
        "Möbelrenovering",
        "Säljer till offentlig sektor",
        "591 86",
        "Hållbar konsumtion och produktion",
    ]:
        assert text in html, text


@pytest.mark.django_db
def test_home_page(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Sök i registret" in response.content.decode()


@pytest.mark.django_db
def test_a_changed_entry_shows_at_once_although_cards_are_cached(client):
    organisation = OrganisationFactory(name="Gamla namnet")
    assert "Gamla namnet" in client.get(LIST_URL).content.decode()
    organisation.name = "Nya namnet"
    organisation.save()
    html = client.get(LIST_URL).content.decode()
    assert "Nya namnet" in html and "Gamla namnet" not in html


@pytest.mark.django_db
def test_cached_filters_keep_each_request_s_own_choices(client):
    first = client.get(LIST_URL, {"q": "kvarn", "kind": "cooperative"}).content.decode()
    assert 'value="kvarn"' in first
    second = client.get(LIST_URL, {"q": "bruk", "kind": "foundation"}).content.decode()
    assert 'value="bruk"' in second and 'value="kvarn"' not in second
    assert '<option value="foundation" selected>' in second
    english = client.get(f"/en{LIST_URL}", {"q": "kvarn", "kind": "cooperative"}).content.decode()
    assert "Search" in english and 'value="kvarn"' in english
