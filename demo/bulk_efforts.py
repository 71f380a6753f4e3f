"""Many efforts fast, for the goal follow-up benchmark (``bench/partnerships.py``).

``seed_bulk_efforts`` makes sure the first ``count`` generated efforts of a seed exist,
spread over the last ``years`` years in Motala's and Lekeberg's units, each with one to
three organisations and goals. They are written with ``bulk_create`` in batches: 50 000
efforts through ``partnerships.services.effort_log`` (a dozen queries each, history rows)
would take an hour. So that they still obey the services' rules, every effort is checked
before it is written with the model's own ``clean()`` (dates, status, paid not above
awarded) and ``services.goal_errors`` (the goal rules), and the database constraints hold
the rest; a generated effort that broke a rule stops the load. No history rows; the log's
version is bumped once at the end, as ``bulk_create`` sends no signals.

Idempotent: the idempotency keys are uuid5 of the seed and the effort's number.
"""

import datetime
import random
import uuid
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from demo.efforts import LEKEBERG, MOTALA
from demo.officer import demo_officer
from demo.partnerships import DEFAULT_SEED, NAMESPACE, ensure_units, usable_goals
from demo.payments import spread
from demo.texts import DataMissing
from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    EffortPayment,
    FollowUpNote,
    PolicyGoal,
)
from partnerships.services import goal_errors
from registry.models import DataVersion, Organisation

DEFAULT_BATCH_SIZE = 2000
TITLES = [
    "Föreningsbidrag",
    "IOP om mötesplats",
    "Reserverad upphandling",
    "Lokal",
    "Startstöd",
    "Kompetensutveckling",
    "Marknadsföring",
    "Arbetsträningsplatser",
    "Nätverksträffar",
    "Övrig samverkan",
]  # fmt: skip  (in the order of Effort.Kind)

Kind = Effort.Kind
Status = Effort.Status
Role = EffortOrganisation.Role

Progress = Callable[[int, int, int], None]  # (checked so far, asked for, added so far)


def key(seed: int, number: int) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, f"bulk/{seed}/{number}")


class RuleBroken(Exception):
    """A generated effort breaks a rule of the effort log: the generator is wrong."""


def seed_bulk_efforts(
    *,
    count: int,
    years: int,
    seed: int = DEFAULT_SEED,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: Progress | None = None,
) -> int:
    """Make sure the first ``count`` bulk efforts of ``seed`` exist; return how many were
    added."""
    officer = demo_officer(municipalities=(MOTALA, LEKEBERG))
    with transaction.atomic():
        units, _ = ensure_units(officer)
    units_by_code: dict[str, list] = {}
    for (code, _name), unit in sorted(units.items()):
        units_by_code.setdefault(code, []).append(unit)
    goals = list(PolicyGoal.objects.select_related("document"))
    organisations = list(
        Organisation.objects.filter(
            publication_state=Organisation.PublicationState.PUBLISHED
        ).values_list("pk", flat=True)[:20000]
    )
    if not organisations:
        raise DataMissing("The register is empty: run seed_demo first.")
    today = timezone.localdate()
    added = 0
    for first in range(0, count, batch_size):
        numbers = range(first, min(first + batch_size, count))
        keys = {number: key(seed, number) for number in numbers}
        existing = set(
            Effort.objects.filter(idempotency_key__in=keys.values()).values_list(
                "idempotency_key", flat=True
            )
        )
        planned = [
            generate(
                random.Random(f"{seed}-{number}"),
                number=number,
                idempotency_key=keys[number],
                today=today,
                first_year=today.year - years + 1,
                units_by_code=units_by_code,
                goals=goals,
                organisations=organisations,
                officer=officer,
            )
            for number in numbers
            if keys[number] not in existing
        ]
        if planned:
            write(planned)
        added += len(planned)
        if progress:
            progress(numbers.stop, count, added)
    if added:
        DataVersion.bump(DataVersion.EFFORT_LOG)  # bulk_create sends no signals
        analyze()
    return added


def generate(
    rng: random.Random,
    *,
    number: int,
    idempotency_key: uuid.UUID,
    today: datetime.date,
    first_year: int,
    units_by_code: dict,
    goals: list[PolicyGoal],
    organisations: list[int],
    officer,
) -> tuple[Effort, list[PolicyGoal], list[tuple[int, str]]]:
    """One effort, checked against the rules, with its goals and organisation links."""
    code = MOTALA if rng.random() < 0.8 else LEKEBERG
    year = rng.randint(first_year, today.year)
    start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    if start > today:
        start = datetime.date(year, 1, rng.randint(1, min(28, today.day)))
    length = rng.choice([None, 90, 180, 365, 365, 730])
    end = start + datetime.timedelta(days=length) if length else None
    if end and end < today:
        status = Status.COMPLETED
    else:
        status = Status.ONGOING if rng.random() < 0.9 else Status.PLANNED
    awarded = Decimal(rng.randint(0, 400) * 2500)
    paid = awarded if status == Status.COMPLETED else awarded * rng.randint(0, 10) / 10
    kind = rng.choice(Kind.values)
    effort = Effort(
        title=f"{TITLES[Kind.values.index(kind)]} {year} nr {number}",
        kind=kind,
        status=status,
        responsible_unit=rng.choice(units_by_code[code]),
        start_date=start,
        end_date=end,
        amount_applied=awarded,
        amount_awarded=awarded,
        amount_paid=paid.quantize(Decimal("0.01")),
        in_kind_value=Decimal(rng.randint(0, 20) * 1000),
        work_training_people=rng.randint(0, 8) if kind == Kind.WORK_TRAINING else None,
        participants=rng.randint(0, 100) if rng.random() < 0.3 else None,
        new_enterprises=rng.randint(0, 2) if kind == Kind.ADVICE else None,
        is_public=rng.random() < 0.7,
        idempotency_key=idempotency_key,
        created_by=officer,
    )
    offered = list(usable_goals(goals, effort.responsible_unit.municipality, start, end).values())
    chosen = rng.sample(offered, min(len(offered), rng.randint(1, 3))) if offered else []
    linked = rng.sample(organisations, min(len(organisations), rng.randint(1, 3)))
    roles = [rng.choice(Role.values) for _ in linked]
    effort.clean()
    errors = goal_errors(effort, chosen)
    if errors:
        raise RuleBroken(f"effort {number}: {errors}")
    return effort, chosen, list(zip(linked, roles, strict=True))


def write(planned: list[tuple[Effort, list[PolicyGoal], list[tuple[int, str]]]]) -> None:
    with transaction.atomic():
        Effort.objects.bulk_create([effort for effort, _goals, _orgs in planned])
        EffortGoal.objects.bulk_create(
            EffortGoal(effort_id=effort.pk, goal_id=goal.pk)
            for effort, goals, _orgs in planned
            for goal in goals
        )
        EffortOrganisation.objects.bulk_create(
            EffortOrganisation(effort_id=effort.pk, organisation_id=org, role=role)
            for effort, _goals, orgs in planned
            for org, role in orgs
        )
        today = timezone.localdate()
        EffortPayment.objects.bulk_create(
            EffortPayment(effort_id=effort.pk, date=day, amount=amount)
            for effort, _goals, _orgs in planned
            for day, amount in spread(effort.amount_paid, effort.start_date, effort.end_date, today)
        )


def analyze() -> None:
    models = (Effort, EffortGoal, EffortOrganisation, EffortPayment, FollowUpNote)
    tables = [m._meta.db_table for m in models]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
