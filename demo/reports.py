"""The demo's reporting requests, written through the report services by the demo
officer (``demo/data/reports.toml``): Lekeberg's member's initiative, its two questions
answered from the demo effort log (the 2022 enterprise's cooperation included) and
published; Motala's annual follow-up of its policy, in draft.

Idempotent: a request's key and its publication's key derive from its slug (uuid5); a
request already there is left as it is, so running again adds nothing.
"""

import uuid

from django.utils import timezone

from demo.texts import DataMissing, load
from partnerships import report_services
from partnerships.models import PolicyGoal, ReportingRequest
from registry import orgnr
from registry.models import Municipality, Organisation

NAMESPACE = uuid.UUID("5d0f7e0c-3a8e-4c55-a1f3-0c9b6a7e2d41")


def key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


def _year(value) -> int:
    return timezone.localdate().year if value == "now" else int(value)


def _enterprise() -> Organisation:
    nine = load("partnerships")["enterprise"]["org_number"]
    number = f"{nine[:6]}-{nine[6:]}{orgnr.luhn_check_digit(nine)}"
    enterprise = Organisation.objects.filter(org_number=number).first()
    if enterprise is None:
        raise DataMissing("The demo enterprise is missing: run seed_partnerships_demo.")
    return enterprise


def _goal(municipality: Municipality, code: str) -> PolicyGoal:
    return PolicyGoal.objects.for_municipality(municipality.code, municipality.county_id).get(
        code=code
    )


def _params(block: dict, municipality: Municipality) -> dict:
    kind = block["kind"]
    if kind == "indicator":
        return {
            "indicator": block["indicator"],
            "municipality": None,
            "first_year": _year(block["first_year"]),
            "last_year": _year(block["last_year"]),
        }
    if kind == "goal":
        return {
            "goal": _goal(municipality, block["goal"]).pk,
            "first_year": _year(block["first_year"]),
            "last_year": _year(block["last_year"]),
        }
    if kind == "timeline":
        return {"organisation": _enterprise().pk}
    filters = dict(block.get("filter", {}))
    if "goal" in filters:
        filters["goal"] = str(_goal(municipality, filters["goal"]).pk)
    return {"filter": filters}


def seed_reports_demo(*, officer) -> int:
    """The demo's requests; how many were added."""
    added = 0
    for plan in load("reports")["request"]:
        municipality = Municipality.objects.get(code=plan["municipality"])
        request, created = report_services.request_create(
            actor=officer,
            idempotency_key=key("request", plan["slug"]),
            fields={
                "title": plan["title"],
                "instrument": plan["instrument"],
                "asked_by": plan["asked_by"],
                "municipality": municipality,
                "received_on": plan["received_on"],
                "due_on": plan["due_on"],
                "diary_number": plan["diary_number"],
                "status": ReportingRequest.Status.IN_PROGRESS,
                "responsible_officer": officer,
            },
            questions=[question["text"] for question in plan["question"]],
        )
        if not created:
            continue
        added += 1
        for question, wanted in zip(
            request.questions.order_by("order"), plan["question"], strict=True
        ):
            answer = question.answer
            if wanted["answer"]:
                report_services.answer_save(
                    actor=officer,
                    answer_id=answer.pk,
                    version=answer.version,
                    question_text=question.text,
                    text=wanted["answer"],
                )
            for block in wanted.get("block", []):
                report_services.block_add(
                    actor=officer,
                    answer_id=answer.pk,
                    kind=block["kind"],
                    params=_params(block, municipality),
                )
        if plan["publish"]:
            report_services.report_publish(
                actor=officer, request_id=request.pk, idempotency_key=key("publish", plan["slug"])
            )
    return added
