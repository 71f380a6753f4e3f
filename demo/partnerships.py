"""Writing the demo effort log through the partnerships services.

``seed_partnerships_demo`` adds, for Motala (0583) and Lekeberg (1814):

- their municipal units (``unit_save``), one of which deliberately never gets an effort,
  so the units' contribution page has something to point at (Motala's goal 7);
- the work-integrating social enterprise Lekeberg started in 2022, registered and
  approved through the register's services like any organisation (if it is not there);
- the efforts of ``demo.efforts`` (``effort_log``) with their follow-up notes
  (``note_add``), with organisations from the register (those working in the
  municipality, as ``seed_demo`` makes them);
- the reporting requests of ``demo.reports``: Lekeberg's member's initiative answered
  from these efforts and published, Motala's annual follow-up in draft.

Everything is written by the demo officer, so the services' rules apply as to a person:
permissions, goal rules (a goal is offered only when its document applies and was in
force, as the form offers it, and ``effort_log`` checks again), money rules, history
rows with the officer as the user. Idempotent: every effort and note has an idempotency
key derived from its slug (uuid5), and an effort already there is left as it is, its
notes included, so running again adds nothing (in a later year, that year's efforts).
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.test import override_settings
from django.utils import timezone

from demo.efforts import LEKEBERG, MOTALA, EffortPlan, Planner
from demo.officer import demo_officer
from demo.payments import spread
from demo.register import NO_MAIL, confirm_email
from demo.reports import seed_reports_demo
from demo.texts import DataMissing, load
from partnerships import services
from partnerships.models import Effort, MunicipalUnit, PolicyGoal
from registry import orgnr
from registry import services as registry_services
from registry.models import ActivityArea, GlobalGoal, Municipality, OfferCategory, Organisation

NAMESPACE = uuid.UUID("0b1f4bde-6d55-4c2a-9a55-5ea1c0a5e083")
DEFAULT_SEED = 20220101


def key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


@dataclass
class DemoResult:
    units: int
    efforts: int
    notes: int
    reports: int = 0


def seed_partnerships_demo(*, seed: int = DEFAULT_SEED) -> DemoResult:
    """Units, the Lekeberg enterprise, and believable efforts with notes. Idempotent."""
    if Municipality.objects.filter(code__in=[MOTALA, LEKEBERG]).count() != 2:
        raise DataMissing("Reference data is missing: run migrate first.")
    result = DemoResult(units=0, efforts=0, notes=0)
    # One transaction: the follow-up figures are computed again once, after it commits.
    with override_settings(MAILERS=NO_MAIL), transaction.atomic():
        officer = demo_officer(municipalities=(MOTALA, LEKEBERG))
        units, result.units = ensure_units(officer)
        enterprise = ensure_enterprise(officer)
        planner = Planner(
            seed=seed,
            today=timezone.localdate(),
            enterprise=enterprise,
            organisations={code: working_in(code) for code in (MOTALA, LEKEBERG)},
        )
        goals = list(PolicyGoal.objects.select_related("document"))
        for plan in planner.plan():
            efforts, notes = log(plan, officer=officer, units=units, goals=goals)
            result.efforts += efforts
            result.notes += notes
        # The reporting requests answered from these efforts (demo/reports.py).
        result.reports = seed_reports_demo(officer=officer)
    return result


def ensure_units(officer) -> tuple[dict[tuple[str, str], MunicipalUnit], int]:
    """The demo's units by (municipality, name), and how many were added."""
    created = 0
    for code, rows in load("partnerships")["units"].items():
        for name, kind in rows:
            if not MunicipalUnit.objects.filter(municipality_id=code, name=name).exists():
                unit = MunicipalUnit(municipality_id=code, name=name, kind=kind)
                services.unit_save(actor=officer, unit=unit)
                created += 1
    units = {
        (unit.municipality_id, unit.name): unit
        for unit in MunicipalUnit.objects.filter(
            municipality_id__in=[MOTALA, LEKEBERG]
        ).select_related("municipality")
    }
    return units, created


