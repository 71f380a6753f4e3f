"""Reports built from the data: live blocks, publishing freezes them, versions."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from partnerships import report_services, reports
from partnerships.models import Effort, ReportVersion

pytestmark = pytest.mark.django_db


def test_blocks_show_the_live_figures(report_world, english):
    body = reports.report_body(report_world["request"])
    first, second = body["questions"]
    assert [b["kind"] for b in first["blocks"]] == ["goal", "efforts"]
    goal_year = first["blocks"][0]["tables"][0]
    assert goal_year.columns[0] == "Year"
    by_year = {row[0]: row for row in goal_year.rows}
    assert by_year["2022"][1:4] == [2, 1, Decimal("475000.00")]
    assert by_year["Total"][1] == 2
    efforts = first["blocks"][1]["tables"][0]
    assert [row[0] for row in efforts.rows] == ["IOP med kooperativet"]
    timeline = second["blocks"][0]["tables"][0]
    events = [(row[1], row[2]) for row in timeline.rows]
    assert events[0] == ("Effort started", "Startstöd till kooperativet")
    assert ("Review", "IOP med kooperativet") in events
    assert all(title != "Motalas insats" for _e, title in events)
    dates = [row[0] for row in timeline.rows]
    assert len(dates) == len(events)


def test_a_published_report_never_changes_when_the_data_does(report_world, client):
    request, officer = report_world["request"], report_world["officer"]
    version, created = report_services.report_publish(
        actor=officer, request_id=request.pk, idempotency_key=uuid.uuid4()
    )
    assert created and version.number == 1
    url = reverse("partnerships:report-detail", kwargs={"pk": request.pk})
    before = client.get(url).content.decode()
    assert "IOP med kooperativet" in before
    Effort.objects.filter(pk=report_world["iop"].pk).update(
        title="Omdöpt insats", amount_awarded=Decimal("999999.00")
    )
    after = client.get(url).content.decode()
    assert "Omdöpt insats" not in after
    assert "IOP med kooperativet" in after
    version.refresh_from_db()
    body = reports.version_body(version.content, "sv")
    rows = body["questions"][0]["blocks"][1]["tables"][0].rows
    assert rows[0][0] == "IOP med kooperativet"
    # The live draft does change; a new version takes the new figures, the first stays.
    second, _ = report_services.report_publish(
        actor=officer, request_id=request.pk, idempotency_key=uuid.uuid4()
    )
    assert second.number == 2
    new_rows = reports.version_body(second.content, "sv")["questions"][0]["blocks"][1]
    assert new_rows["tables"][0].rows[0][0] == "Omdöpt insats"
    old = client.get(reverse("partnerships:report-version", kwargs={"pk": request.pk, "number": 1}))
    assert "IOP med kooperativet" in old.content.decode()
    assert "Omdöpt insats" not in old.content.decode()


def test_publishing_twice_with_one_key_makes_one_version(report_world):
    key = uuid.uuid4()
    for _ in range(2):
        report_services.report_publish(
            actor=report_world["officer"],
            request_id=report_world["request"].pk,
            idempotency_key=key,
        )
    assert ReportVersion.objects.count() == 1


def test_a_published_version_holds_both_languages(report_world):
    version, _ = report_services.report_publish(
        actor=report_world["officer"],
        request_id=report_world["request"].pk,
        idempotency_key=uuid.uuid4(),
    )
    sv = reports.version_body(version.content, "sv")
    en = reports.version_body(version.content, "en")
    assert sv["questions"][0]["blocks"][0]["tables"][0].columns[0] == "År"
    assert en["questions"][0]["blocks"][0]["tables"][0].columns[0] == "Year"
    assert sv["questions"][0]["answer"] == en["questions"][0]["answer"]
