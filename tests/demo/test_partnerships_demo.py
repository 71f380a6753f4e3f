"""seed_partnerships_demo: believable, valid, idempotent, and written through the
partnerships services by the demo officer, so it obeys the same rules as officers."""

import datetime
import statistics
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from demo.officer import USERNAME
from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    FollowUpNote,
    MunicipalUnit,
    PolicyGoal,
)
from partnerships.services import goal_errors
from registry import orgnr
from registry.models import Organisation, Submission

pytestmark = pytest.mark.django_db

MOTALA, LEKEBERG = "0583", "1814"
ENTERPRISE_NUMBER = f"769641-230{orgnr.luhn_check_digit('769641230')}"  # demo/data
Status = Effort.Status


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_partnerships_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The register as make run has it (written in bulk here: it is only the backdrop) and
    the demo efforts, made once for the module's tests, in a transaction rolled back after
    them (each test runs in a savepoint of its own inside it). Gives the command's output."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", organisations=300, bulk=True, stdout=StringIO())
        yield seed()
        transaction.set_rollback(True)


def test_demo_data_is_valid_and_idempotent(seeded):
    output = seeded
    counts = (MunicipalUnit.objects.count(), Effort.objects.count(), FollowUpNote.objects.count())
    assert counts[0] >= 15 and counts[1] >= 100 and counts[2] >= 150
    assert (
        f"Added {counts[0]} units, {counts[1]} demo efforts, {counts[2]} notes "
        "and 2 reporting requests"
    ) in output
    for effort in Effort.objects.select_related("responsible_unit__municipality"):
        effort.full_clean()
    for note in FollowUpNote.objects.all():
        note.full_clean()

    assert "Added 0 units, 0 demo efforts, 0 notes and 0 reporting requests" in seed()
    assert (
        MunicipalUnit.objects.count(),
        Effort.objects.count(),
        FollowUpNote.objects.count(),
    ) == counts


def test_a_run_on_a_later_day_of_the_year_adds_nothing(seeded, monkeypatch):
    today = timezone.localdate()
    later = min(today + datetime.timedelta(days=20), datetime.date(today.year, 12, 31))
    monkeypatch.setattr(timezone, "localdate", lambda *args: later)
    efforts, notes = Effort.objects.count(), FollowUpNote.objects.count()

    assert "Added 0 units, 0 demo efforts, 0 notes and 0 reporting requests" in seed()
    assert (Effort.objects.count(), FollowUpNote.objects.count()) == (efforts, notes)


def test_everything_is_written_by_the_demo_officer_through_the_services(seeded):
    efforts = list(Effort.objects.select_related("created_by"))
    assert {effort.created_by.username for effort in efforts} == {USERNAME}
    officer = efforts[0].created_by
    history = Effort.history.filter(history_type="+")
    assert history.count() == len(efforts)
    assert set(history.values_list("history_user", flat=True)) == {officer.pk}
    for model in (EffortGoal, EffortOrganisation, FollowUpNote, MunicipalUnit):
        users = set(model.history.filter(history_type="+").values_list("history_user", flat=True))
        assert users == {officer.pk}, model
    assert set(FollowUpNote.objects.values_list("author", flat=True)) == {officer.pk}


def test_the_goals_obey_the_goal_rules(seeded):
    efforts = Effort.objects.select_related("responsible_unit__municipality").prefetch_related(
        "goals__document"
    )
    served = 0
    for effort in efforts:
        goals = list(effort.goals.all())
        assert goal_errors(effort, goals) == {}, effort.title
        served += bool(goals)
    assert served >= Effort.objects.count() * 0.7
    # Motala's efforts serve Motala's goals; Lekeberg's only the region's, while it was in force.
    assert (
        not EffortGoal.objects.filter(effort__responsible_unit__municipality_id=MOTALA)
        .exclude(goal__document__municipality_id=MOTALA)
        .exists()
    )
    region = PolicyGoal.objects.get(code="RÖ1").document
    for effort in Effort.objects.filter(goal_links__goal__document=region):
        assert effort.start_date <= region.valid_to
        assert effort.end_date is None or effort.end_date >= region.valid_from


def test_the_money_and_the_statuses_follow_the_rules(seeded):
    today = timezone.localdate()
    for effort in Effort.objects.all():
        assert effort.amount_paid <= effort.amount_awarded
        if effort.status == Status.PLANNED:
            assert effort.start_date > today and effort.amount_paid == 0
        elif effort.status == Status.ONGOING:
            assert effort.start_date <= today
            assert effort.end_date is None or effort.end_date >= today
        else:
            assert effort.end_date is not None and effort.end_date < today
        assert all(note.date <= today for note in effort.notes.all())


