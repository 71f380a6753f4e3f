"""Reporting requests and the published reports (``partnerships/urls.py``, the blocks
"# Officers: reporting requests" and "# Public reports").

Every officer reads every request and its live draft; creating is for any officer (for
their own municipalities), editing, answering and publishing for the officers of the
request's municipality. Published reports are public; a request without a published
version has no public page (404)."""

import datetime
import uuid

from tests.access_matrix.rules import NOT_ALLOWED, OFFICER, OWN_MUNICIPALITY, PUBLIC, Case


def own_request(w):
    """A request of the world's own municipality (Lekeberg) with one question, made once."""
    from partnerships.models import Answer, Question, ReportingRequest

    request, created = ReportingRequest.objects.get_or_create(
        title="Matrisens ledamotsinitiativ",
        defaults={
            "instrument": ReportingRequest.Instrument.MEMBERS_INITIATIVE,
            "asked_by": "Centerpartiet",
            "municipality": w.own_municipality,
            "received_on": datetime.date(2026, 1, 10),
            "due_on": datetime.date(2026, 3, 31),
            "diary_number": "KS 2026/1",
        },
    )
    if created:
        question = Question.objects.create(request=request, order=1, text="Hur?")
        Answer.objects.create(question=question)
    return request


def published_request(w):
    """A request of the own municipality with one published version, made once."""
    from partnerships import report_services
    from partnerships.models import ReportVersion

    request = own_request(w)
    if not ReportVersion.objects.filter(request=request).exists():
        report_services.report_publish(
            actor=w.officer_own, request_id=request.pk, idempotency_key=uuid.uuid4()
        )
    return request


def _version(w):
    return {"pk": published_request(w).pk, "number": 1}


CASES = [
    # Public reports
    Case("partnerships:report-list", get=PUBLIC, post=NOT_ALLOWED),
    Case(
        "partnerships:report-detail",
        kwargs=lambda w: {"pk": published_request(w).pk},
        get=PUBLIC,
        post=NOT_ALLOWED,
    ),
    Case("partnerships:report-version", kwargs=_version, get=PUBLIC, post=NOT_ALLOWED),
    Case("partnerships:report-docx", kwargs=_version, get=PUBLIC, post=NOT_ALLOWED),
    Case("partnerships:report-xlsx", kwargs=_version, get=PUBLIC, post=NOT_ALLOWED),
    # Officers: reporting requests
    Case("partnerships:request-list", get=OFFICER, post=NOT_ALLOWED),
    Case("partnerships:request-create", get=OFFICER, post=OFFICER),
    Case(
        "partnerships:request-detail",
        kwargs=lambda w: {"pk": own_request(w).pk},
        get=OFFICER,
        post=NOT_ALLOWED,
    ),
    Case(
        "partnerships:request-edit",
        kwargs=lambda w: {"pk": own_request(w).pk},
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:request-publish",
        kwargs=lambda w: {"pk": own_request(w).pk},
        get=NOT_ALLOWED,
        post=OWN_MUNICIPALITY,
    ),
    Case(
        "partnerships:answer-edit",
        kwargs=lambda w: {
            "pk": own_request(w).pk,
            "question_pk": own_request(w).questions.get(order=1).pk,
        },
        get=OWN_MUNICIPALITY,
        post=OWN_MUNICIPALITY,
    ),
]
