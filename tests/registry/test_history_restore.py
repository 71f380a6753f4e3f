"""An entry's history, field by field, and restoring an earlier version."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.text import capfirst

from registry import history, restore
from registry.history import Source
from registry.locking import EditConflict
from registry.models import ActivityArea, Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.partnerships.factories import OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    return OfficerFactory(username="lena", first_name="Lena", last_name="Berg")


@pytest.fixture
def entry():
    return OrganisationFactory(
        name="Lindens förening", slug="lindens-forening", email="info@linden.example.se"
    )


def _officer_edit(organisation, officer, **values):
    with history.source(Source.OFFICER):
        for name, value in values.items():
            setattr(organisation, name, value)
        organisation._history_user = officer
        organisation.save()


def test_the_history_page_lists_each_change_field_by_field_newest_first(client, officer, entry):
    _officer_edit(entry, officer, name="Lindens nya förening", email="")
    client.force_login(officer)
    response = client.get(f"/handlaggare/organisationer/{entry.slug}/historik/")
    assert response.status_code == 200
    newest, *older = response.context["versions"]
    assert newest.who == "Lena Berg"
    assert newest.source == "Handläggare"
    changes = {change.label: (change.old, change.new) for change in newest.changes}
    assert changes["Namn"] == ("Lindens förening", "Lindens nya förening")
    email_label = capfirst(Organisation._meta.get_field("email").verbose_name)
    assert changes[email_label] == ("info@linden.example.se", "\u2013")
    assert "version" not in {change.label for change in newest.changes}
    assert older[-1].created
    html = response.content.decode()
    assert "Lindens nya förening" in html and "Återställ den här versionen" in html


def test_many_to_many_changes_are_in_the_history(officer, entry):
    area = ActivityArea.objects.order_by("pk").first()
    with history.source(Source.OFFICER):
        entry.activity_areas.add(area)
    _page, versions = restore.organisation_versions(entry, 1)
    labels = {change.label: change.new for change in versions[0].changes}
    assert labels["Verksamhetsområden"] == str(area)


def test_who_is_never_a_private_address():
    record = Organisation.history.model(source=Source.SELF_SERVICE)
    assert restore.who(record) == "Organisationen själv"
    record = Organisation.history.model(source=Source.IMPORT)
    assert restore.who(record) == "Import"
    user = User(username="karin@example.se", first_name="", last_name="")
    record = Organisation.history.model(source=Source.OFFICER, history_user=user)
    assert restore.who(record) == "karin@example.se"  # an account's name, not an address given


def test_the_contact_history_lists_every_person(client, officer, entry):
    contact = ContactPersonFactory(organisation=entry, name="Karin Ek")
    contact.role = "Kassör"
    contact.save()
    client.force_login(officer)
    response = client.get(f"/handlaggare/organisationer/{entry.slug}/historik/kontaktpersoner/")
    assert response.status_code == 200
    newest = response.context["versions"][0]
    assert [(c.label, c.new) for c in newest.changes] == [("Roll", "Kassör")]


def test_the_history_page_costs_the_same_for_few_and_many_versions(
    client, officer, entry, django_assert_max_num_queries
):
    client.force_login(officer)
    url = f"/handlaggare/organisationer/{entry.slug}/historik/"
    area_ids = list(ActivityArea.objects.values_list("pk", flat=True)[:3])

    def edits(count):
        for number in range(count):
            _officer_edit(entry, officer, name=f"Namn {number}", employees=number)
            entry.activity_areas.set(area_ids[: number % 3 + 1])

    edits(12)  # 26 versions: a full first page, and the version before it on the next
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["versions"]) == restore.PAGE_SIZE
    edits(40)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
    with django_assert_max_num_queries(len(few)):
        client.get(url + "?page=3")


def test_an_officer_of_another_municipality_reads_but_cannot_restore(client, entry):
    other = OfficerFactory(municipalities=["1814"])
    entry.name = "Ändrad"
    entry.save()
    client.force_login(other)
    response = client.get(f"/handlaggare/organisationer/{entry.slug}/historik/")
    assert response.status_code == 200
    assert "Återställ" not in response.content.decode()
    oldest = entry.history.order_by("history_id").first()
    url = f"/handlaggare/organisationer/{entry.slug}/historik/{oldest.history_id}/aterstall/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": entry.version}).status_code == 403


def test_the_public_and_people_without_a_role_cannot_read_the_history(client, entry):
    url = f"/handlaggare/organisationer/{entry.slug}/historik/"
    assert client.get(url).status_code == 302
    client.force_login(User.objects.create_user("nobody"))
    assert client.get(url).status_code == 403


def test_restoring_shows_what_changes_and_writes_a_new_change(client, officer, entry):
    areas = list(ActivityArea.objects.order_by("pk")[:2])
    entry.activity_areas.set([areas[0]])
    original = entry.history.order_by("-history_id").first()
    _officer_edit(entry, officer, name="Fel namn", employees=7)
    entry.activity_areas.set([areas[1]])
    entry.refresh_from_db()
    client.force_login(officer)
    url = f"/handlaggare/organisationer/{entry.slug}/historik/{original.history_id}/aterstall/"
    page = client.get(url)
    assert page.status_code == 200
    changes = {change.label: (change.old, change.new) for change in page.context["changes"]}
    assert changes["Namn"] == ("Fel namn", "Lindens förening")
    assert changes["Verksamhetsområden"] == (str(areas[1]), str(areas[0]))

    response = client.post(url, {"version": entry.version})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.name == "Lindens förening"
    assert entry.employees is None
    assert list(entry.activity_areas.all()) == [areas[0]]
    latest = entry.history.order_by("-history_id").first()
    assert latest.source == Source.RESTORE
    assert latest.history_user == officer
    assert entry.history.filter(source=Source.RESTORE).count() == 1  # one change


def test_restoring_refuses_when_the_entry_changed_since_the_page_was_opened(client, officer, entry):
    original = entry.history.order_by("-history_id").first()
    _officer_edit(entry, officer, name="Fel namn")
    opened_at = Organisation.objects.get(pk=entry.pk).version
    _officer_edit(entry, officer, name="Någon annans ändring")
    client.force_login(officer)
    url = f"/handlaggare/organisationer/{entry.slug}/historik/{original.history_id}/aterstall/"
    response = client.post(url, {"version": opened_at})
    assert response.status_code == 200
    assert "sparade posten efter att du öppnade sidan" in response.content.decode()
    assert Organisation.objects.get(pk=entry.pk).name == "Någon annans ändring"
    with pytest.raises(EditConflict):
        restore.organisation_restore(
            organisation_id=entry.pk,
            history_id=original.history_id,
            started_from=opened_at,
            officer=officer,
        )


def test_restoring_an_organisation_number_taken_since_says_so(client, officer, entry):
    original = entry.history.order_by("-history_id").first()
    number = entry.org_number
    _officer_edit(entry, officer, org_number=None)
    OrganisationFactory(org_number=number)
    entry.refresh_from_db()
    client.force_login(officer)
    url = f"/handlaggare/organisationer/{entry.slug}/historik/{original.history_id}/aterstall/"
    response = client.post(url, {"version": entry.version})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Organisation.objects.get(pk=entry.pk).org_number is None


def test_an_empty_restore_post_is_the_page_with_an_error(client, officer, entry):
    original = entry.history.order_by("-history_id").first()
    _officer_edit(entry, officer, name="Fel namn")
    client.force_login(officer)
    url = f"/handlaggare/organisationer/{entry.slug}/historik/{original.history_id}/aterstall/"
    response = client.post(url, {})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert Organisation.objects.get(pk=entry.pk).name == "Fel namn"


def test_the_public_page_links_officers_to_the_history(client, officer, entry):
    assert "historik" not in client.get(entry.get_absolute_url()).content.decode()
    client.force_login(officer)
    html = client.get(entry.get_absolute_url()).content.decode()
    assert f"/handlaggare/organisationer/{entry.slug}/historik/" in html


def test_restoring_a_contact_person_writes_a_new_change(client, officer, entry):
    contact = ContactPersonFactory(organisation=entry, name="Karin Ek", role="Kassör")
    original = contact.history.order_by("-history_id").first()
    with history.source(Source.OFFICER):
        contact.role = "Fel roll"
        contact.phone = "070-000 00 00"
        contact.save()
    client.force_login(officer)
    listing = client.get(f"/handlaggare/organisationer/{entry.slug}/historik/kontaktpersoner/")
    base = f"/handlaggare/organisationer/{entry.slug}/historik/kontaktpersoner/"
    url = f"{base}{original.history_id}/aterstall/"
    assert url in listing.content.decode()  # the earlier version has its restore link
    newest = contact.history.order_by("-history_id").first()
    assert f"kontaktpersoner/{newest.history_id}/aterstall/" not in listing.content.decode()
    page = client.get(url)
    assert page.status_code == 200
    changes = {change.label: (change.old, change.new) for change in page.context["changes"]}
    assert changes["Roll"] == ("Fel roll", "Kassör")
    contact.refresh_from_db()
    response = client.post(url, {"version": contact.version})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.role, contact.phone) == ("Kassör", original.phone)
    latest = contact.history.order_by("-history_id").first()
    assert (latest.source, latest.history_user) == (Source.RESTORE, officer)


def test_restoring_a_contact_person_refuses_a_stale_page_and_others_contacts(
    client, officer, entry
):
    contact = ContactPersonFactory(organisation=entry, name="Karin Ek", role="Kassör")
    original = contact.history.order_by("-history_id").first()
    opened_at = contact.version
    contact.role = "Någon annans ändring"
    contact.save()
    client.force_login(officer)
    base = f"/handlaggare/organisationer/{entry.slug}/historik/kontaktpersoner/"
    response = client.post(f"{base}{original.history_id}/aterstall/", {"version": opened_at})
    assert response.status_code == 200
    assert "sparade posten efter att du öppnade sidan" in response.content.decode()
    contact.refresh_from_db()
    assert contact.role == "Någon annans ändring"
    # A contact person of another entry cannot be reached through this entry's address.
    stranger = ContactPersonFactory(organisation=OrganisationFactory())
    stranger_version = stranger.history.first().history_id
    assert client.get(f"{base}{stranger_version}/aterstall/").status_code == 404
