"""The admin has every partnerships model, with its history."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from partnerships import report_services
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


def test_reporting_requests_in_the_admin(client, report_world):
    """A request's facts are corrected in the admin; its questions and its published,
    frozen versions are shown and never changed there."""
    request = report_world["request"]
    version, _created = report_services.report_publish(
        actor=report_world["officer"], request_id=request.pk, idempotency_key=uuid.uuid4()
    )
    client.force_login(User.objects.create_superuser("admin", "admin@example.se", "x" * 16))
    assert client.get("/admin/partnerships/reportingrequest/").status_code == 200
    assert client.get("/admin/partnerships/reportingrequest/add/").status_code == 200
    change = client.get(f"/admin/partnerships/reportingrequest/{request.pk}/change/")
    assert change.status_code == 200
    assert request.questions.first().text in change.content.decode()

    assert client.get("/admin/partnerships/reportversion/").status_code == 200
    assert client.get("/admin/partnerships/reportversion/add/").status_code == 403
    page = client.get(f"/admin/partnerships/reportversion/{version.pk}/change/")
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # a view, not a form
    frozen = dict(version.content)
    client.post(f"/admin/partnerships/reportversion/{version.pk}/change/", {"number": 9})
    client.post(f"/admin/partnerships/reportversion/{version.pk}/delete/", {"post": "yes"})
    version.refresh_from_db()
    assert (version.number, version.content) == (1, frozen)


def test_payments_are_shown_on_the_effort_not_written_there(client, motala_unit):
    effort = EffortFactory(
        responsible_unit=motala_unit,
        amount_awarded=Decimal("5000"),
        payments=[(datetime.date(2024, 3, 1), Decimal("1200"))],
    )
    client.force_login(User.objects.create_superuser("admin", "admin@example.se", "x" * 16))
    page = client.get(f"/admin/partnerships/effort/{effort.pk}/change/").content.decode()
    assert "1200" in page.replace("\xa0", "").replace(" ", "")
    assert "payments-0-amount" not in page  # read-only: no input for it
