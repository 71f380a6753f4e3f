import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.forms import modelform_factory

from registry.admin import OptimisticLockForm
from registry.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_two_officers_cannot_silently_overwrite_each_other():
    organisation = OrganisationFactory(name="Första namnet")
    Form = modelform_factory(Organisation, form=OptimisticLockForm, fields=["name"])
    opened = Form(instance=organisation).initial["loaded_updated_at"]

    # Another officer saves in between.
    other = Organisation.objects.get(pk=organisation.pk)
    other.name = "Den andres namn"
    other.updated_at = opened + datetime.timedelta(seconds=5)
    other.save()

    stale = Form({"name": "Mitt namn", "loaded_updated_at": opened}, instance=organisation)
    assert not stale.is_valid()
    assert stale.non_field_errors()
    assert stale["name"].value() == "Mitt namn"  # nothing typed is lost
    assert Organisation.objects.get(pk=organisation.pk).name == "Den andres namn"

    fresh = Form(
        {
            "name": "Mitt namn",
            "loaded_updated_at": Organisation.objects.get(pk=organisation.pk).updated_at,
        },
        instance=Organisation.objects.get(pk=organisation.pk),
    )
    assert fresh.is_valid(), fresh.errors


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
