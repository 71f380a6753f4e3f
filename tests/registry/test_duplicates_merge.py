"""The duplicates report, dismissing a pair, and merging two entries into one."""

import uuid

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, connection
from django.utils import timezone

from partnerships.models import EffortOrganisation
from registry import duplicates, extensions, merge, restore
from registry.history import Source
from registry.locking import EditConflict
from registry.models import (
    AccessLink,
    ActivityArea,
    ContactPerson,
    DuplicateDismissal,
    GlobalGoal,
    Organisation,
    OrganisationRedirect,
    ProblemReport,
    Submission,
)
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import EffortFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory(municipalities=["0583"])


def pair_of(user, a, b):
    pairs, _total = duplicates.candidate_pairs(user)
    wanted = duplicates.ordered(a.pk, b.pk)
    return next((p for p in pairs if (p.first.pk, p.second.pk) == wanted), None)


# --- the report -------------------------------------------------------------------------


def test_the_database_already_refuses_two_entries_with_one_organisation_number():
    entry = OrganisationFactory()
    with pytest.raises(IntegrityError):
        OrganisationFactory(org_number=entry.org_number)


def test_same_email_phone_and_website_are_found_however_they_are_written(officer):
    a = OrganisationFactory(
        name="Kvarnen",
        email="Info@Kvarnen.example.se",
        phone="+46 70-123 45 67",
        website="https://www.kvarnen.example.se/",
    )
    b = OrganisationFactory(
        name="Bageriet",
        email="info@kvarnen.example.se",
        phone="070 123 45 67",
        website="http://kvarnen.example.se",
    )
    OrganisationFactory(name="Annat", email="annat@example.se", phone="0701111111")
    pair = pair_of(officer, a, b)
    assert pair is not None
    assert pair.reasons == ["email", "phone", "website"]
    assert pair.can_merge


def test_similar_names_in_one_municipality_are_found_and_not_across_municipalities(officer):
    a = OrganisationFactory(name="Föreningen Linden", email="", phone="", website="")
    b = OrganisationFactory(name="Lindens förening", email="", phone="", website="")
    elsewhere = OrganisationFactory(
        name="Föreningen Linden", home_municipality_id="1814", email="", phone="", website=""
    )
    different = OrganisationFactory(name="Motala ridklubb", email="", phone="", website="")
    pair = pair_of(officer, a, b)
    assert pair.reasons == ["name"] and pair.score >= duplicates.NAME_SIMILARITY
    assert pair_of(officer, a, elsewhere) is None
    assert pair_of(officer, a, different) is None


def test_an_officer_sees_only_pairs_with_an_entry_of_their_municipalities():
    a = OrganisationFactory(email="same@example.se", home_municipality_id="1814")
    b = OrganisationFactory(email="same@example.se", home_municipality_id="1814")
    motala = OfficerFactory(municipalities=["0583"])
    lekeberg = OfficerFactory(municipalities=["1814"])
    admin = User.objects.create_superuser("admin", "admin@example.se", "x")
    assert pair_of(motala, a, b) is None
    assert pair_of(lekeberg, a, b) is not None
    assert pair_of(admin, a, b) is not None


def test_a_pair_with_an_entry_of_another_municipality_is_listed_but_not_mergeable(officer):
    a = OrganisationFactory(email="same@example.se")
    b = OrganisationFactory(email="same@example.se", home_municipality_id="1814")
    pair = pair_of(officer, a, b)
    assert pair is not None and not pair.can_merge


def test_a_dismissed_pair_stays_dismissed_and_is_listed_among_the_dismissed(client, officer):
    a = OrganisationFactory(email="same@example.se")
    b = OrganisationFactory(email="same@example.se")
    client.force_login(officer)
    response = client.post(f"/handlaggare/dubbletter/{b.pk}/{a.pk}/avfarda/")
    assert response.status_code == 302
    client.post(f"/handlaggare/dubbletter/{a.pk}/{b.pk}/avfarda/")  # twice: one dismissal
    dismissal = DuplicateDismissal.objects.get()
    assert (dismissal.first_id, dismissal.second_id) == duplicates.ordered(a.pk, b.pk)
    assert dismissal.dismissed_by == officer
    assert pair_of(officer, a, b) is None
    listed = client.get("/handlaggare/dubbletter/avfardade/")
    assert list(listed.context["page"].object_list) == [dismissal]
    client.post(f"/handlaggare/dubbletter/{a.pk}/{b.pk}/ta-tillbaka/")
    assert pair_of(officer, a, b) is not None


