import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.forms import modelform_factory

from registry.locking import VersionLockForm
from registry.models import Organisation
from tests.factories import ContactPersonFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_two_officers_cannot_silently_overwrite_each_other():
    organisation = OrganisationFactory(name="Första namnet")
    Form = modelform_factory(Organisation, form=VersionLockForm, fields=["name"])
    opened = Form(instance=organisation).initial["loaded_version"]

    # Another officer saves in between: every save raises the version.
    other = Organisation.objects.get(pk=organisation.pk)
    other.name = "Den andres namn"
    other.save()
    assert other.version == opened + 1

    stale = Form({"name": "Mitt namn", "loaded_version": opened}, instance=organisation)
    assert not stale.is_valid()
    assert stale.non_field_errors()
    assert stale["name"].value() == "Mitt namn"  # nothing typed is lost
    assert Organisation.objects.get(pk=organisation.pk).name == "Den andres namn"

    current = Organisation.objects.get(pk=organisation.pk)
    fresh = Form({"name": "Mitt namn", "loaded_version": current.version}, instance=current)
    assert fresh.is_valid(), fresh.errors


def test_the_admin_saves_with_the_version_it_opened(client):
    client.force_login(User.objects.create_superuser("admin", "admin@example.se", "x"))
    organisation = OrganisationFactory(name="Första namnet")
    contact = ContactPersonFactory(organisation=organisation, name="Anna")
    change = f"/admin/registry/contactperson/{contact.pk}/change/"
    data = {
        "organisation": organisation.pk,
        "name": "Anna Andersson",
        "role": "",
        "email": "anna@example.se",
        "phone": "",
        "legal_basis": "consent",
        "loaded_version": contact.version,
    }
    assert client.post(change, data).status_code == 302
    contact.refresh_from_db()
    assert (contact.name, contact.version) == ("Anna Andersson", 2)
    stale = client.post(change, {**data, "name": "Gammal flik", "loaded_version": 1})
    assert stale.status_code == 200  # the form again, with the error and what was typed
    assert "Gammal flik" in stale.content.decode()
    contact.refresh_from_db()
    assert (contact.name, contact.version) == ("Anna Andersson", 2)


@pytest.mark.parametrize(
    "model",
    [
        "organisation",
        "contactperson",
        "submission",
        "accesslink",
        "problemreport",
        "municipality",
        "county",
        "legalform",
        "activityarea",
        "globalgoal",
        "offercategory",
    ],
)
def test_admin_lists_every_model_with_search(client, model):
    OrganisationFactory()
    admin = User.objects.create_superuser("admin", "admin@example.se", "ett-langt-losenord-123")
    client.force_login(admin)
    response = client.get(f"/admin/registry/{model}/", {"q": "test"})
    assert response.status_code == 200


def test_the_admin_is_named_for_the_portal_and_axes_speaks_swedish(client):
    admin = User.objects.create_superuser("admin", "admin@example.se", "ett-langt-losenord-123")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    assert "Django" not in page
    assert "<title>Administration av registret | Registret för social ekonomi</title>" in page
    assert "Registret för social ekonomi: administration" in page
    for name in ["Inloggningsförsök", "Misslyckade inloggningar", "Inloggningsloggar"]:
        assert f">{name}</a>" in page
    for english in ["Access attempts", "Access failures", "Access logs"]:
        assert english not in page
    AccessAttempt.objects.create(
        username="okand", ip_address="192.0.2.1", user_agent="x", failures_since_start=1
    )
    columns = client.get("/admin/axes/accessattempt/").content.decode()
    assert "IP-adress" in columns and "Misslyckade inloggningar" in columns
    english = client.get("/en/admin/").content.decode()
    assert "Social economy register: administration" in english
    assert "Access attempts" in english