def ensure_enterprise(officer) -> Organisation:
    """The work-integrating social enterprise in Lekeberg started in 2022, registered,
    confirmed and approved as any organisation is."""
    data = load("partnerships")["enterprise"]
    nine = data["org_number"]
    number = f"{nine[:6]}-{nine[6:]}{orgnr.luhn_check_digit(nine)}"
    existing = Organisation.objects.filter(org_number=number).first()
    if existing:
        return existing
    registered = datetime.datetime.combine(
        data["registered_on"], datetime.time(10), tzinfo=timezone.get_current_timezone()
    )
    fields = [
        "name",
        "kind",
        "work_integrating",
        "founded_year",
        "presentation",
        "description",
        "street_address",
        "city",
        "postal_code",
        "email",
        "employees",
        "people_in_work_integration",
        "offers",
        "sells_to_public_sector",
        "sells_to_business",
    ]
    organisation = Organisation(
        org_number=number,
        legal_form_id=data["legal_form"],
        home_municipality_id=data["home_municipality"],
        created_at=registered,
        **{name: data[name] for name in fields},
    )
    m2m = {
        "activity_areas": list(ActivityArea.objects.filter(slug__in=data["activity_areas"])),
        "global_goals": list(GlobalGoal.objects.filter(number__in=data["global_goals"])),
        "municipalities": [Municipality.objects.get(code=data["home_municipality"])],
        "offer_categories": list(OfferCategory.objects.filter(slug__in=data["offer_categories"])),
    }
    submission = registry_services.registration_submit(
        organisation=organisation,
        m2m=m2m,
        contacts=[registry_services.ContactData(**data["contact"])],
        submission_key=key("enterprise", number),
        language="sv",
    ).submission
    confirm_email(submission)
    registry_services.submission_approve(submission_id=submission.pk, officer=officer)
    verified = timezone.localdate() - datetime.timedelta(days=data["verified_days_ago"])
    Organisation.objects.filter(pk=organisation.pk).update(
        created_at=registered, last_verified_on=verified
    )
    return Organisation.objects.get(pk=organisation.pk)


def working_in(code: str) -> list[Organisation]:
    """Published organisations at home or working in the municipality, oldest first."""
    operates = Organisation.municipalities.through.objects.filter(
        organisation_id=OuterRef("pk"), municipality_id=code
    )
    return list(
        Organisation.objects.filter(
            Q(home_municipality_id=code) | Exists(operates),
            publication_state=Organisation.PublicationState.PUBLISHED,
        )
        .order_by("id")
        .prefetch_related("activity_areas")[:80]
    )


def usable_goals(
    goals: list[PolicyGoal], municipality: Municipality, start: datetime.date, end
) -> dict[str, PolicyGoal]:
    """The goals an officer is offered for an effort (the rules of
    ``services.goal_errors``): of a document that applies to the municipality and is in
    force during the effort, not retired before it starts. By code."""
    return {
        goal.code: goal
        for goal in goals
        if goal.document.applies_to(municipality)
        and goal.document.in_force_during(start, end)
        and not goal.is_retired_on(start)
    }


def log(plan: EffortPlan, *, officer, units: dict, goals: list[PolicyGoal]) -> tuple[int, int]:
    """Log one planned effort and its notes, unless it is there already."""
    effort_key = key("effort", plan.slug)
    if Effort.objects.filter(idempotency_key=effort_key).exists():
        return 0, 0
    unit = units[(plan.municipality, plan.unit)]
    fields = dict(plan.fields)
    paid = fields.pop("amount_paid", Decimal(0))
    payments = [(day, amount) for day, amount in plan.payments if amount > 0]
    if sum((amount for _, amount in payments), Decimal(0)) != paid:
        payments = spread(paid, fields["start_date"], fields["end_date"], timezone.localdate())
    offered = usable_goals(goals, unit.municipality, fields["start_date"], fields["end_date"])
    result = services.effort_log(
        actor=officer,
        idempotency_key=effort_key,
        fields={**fields, "responsible_unit": unit},
        goals=[
            services.GoalLink(goal=offered[code], note=note)
            for code, note in plan.goals
            if code in offered
        ],
        organisations=[
            services.OrganisationLink(organisation=organisation, role=role)
            for organisation, role in plan.organisations
        ],
        payments=[services.PaymentLine(day, amount) for day, amount in payments],
    )
    notes = 0
    for number, note in enumerate(plan.notes):
        added = services.note_add(
            actor=officer,
            effort=result.effort,
            idempotency_key=key("note", plan.slug, number),
            date=note.date,
            kind=note.kind,
            text=note.text,
        )
        notes += added.created
    return int(result.created), notes