def test_the_database_keeps_a_pair_once_and_in_order(officer):
    a, b = OrganisationFactory(), OrganisationFactory()
    first, second = duplicates.ordered(a.pk, b.pk)
    DuplicateDismissal.objects.create(first_id=first, second_id=second, dismissed_by=officer)
    with pytest.raises(IntegrityError):
        DuplicateDismissal.objects.create(first_id=second, second_id=first, dismissed_by=officer)


def test_an_officer_of_another_municipality_cannot_dismiss(client):
    a = OrganisationFactory(email="same@example.se")
    b = OrganisationFactory(email="same@example.se")
    client.force_login(OfficerFactory(municipalities=["1814"]))
    assert client.post(f"/handlaggare/dubbletter/{a.pk}/{b.pk}/avfarda/").status_code == 403
    assert not DuplicateDismissal.objects.exists()


def test_the_report_page_costs_the_same_for_few_and_many_pairs(
    client, officer, django_assert_max_num_queries
):
    from django.test.utils import CaptureQueriesContext

    client.force_login(officer)
    OrganisationFactory.create_batch(2, email="same@example.se")
    with CaptureQueriesContext(connection) as few:
        response = client.get("/handlaggare/dubbletter/")
    assert response.context["page"].paginator.count == 1
    OrganisationFactory.create_batch(8, email="same@example.se")  # 45 pairs
    with django_assert_max_num_queries(len(few)):
        response = client.get("/handlaggare/dubbletter/")
    assert response.context["page"].paginator.count == 45
    assert len(response.context["pairs"]) == duplicates.PAGE_SIZE
    assert "Samma e-postadress" in response.content.decode()