def test_the_numbers_vary_like_real_ones(seeded):
    motala = Effort.objects.filter(responsible_unit__municipality_id=MOTALA)
    per_year = Counter(motala.values_list("start_date__year", flat=True))
    assert len(per_year) >= 9
    assert len(set(per_year.values())) >= 4  # some years busier than others
    awarded = motala.filter(kind="grant").values_list("amount_awarded", flat=True)
    grants = [float(amount) for amount in awarded]
    assert len(set(grants)) >= len(grants) * 0.5
    assert max(grants) >= 3 * statistics.median(grants)  # a long tail of large awards
    multi_year_iops = [
        e for e in motala.filter(kind="iop") if e.end_date and e.end_date.year > e.start_date.year
    ]
    assert len(multi_year_iops) >= 2
    assert (
        Effort.objects.filter(status=Status.ONGOING, amount_paid__gt=0)
        .exclude(amount_paid__gte=F("amount_awarded"))
        .exists()
    )  # partly paid out
    assert (
        Effort.objects.filter(status=Status.COMPLETED, amount_paid__gt=0)
        .exclude(amount_paid__gte=F("amount_awarded"))
        .exists()
    )  # less paid out than awarded, in the end
    assert len(set(motala.values_list("kind", flat=True))) == len(Effort.Kind.values)
    # The same associations get an operating grant year after year.
    regulars = Counter(
        EffortOrganisation.objects.filter(
            effort__title__startswith="Verksamhetsbidrag"
        ).values_list("organisation", flat=True)
    )
    assert regulars and min(regulars.values()) >= 5


def test_lekebergs_social_enterprise_from_2022_with_notes(seeded):
    enterprise = Organisation.objects.get(org_number=ENTERPRISE_NUMBER)
    assert enterprise.name == "Fjugesta Återbruk ekonomisk förening"
    assert enterprise.work_integrating
    assert enterprise.legal_form_id == "51"
    assert enterprise.home_municipality_id == LEKEBERG
    assert enterprise.founded_year == 2022
    assert enterprise.is_published
    assert enterprise.created_at.year == 2022
    enterprise.full_clean()
    registration = enterprise.submissions.get()
    assert registration.status == Submission.Status.APPROVED
    assert registration.decided_by.username == USERNAME
    efforts = Effort.objects.filter(organisation_links__organisation=enterprise)
    assert min(e.start_date.year for e in efforts) == 2022
    assert {"iop", "advice", "premises", "work_training", "procurement"} <= {
        e.kind for e in efforts
    }
    note_years = set(
        FollowUpNote.objects.filter(effort__in=efforts).values_list("date__year", flat=True)
    )
    assert {2022, 2023, 2024, 2025, 2026} <= note_years
    iop = efforts.get(kind="iop")
    assert iop.start_date == datetime.date(2024, 1, 1)
    assert iop.end_date == datetime.date(2026, 12, 31)
    assert iop.payments.count() == iop.amount_paid / 300000
    # each payment is shown once: as a dated payment, not also as a follow-up note
    assert not FollowUpNote.objects.filter(kind=FollowUpNote.Kind.PAYMENT).exists()


def test_one_unit_has_no_efforts(seeded):
    assert MunicipalUnit.objects.filter(municipality_id=MOTALA, efforts__isnull=True).exists()


def test_lekebergs_initiative_is_answered_from_the_demo_data_and_published(seeded):
    from partnerships import reports
    from partnerships.models import ReportingRequest

    request = ReportingRequest.objects.get(municipality_id=LEKEBERG)
    assert request.instrument == "members_initiative"
    assert request.asked_by == "Centerpartiet i Lekeberg"  # a party, never a person
    version = request.versions.get()
    body = reports.version_body(version.content, "sv")
    first, second = body["questions"]
    assert "fler sociala företag" in first["text"] and first["answer"]
    assert [block["kind"] for block in first["blocks"]] == ["indicator", "goal", "efforts"]
    register = first["blocks"][0]["tables"][0]
    assert register.rows and register.chart
    efforts = {row[0] for row in first["blocks"][2]["tables"][0].rows}
    assert "Informationsträffar om socialt företagande" in efforts
    timeline = second["blocks"][0]["tables"][0]
    titles = [row[2] for row in timeline.rows]
    assert titles[0] == "Startstöd och rådgivning till Fjugesta Återbruk"
    assert "IOP om återbruk och arbetsträning 2024\u20132026" in titles
    assert any(row[1] == "Möte" for row in timeline.rows)  # follow-up notes in it
    assert request.status == "answered"


def test_motalas_annual_follow_up_is_a_draft(seeded, client):
    from django.urls import reverse

    from partnerships.models import ReportingRequest

    request = ReportingRequest.objects.get(municipality_id=MOTALA)
    assert request.instrument == "annual_follow_up"
    assert not request.versions.exists()
    assert request.questions.count() == 3
    url = reverse("partnerships:report-detail", kwargs={"pk": request.pk})
    assert client.get(url).status_code == 404
