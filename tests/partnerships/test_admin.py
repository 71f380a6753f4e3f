"""The admin has every partnerships model, with its history."""

import pytest
from django.contrib.auth.models import User

from tests.partnerships.factories import EffortFactory, FollowUpNoteFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model",
    [
        "effort",
        "followupnote",
        "municipalunit",
        "officermembership",
        "policydocument",
        "policygoal",
    ],
)
def test_admin_lists_and_forms(client, motala_unit, model):
    FollowUpNoteFactory(effort=EffortFactory(responsible_unit=motala_unit))
    client.force_login(User.objects.create_superuser("admin", "admin@example.se", "x" * 16))
    assert client.get(f"/admin/partnerships/{model}/").status_code == 200
    assert client.get(f"/admin/partnerships/{model}/add/").status_code == 200


def test_change_and_history_pages(client, motala_unit):
    effort = EffortFactory(responsible_unit=motala_unit, title="Före")
    client.force_login(User.objects.create_superuser("admin", "admin@example.se", "x" * 16))
    page = client.get(f"/admin/partnerships/effort/{effort.pk}/change/")
    assert page.status_code == 200
    history = client.get(f"/admin/partnerships/effort/{effort.pk}/history/")
    assert history.status_code == 200
