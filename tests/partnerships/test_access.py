"""Every view checks access on the server: anonymous users are sent to sign in,
non-officers get 403, officers read everything, and write only for their municipalities."""

import pytest
from django.urls import reverse

from partnerships.models import Effort
from tests.factories import OrganisationFactory
from tests.partnerships.factories import EffortFactory, FollowUpNoteFactory, OfficerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(motala_unit, motala_goals):
    """A Motala effort (not public) with a note, an organisation and Motala's policy."""
    organisation = OrganisationFactory(slug="kvarnens-vanner")
    effort = EffortFactory(
        responsible_unit=motala_unit,
        is_public=False,
        organisations=[organisation],
        goals=[motala_goals["M1"]],
    )
    note = FollowUpNoteFactory(effort=effort)
    goal = motala_goals["M1"]
    return {
        "effort": effort,
        "note": note,
        "organisation": organisation,
        "goal": goal,
        "document": goal.document,
        "unit": motala_unit,
    }


# (url name, kwargs from the world) for pages every officer may read.
READ = [
    ("effort-list", {}),
    ("effort-detail", {"pk": "effort"}),
    ("effort-export", {"fmt": "csv"}),
    ("effort-export", {"fmt": "xlsx"}),
    ("organisation-efforts", {"slug": "organisation"}),
    ("goal-overview", {}),
    ("goal-detail", {"pk": "goal"}),
    ("unit-contribution", {}),
    ("document-list", {}),
    ("unit-list", {}),
]
# Pages that change Motala's data: only Motala's officers.
WRITE = [
    ("effort-edit", {"pk": "effort"}, "get"),
    ("effort-edit", {"pk": "effort"}, "post"),
    ("note-create", {"pk": "effort"}, "post"),
    ("note-edit", {"pk": "effort", "note_pk": "note"}, "get"),
    ("note-edit", {"pk": "effort", "note_pk": "note"}, "post"),
    ("document-edit", {"pk": "document"}, "get"),
    ("document-edit", {"pk": "document"}, "post"),
    ("goal-create", {"document_pk": "document"}, "get"),
    ("goal-edit", {"pk": "goal"}, "get"),
    ("goal-edit", {"pk": "goal"}, "post"),
    ("unit-edit", {"pk": "unit"}, "get"),
    ("unit-edit", {"pk": "unit"}, "post"),
]
# Pages that create something for the officer's own municipalities.
CREATE = [("effort-create", "get"), ("unit-create", "get"), ("document-create", "get")]


def url(world, name, kwargs):
    resolved = {}
    for key, value in kwargs.items():
        if key == "fmt":
            resolved[key] = value
        elif key == "slug":
            resolved[key] = world[value].slug
        else:
            resolved[key] = world[value].pk
    return reverse(f"partnerships:{name}", kwargs=resolved)


def every_officer_page():
    for name, kwargs in READ:
        yield name, kwargs, "get"
    yield from WRITE
    for name, method in CREATE:
        yield name, {}, method


@pytest.mark.parametrize("name,kwargs,method", list(every_officer_page()))
def test_anonymous_users_are_sent_to_sign_in(client, world, name, kwargs, method):
    response = getattr(client, method)(url(world, name, kwargs))
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggning/")


@pytest.mark.parametrize("name,kwargs,method", list(every_officer_page()))
def test_signed_in_non_officers_are_refused(client, world, plain_user, name, kwargs, method):
    client.force_login(plain_user)
    assert getattr(client, method)(url(world, name, kwargs)).status_code == 403


@pytest.mark.parametrize("name,kwargs", READ)
def test_officers_of_any_municipality_read_everything(
    client, world, lekeberg_officer, name, kwargs
):
    client.force_login(lekeberg_officer)
    assert client.get(url(world, name, kwargs)).status_code == 200


@pytest.mark.parametrize("name,kwargs,method", WRITE)
def test_officers_of_another_municipality_cannot_change(
    client, world, lekeberg_officer, name, kwargs, method
):
    client.force_login(lekeberg_officer)
    before = Effort.objects.get().version
    response = getattr(client, method)(url(world, name, kwargs), {"title": "Kapad"})
    assert response.status_code == 403
    assert Effort.objects.get().version == before


@pytest.mark.parametrize("name,kwargs,method", WRITE)
def test_officers_of_the_municipality_may_change(
    client, world, motala_officer, name, kwargs, method
):
    client.force_login(motala_officer)
    response = getattr(client, method)(url(world, name, kwargs))
    # A GET shows the form; an empty POST shows it again with errors, or saves nothing.
    assert response.status_code == 200


@pytest.mark.parametrize("name,method", CREATE)
def test_officer_without_a_municipality_cannot_create(client, world, name, method):
    officer = OfficerFactory(municipalities=[])
    client.force_login(officer)
    response = getattr(client, method)(reverse(f"partnerships:{name}"))
    assert response.status_code == 403


def test_officer_without_a_municipality_is_told_why(client, world):
    client.force_login(OfficerFactory(municipalities=[]))
    response = client.get(reverse("partnerships:effort-create"))
    assert "inte kopplad till någon kommun" in response.content.decode() or (
        "not yet linked to any municipality" in response.content.decode()
    )


def test_the_effort_form_offers_only_the_officers_own_units(
    client, world, lekeberg_officer, lekeberg_unit
):
    client.force_login(lekeberg_officer)
    response = client.get(reverse("partnerships:effort-create"))
    units = list(response.context["bundle"].effort_form.fields["responsible_unit"].queryset)
    assert units == [lekeberg_unit]


def test_a_forged_post_for_another_municipalitys_unit_creates_nothing(
    client, world, lekeberg_officer
):
    client.force_login(lekeberg_officer)
    response = client.post(
        reverse("partnerships:effort-create"),
        {
            "title": "Smygande insats",
            "kind": "grant",
            "status": "planned",
            "responsible_unit": world["unit"].pk,
            "responsible_officer": lekeberg_officer.pk,
            "start_date": "2024-01-01",
            "idempotency_key": "0b7e7f3e-2f39-4b44-8a8b-9a4e8c1b1f10",
            "org-TOTAL_FORMS": "0",
            "org-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "responsible_unit" in response.context["bundle"].effort_form.errors
    assert Effort.objects.count() == 1


def test_anonymous_users_see_only_public_efforts(client, world, motala_unit):
    public = EffortFactory(responsible_unit=motala_unit, title="Öppen insats", is_public=True)
    response = client.get(reverse("partnerships:public-list"))
    assert [e.title for e in response.context["efforts"]] == ["Öppen insats"]
    assert client.get(public.get_public_url()).status_code == 200
    assert client.get(world["effort"].get_public_url()).status_code == 404


def test_officers_too_see_only_public_efforts_on_the_public_pages(client, world, motala_officer):
    client.force_login(motala_officer)
    assert client.get(world["effort"].get_public_url()).status_code == 404