def test_the_queries_use_the_indexes():
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        for expression, index in [
            (duplicates._EMAIL, "org_email_key_idx"),
            (duplicates._PHONE, "org_phone_key_idx"),
            (duplicates._WEBSITE, "org_website_key_idx"),
        ]:
            column = index.split("_")[1]
            cursor.execute(
                f"EXPLAIN SELECT id FROM registry_organisation o "
                f"WHERE {expression.format(t='o')} = 'x' AND o.{column} <> ''"
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert index in plan, plan


# --- merging ----------------------------------------------------------------------------


@pytest.fixture
def two(officer):
    areas = list(ActivityArea.objects.order_by("pk")[:3])
    goals = list(GlobalGoal.objects.order_by("pk")[:2])
    kept = OrganisationFactory(
        name="Lindens förening",
        slug="lindens-forening",
        alternate_names="Linden",
        email="info@linden.example.se",
        phone="",
        activity_areas=areas[:2],
    )
    other = OrganisationFactory(
        name="Föreningen Linden i Motala",
        slug="foreningen-linden",
        alternate_names="FLM",
        email="kontakt@linden.example.se",
        phone="0141-123 45",
        activity_areas=areas[1:],
        global_goals=goals,
        municipalities=["0583", "1814"],
    )
    return kept, other


def _relations(other):
    contact = ContactPersonFactory(organisation=other)
    report = ProblemReport.objects.create(
        organisation=other, category="duplicate", message="Dubblett", submission_key=uuid.uuid4()
    )
    submission = Submission.objects.create(
        organisation=other,
        kind="change",
        submitter_name="K",
        submitter_email="k@example.se",
        submission_key=uuid.uuid4(),
    )
    link = AccessLink.objects.create(
        purpose="edit",
        organisation=other,
        email="k@example.se",
        nonce="n",
        expires_at=timezone.now(),
    )
    return contact, report, submission, link


def test_a_merge_moves_everything_to_the_survivor_in_one_history_change(officer, two):
    kept, other = two
    contact, report, submission, link = _relations(other)
    effort = EffortFactory()
    shared = EffortFactory()
    EffortOrganisation.objects.create(effort=effort, organisation=other, role="recipient")
    EffortOrganisation.objects.create(effort=shared, organisation=other, role="partner")
    EffortOrganisation.objects.create(effort=shared, organisation=kept, role="recipient")
    earlier = OrganisationRedirect.objects.create(old_slug="gamla-linden", organisation=other)
    other_pk, versions_before = other.pk, kept.history.count()

    survivor = merge.organisation_merge(
        survivor_id=kept.pk,
        other_id=other.pk,
        survivor_version=kept.version,
        other_version=other.version,
        take_from_other={"phone"},
        officer=officer,
    )

    assert not Organisation.objects.filter(pk=other_pk).exists()
    assert survivor.name == "Lindens förening"
    assert survivor.email == "info@linden.example.se"  # kept its own
    assert survivor.phone == "0141-123 45"  # took the other's
    assert survivor.alternate_names.splitlines() == ["Linden", "FLM", "Föreningen Linden i Motala"]
    assert set(survivor.activity_areas.all()) == set(ActivityArea.objects.order_by("pk")[:3])
    assert survivor.global_goals.count() == 2
    assert set(survivor.municipalities.values_list("code", flat=True)) == {"0583", "1814"}
    for row in (contact, report, submission, link):
        row.refresh_from_db()
        assert row.organisation_id == survivor.pk
    assert set(
        EffortOrganisation.objects.filter(organisation=survivor).values_list("effort", "role")
    ) == {(effort.pk, "recipient"), (shared.pk, "recipient")}
    assert not EffortOrganisation.objects.filter(organisation_id=other_pk).exists()
    earlier.refresh_from_db()
    assert earlier.organisation == survivor
    assert OrganisationRedirect.objects.get(old_slug="foreningen-linden").organisation == survivor

    added = survivor.history.count() - versions_before
    new_rows = survivor.history.order_by("-history_id")[:added]
    assert [(row.source, row.history_user) for row in new_rows] == [(Source.MERGE, officer)]
    assert ContactPerson.history.filter(id=contact.pk).latest("history_id").source == Source.MERGE
    deleted = Organisation.history.filter(id=other_pk).latest("history_id")
    assert (deleted.history_type, deleted.source) == ("-", Source.MERGE)


def test_the_merged_entrys_history_is_read_from_the_survivors_page(client, officer, two):
    kept, other = two
    merge.organisation_merge(
        survivor_id=kept.pk,
        other_id=other.pk,
        survivor_version=kept.version,
        other_version=other.version,
        take_from_other=set(),
        officer=officer,
    )
    _page, versions = restore.organisation_versions(kept, 1)
    assert {v.entry_name for v in versions} == {"", "Föreningen Linden i Motala"}
    assert not any(v.restorable for v in versions if v.entry_name)
    client.force_login(officer)
    old = client.get("/handlaggare/organisationer/foreningen-linden/historik/")
    assert old.status_code == 301
    assert old["Location"] == "/handlaggare/organisationer/lindens-forening/historik/"


def test_the_old_address_and_its_sub_pages_redirect_permanently(client, officer, two):
    kept, other = two
    merge.organisation_merge(
        survivor_id=kept.pk,
        other_id=other.pk,
        survivor_version=kept.version,
        other_version=other.version,
        take_from_other=set(),
        officer=officer,
    )
    response = client.get("/organisationer/foreningen-linden/")
    assert response.status_code == 301
    assert response["Location"] == "/organisationer/lindens-forening/"
    response = client.get("/organisationer/foreningen-linden/rapportera/?x=1")
    assert response.status_code == 301
    assert response["Location"] == "/organisationer/lindens-forening/rapportera/?x=1"
    assert client.get("/en/organisationer/foreningen-linden/").status_code == 301
    assert client.get("/organisationer/finns-inte/").status_code == 404


def test_a_new_entry_never_takes_a_merged_entrys_address(officer, two):
    from registry.services import unique_slug

    kept, other = two
    merge.organisation_merge(
        survivor_id=kept.pk,
        other_id=other.pk,
        survivor_version=kept.version,
        other_version=other.version,
        take_from_other=set(),
        officer=officer,
    )
    assert unique_slug("Föreningen Linden") == "foreningen-linden-2"


def test_a_failure_midway_leaves_everything_as_it_was(officer, two):
    kept, other = two
    contact, report, submission, link = _relations(other)
    effort = EffortFactory()
    EffortOrganisation.objects.create(effort=effort, organisation=other, role="recipient")
    history_before = Organisation.history.count()

    def fail(survivor, other):
        raise RuntimeError("midway")

    extensions.register_merge_handler(fail)  # after partnerships' handler has moved links
    try:
        with pytest.raises(RuntimeError):
            merge.organisation_merge(
                survivor_id=kept.pk,
                other_id=other.pk,
                survivor_version=kept.version,
                other_version=other.version,
                take_from_other={"phone"},
                officer=officer,
            )
    finally:
        extensions.unregister_merge_handler(fail)

    other.refresh_from_db()
    kept.refresh_from_db()
    assert kept.phone == "" and kept.alternate_names == "Linden"
    assert kept.activity_areas.count() == 2
    for row in (contact, report, submission, link):
        row.refresh_from_db()
        assert row.organisation_id == other.pk
    assert EffortOrganisation.objects.get(effort=effort).organisation_id == other.pk
    assert not OrganisationRedirect.objects.exists()
    assert Organisation.history.count() == history_before


def test_a_merge_refuses_when_an_entry_changed_since_the_page_was_opened(officer, two):
    kept, other = two
    opened_at = other.version
    other.city = "Motala"
    other.save()
    with pytest.raises(EditConflict):
        merge.organisation_merge(
            survivor_id=kept.pk,
            other_id=other.pk,
            survivor_version=kept.version,
            other_version=opened_at,
            take_from_other=set(),
            officer=officer,
        )
    assert Organisation.objects.filter(pk=other.pk).exists()


def test_the_survivor_can_take_the_other_entrys_organisation_number(officer, two):
    kept, other = two
    number = other.org_number
    survivor = merge.organisation_merge(
        survivor_id=kept.pk,
        other_id=other.pk,
        survivor_version=kept.version,
        other_version=other.version,
        take_from_other={"org_number"},
        officer=officer,
    )
    assert survivor.org_number == number


def test_the_merge_page_offers_a_choice_per_differing_field(client, officer, two):
    kept, other = two
    client.force_login(officer)
    url = f"/handlaggare/dubbletter/{kept.pk}/{other.pk}/sammanfoga/"
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert "field_email" in form.fields and "field_phone" in form.fields
    assert "field_kind" not in form.fields  # the same on both
    assert form.initial["field_phone"] == "second"  # the only one with a phone number
    html = response.content.decode()
    assert "info@linden.example.se" in html and "kontakt@linden.example.se" in html


def test_the_merge_form_says_what_is_missing_and_merges_when_complete(client, officer, two):
    kept, other = two
    client.force_login(officer)
    url = f"/handlaggare/dubbletter/{kept.pk}/{other.pk}/sammanfoga/"
    response = client.post(url, {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["survivor"] == ["Välj vilken post som behålls"]
    assert "field_email" in errors
    assert Organisation.objects.filter(pk=other.pk).exists()

    form = response.context["form"]
    data = {"survivor": "first", "first_version": kept.version, "second_version": other.version}
    data.update({name: "first" for name in form.fields if name.startswith("field_")})
    data["field_email"] = "second"
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == "/handlaggare/organisationer/lindens-forening/historik/"
    kept.refresh_from_db()
    assert kept.email == "kontakt@linden.example.se"
    assert not Organisation.objects.filter(pk=other.pk).exists()


def test_merging_needs_both_entries_in_the_officers_municipalities(client, two):
    kept, other = two
    client.force_login(OfficerFactory(municipalities=["1814"]))  # other operates there only
    url = f"/handlaggare/dubbletter/{kept.pk}/{other.pk}/sammanfoga/"
    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert client.get(f"/handlaggare/dubbletter/{kept.pk}/{kept.pk}/sammanfoga/").status_code in (
        403,
        404,
    )


def test_a_report_that_takes_too_long_says_so_instead_of_waiting(client, officer, monkeypatch):
    def slow(user):
        return "SELECT 1, 2, ARRAY['email'], NULL::real, 1 FROM pg_sleep(2) LIMIT %s OFFSET %s", []

    monkeypatch.setattr(duplicates, "_pairs_sql", slow)
    monkeypatch.setattr(duplicates, "TIMEOUT_MS", 100)
    client.force_login(officer)
    response = client.get("/handlaggare/dubbletter/")
    assert response.status_code == 200
    assert "Jämförelsen av posterna tog för lång tid" in response.content.decode()


def test_values_that_do_not_fit_together_are_refused_with_a_message(client, officer):
    from registry.models import LegalForm

    kept = OrganisationFactory(name="Kvarnen")  # an ideell förening, number of group 8
    other = OrganisationFactory(name="Kvarnen ek för", legal_form=LegalForm.objects.get(pk="51"))
    client.force_login(officer)
    url = f"/handlaggare/dubbletter/{kept.pk}/{other.pk}/sammanfoga/"
    form = client.get(url).context["form"]
    data = {"survivor": "first", "first_version": kept.version, "second_version": other.version}
    data.update({name: "first" for name in form.fields if name.startswith("field_")})
    data["field_legal_form"] = "second"  # a cooperative's form with an association's number
    response = client.post(url, data)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "inte stämmer med den valda juridiska formen" in errors
    assert Organisation.objects.filter(pk=other.pk).exists()


def test_the_survivor_taking_the_other_home_municipality_operates_there(officer):
    kept = OrganisationFactory()
    other = OrganisationFactory(home_municipality_id="1814", municipalities=["1814", "0583"])
    survivor = merge.organisation_merge(
        survivor_id=kept.pk,
        other_id=other.pk,
        survivor_version=kept.version,
        other_version=other.version,
        take_from_other={"home_municipality"},
        officer=officer,
    )
    assert survivor.home_municipality_id == "1814"
    assert "1814" in set(survivor.municipalities.values_list("code", flat=True))
