"""A reporting request of Lekeberg answered with every kind of block but an indicator:
the fixture the report tests share (``report_world``, through the package's conftest)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import transaction

from partnerships import report_services
from partnerships.models import AnswerBlock, FollowUpNote, ReportingRequest
from tests.factories import OrganisationFactory
from tests.partnerships.factories import (
    EffortFactory,
    FollowUpNoteFactory,
    MunicipalUnitFactory,
    PolicyDocumentFactory,
    PolicyGoalFactory,
)


@pytest.fixture
def report_world(lekeberg, lekeberg_unit, lekeberg_officer):
    """Lekeberg's initiative: two questions, the first answered with a goal's follow-up
    and a list of IOP efforts, the second with the enterprise's cooperation timeline.
    In one transaction: an effort's paid-out total is checked against its payments at
    commit, and browser tests run without a transaction around them."""
    with transaction.atomic():
        return _report_world(lekeberg, lekeberg_unit, lekeberg_officer)


def _report_world(lekeberg, lekeberg_unit, lekeberg_officer):
    enterprise = OrganisationFactory(name="Lekebergs Arbetsintegrerande Kooperativ")
    document = PolicyDocumentFactory(municipality=lekeberg, title="Lekebergs policy")
    goal = PolicyGoalFactory(document=document, code="L1", name_sv="Fler sociala företag")
    iop = EffortFactory(
        title="IOP med kooperativet",
        kind="iop",
        responsible_unit=lekeberg_unit,
        start_date=datetime.date(2022, 9, 1),
        amount_awarded=Decimal("450000.00"),
        amount_paid=Decimal("150000.00"),
        work_training_people=6,
        organisations=[(enterprise, "partner")],
        goals=[goal],
    )
    advice = EffortFactory(
        title="Startstöd till kooperativet",
        kind="advice",
        responsible_unit=lekeberg_unit,
        start_date=datetime.date(2022, 3, 1),
        end_date=datetime.date(2022, 6, 30),
        status="completed",
        amount_awarded=Decimal("25000.00"),
        amount_paid=Decimal("25000.00"),
        new_enterprises=1,
        organisations=[(enterprise, "recipient")],
        goals=[goal],
    )
    FollowUpNoteFactory(
        effort=iop,
        date=datetime.date(2023, 2, 1),
        kind=FollowUpNote.Kind.REVIEW,
        text="Årlig uppföljning.",
    )
    # An effort of another municipality, never in Lekeberg's report.
    EffortFactory(
        title="Motalas insats",
        responsible_unit=MunicipalUnitFactory(),
        organisations=[(enterprise, "partner")],
    )
    request, _created = report_services.request_create(
        actor=lekeberg_officer,
        idempotency_key=uuid.uuid4(),
        fields={
            "title": "Ledamotsinitiativ \u2013 Sociala företag",
            "instrument": ReportingRequest.Instrument.MEMBERS_INITIATIVE,
            "asked_by": "Centerpartiet",
            "municipality": lekeberg,
            "received_on": datetime.date(2026, 3, 2),
            "due_on": datetime.date(2026, 6, 1),
            "diary_number": "KS 2026/45",
            "status": ReportingRequest.Status.RECEIVED,
            "responsible_officer": lekeberg_officer,
        },
        questions=[
            "Hur arbetar kommunen för att få fler sociala företag?",
            "Hur sker samarbetet med det sociala företag som startade 2022?",
        ],
    )
    first, second = request.questions.order_by("order")
    report_services.answer_save(
        actor=lekeberg_officer,
        answer_id=first.answer.pk,
        version=first.answer.version,
        question_text=first.text,
        text="Kommunen ger startstöd.\n\nOch rådgivning.",
    )
    for kind, params in [
        (AnswerBlock.Kind.GOAL, {"goal": goal.pk, "first_year": 2022, "last_year": 2023}),
        (AnswerBlock.Kind.EFFORTS, {"filter": {"kind": "iop"}}),
    ]:
        report_services.block_add(
            actor=lekeberg_officer, answer_id=first.answer.pk, kind=kind, params=params
        )
    report_services.block_add(
        actor=lekeberg_officer,
        answer_id=second.answer.pk,
        kind=AnswerBlock.Kind.TIMELINE,
        params={"organisation": enterprise.pk},
    )
    request.refresh_from_db()
    return {
        "request": request,
        "enterprise": enterprise,
        "goal": goal,
        "iop": iop,
        "advice": advice,
        "officer": lekeberg_officer,
        "questions": (first, second),
    }
