"""Writes to the effort log and its reference data.

Every function takes keyword-only arguments, checks that the actor may write for the
municipality (``registry.access``), validates with ``full_clean()`` and the goal
rules below, and writes inside ``transaction.atomic``. The actor is recorded in the
history tables (django-simple-history) of every row it touches.

- A repeated idempotency key (double click, back and resubmit) returns what the first
  submission created and creates nothing.
- Optimistic locking: an edit names the ``version`` it started from; when someone else
  saved in between, ``EditConflict`` is raised and nothing is written (unless the other
  save already holds exactly what was submitted, as after a double click).
"""

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    EffortPayment,
    FollowUpNote,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)
from registry.access import NOT_YOUR_MUNICIPALITY, can_edit_document, require_edit_in
from registry.idempotency import create_once
from registry.locking import EditConflict, save_version
from registry.models import Organisation

# The fields of an effort that officers set (the rest are kept by the services).
EFFORT_FIELDS = [
    "title",
    "kind",
    "status",
    "responsible_unit",
    "responsible_officer",
    "start_date",
    "end_date",
    "amount_applied",
    "amount_awarded",
    "in_kind_value",
    "decision_diary_number",
    "decision_date",
    "decision_body",
    "description",
    "purpose",
    "work_training_people",
    "participants",
    "new_enterprises",
    "outcome_notes",
    "is_public",
]


@dataclass(frozen=True)
class GoalLink:
    goal: PolicyGoal
    note: str = ""


@dataclass(frozen=True)
class OrganisationLink:
    organisation: Organisation
    role: str


@dataclass(frozen=True)
class PaymentLine:
    """A payment as the officer gives it: the day paid, the amount in SEK, a note."""

    date: datetime.date
    amount: Decimal
    note: str = ""

    @property
    def key(self) -> tuple:
        return (self.date, Decimal(self.amount), self.note)


@dataclass(frozen=True)
class EffortResult:
    effort: Effort
    created: bool


@dataclass(frozen=True)
class NoteResult:
    note: FollowUpNote
    created: bool


def _date(value: datetime.date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else ""


# --- Rules ------------------------------------------------------------------------------


def goal_errors(effort: Effort, goals: Iterable[PolicyGoal]) -> dict[str, str]:
    """Why each goal cannot be linked to the effort, keyed ``goal_<pk>``; empty if all can.

    A goal can be linked when its document applies to the effort's municipality (the
    municipality's own, or its region's), the document was in force on some day of the
    effort's period, and the goal was not retired before the effort started.
    """
    if not effort.start_date or not effort.responsible_unit_id:
        return {}
    municipality = effort.responsible_unit.municipality
    errors = {}
    for goal in goals:
        document = goal.document
        if not document.applies_to(municipality):
            errors[f"goal_{goal.pk}"] = _(
                "Goal %(goal)s belongs to “%(document)s” of %(owner)s, which does not apply "
                "to %(municipality)s. Choose goals of %(municipality)s's own documents or "
                "its region's."
            ) % {
                "goal": goal.code,
                "document": document.title,
                "owner": document.owner_name,
                "municipality": municipality.name,
            }
        elif not document.in_force_during(effort.start_date, effort.end_date):
            errors[f"goal_{goal.pk}"] = _(
                "Goal %(goal)s belongs to “%(document)s”, which is in force %(validity)s, "
                "but the effort runs %(period)s. An effort can only serve goals of a document "
                "in force during the effort."
            ) % {
                "goal": goal.code,
                "document": document.title,
                "validity": document.validity_display,
                "period": effort.period_display,
            }
        elif goal.is_retired_on(effort.start_date):
            errors[f"goal_{goal.pk}"] = _(
                "Goal %(goal)s was retired on %(date)s, before the effort started."
            ) % {"goal": goal.code, "date": _date(goal.retired_on)}
    return errors


def payment_errors(awarded: Decimal | None, payments: Iterable[PaymentLine]) -> list[str]:
    """Why the payments cannot be saved with an effort awarded ``awarded``; empty if they
    can. Each payment is more than 0 kronor (the field and the database check it), and
    together they are never more than awarded."""
    total = sum((Decimal(p.amount) for p in payments), Decimal("0.00"))
    if awarded is not None and total > awarded:
        return [
            _(
                "The payments add up to %(paid)s kronor, more than the %(awarded)s awarded. "
                "If the award was raised, record the new amount awarded too."
            )
            % {
                "paid": formats.number_format(total, 2, use_l10n=True, force_grouping=True),
                "awarded": formats.number_format(awarded, 2, use_l10n=True, force_grouping=True),
            }
        ]
    return []


def _validate_links(
    effort: Effort, goals: list[GoalLink], organisations: list[OrganisationLink]
) -> None:
    errors: dict[str, list] = {}
    goal_ids = [link.goal.pk for link in goals]
    if len(goal_ids) != len(set(goal_ids)):
        errors.setdefault("goals", []).append(_("A goal is chosen twice."))
    for key, message in goal_errors(effort, [link.goal for link in goals]).items():
        errors.setdefault(key, []).append(message)
    org_ids = [link.organisation.pk for link in organisations]
    if len(org_ids) != len(set(org_ids)):
        errors.setdefault("organisations", []).append(
            _("An organisation is listed twice. List each organisation once, with one role.")
        )
    for link in goals:
        if len(link.note) > EffortGoal._meta.get_field("note").max_length:
            errors.setdefault(f"goal_{link.goal.pk}", []).append(_("The note is too long."))
    roles = EffortOrganisation.Role.values
    if any(link.role not in roles for link in organisations):
        errors.setdefault("organisations", []).append(_("Choose a role for each organisation."))
    if errors:
        raise ValidationError(errors)


def _check_unit(effort: Effort, *, previous_unit_id: int | None) -> None:
    unit = effort.responsible_unit
    if not unit.is_active and unit.pk != previous_unit_id:
        raise ValidationError(
            {
                "responsible_unit": _("%(unit)s is no longer active and cannot take new efforts.")
                % {"unit": unit.name}
            }
        )


# --- Efforts ----------------------------------------------------------------------------


def _sync_goals(effort: Effort, goals: list[GoalLink], actor) -> bool:
    existing = {link.goal_id: link for link in EffortGoal.objects.filter(effort=effort)}
    wanted = {link.goal.pk: link for link in goals}
    changed = False
    for goal_id, link in existing.items():
        if goal_id not in wanted:
            link._history_user = actor
            link.delete()
            changed = True
    for goal_id, wanted_link in wanted.items():
        link = existing.get(goal_id)
        if link is None:
            link = EffortGoal(effort=effort, goal=wanted_link.goal, note=wanted_link.note)
        elif link.note == wanted_link.note:
            continue
        else:
            link.note = wanted_link.note
        link.full_clean(exclude=["effort"], validate_unique=False)
        link._history_user = actor
        link.save()
        changed = True
    return changed


def _sync_organisations(effort: Effort, organisations: list[OrganisationLink], actor) -> bool:
    existing = {
        link.organisation_id: link for link in EffortOrganisation.objects.filter(effort=effort)
    }
    wanted = {link.organisation.pk: link for link in organisations}
    changed = False
    for organisation_id, link in existing.items():
        if organisation_id not in wanted:
            link._history_user = actor
            link.delete()
            changed = True
    for organisation_id, wanted_link in wanted.items():
        link = existing.get(organisation_id)
        if link is None:
            link = EffortOrganisation(
                effort=effort, organisation=wanted_link.organisation, role=wanted_link.role
            )
        elif link.role == wanted_link.role:
            continue
        else:
            link.role = wanted_link.role
        link.full_clean(exclude=["effort"], validate_unique=False)
        link._history_user = actor
        link.save()
        changed = True
    return changed


def _sync_payments(effort: Effort, payments: list[PaymentLine], actor) -> bool:
    """Make the effort's payments those given (a payment the same in date, amount and
    note is kept), and ``amount_paid`` their sum. The effort is saved by the caller."""
    wanted = [line.key for line in payments]
    changed = False
    for payment in EffortPayment.objects.filter(effort=effort).order_by("id"):
        key = (payment.date, payment.amount, payment.note)
        if key in wanted:
            wanted.remove(key)
            continue
        payment._history_user = actor
        payment.delete()
        changed = True
    for day, amount, note in wanted:
        payment = EffortPayment(effort=effort, date=day, amount=amount, note=note)
        payment.full_clean(exclude=["effort"])
        payment._history_user = actor
        payment.save()
        changed = True
    return changed


def _paid(payments: list[PaymentLine]) -> Decimal:
    return sum((Decimal(p.amount) for p in payments), Decimal("0.00"))


def _check_payments(effort: Effort, payments: list[PaymentLine]) -> None:
    messages = payment_errors(effort.amount_awarded, payments)
    if messages:
        raise ValidationError({"payments": messages})


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(EFFORT_FIELDS)
    if unknown:
        raise TypeError(f"not effort fields: {sorted(unknown)}")


def effort_log(
    *,
    actor,
    idempotency_key: uuid.UUID,
    fields: dict,
    goals: list[GoalLink],
    organisations: list[OrganisationLink],
    payments: list[PaymentLine] = (),
) -> EffortResult:
    """Log a new effort with its goals, organisations and payments."""
    _check_fields(fields)
    payments = list(payments)

    def create() -> Effort:
        effort = Effort(
            **fields, amount_paid=_paid(payments), idempotency_key=idempotency_key, created_by=actor
        )
        if effort.responsible_unit_id:
            require_edit_in(actor, effort.responsible_unit.municipality_id)
            _check_unit(effort, previous_unit_id=None)
        _check_payments(effort, payments)
        effort.full_clean(validate_unique=False)
        _validate_links(effort, goals, organisations)
        effort._history_user = actor
        effort.save()
        _sync_goals(effort, goals, actor)
        _sync_organisations(effort, organisations, actor)
        _sync_payments(effort, payments, actor)
        return effort

    effort, created = create_once(
        Effort, key_field="idempotency_key", key=idempotency_key, create=create
    )
    return EffortResult(effort, created=created)


def _same_state(effort: Effort, fields: dict, goals, organisations, payments) -> bool:
    for name, value in fields.items():
        current = getattr(effort, name)
        if isinstance(current, Decimal) and value is not None:
            if current != Decimal(value):
                return False
        elif current != value:
            return False
    current_goals = dict(EffortGoal.objects.filter(effort=effort).values_list("goal_id", "note"))
    if current_goals != {link.goal.pk: link.note for link in goals}:
        return False
    current_orgs = dict(
        EffortOrganisation.objects.filter(effort=effort).values_list("organisation_id", "role")
    )
    if current_orgs != {link.organisation.pk: link.role for link in organisations}:
        return False
    if payments is None:
        return True
    current_payments = sorted(
        EffortPayment.objects.filter(effort=effort).values_list("date", "amount", "note")
    )
    return current_payments == sorted(line.key for line in payments)


@transaction.atomic
def effort_update(
    *,
    actor,
    effort_id: int,
    version: int,
    fields: dict,
    goals: list[GoalLink],
    organisations: list[OrganisationLink],
    payments: list[PaymentLine] | None = None,
) -> Effort:
    """Save an edit made from ``version``. Raises ``EditConflict`` if it is stale.
    ``payments`` None leaves the payments as they are."""
    _check_fields(fields)
    effort = (
        Effort.objects.select_for_update(of=("self",))
        .select_related("responsible_unit")
        .get(pk=effort_id)
    )
    require_edit_in(actor, effort.responsible_unit.municipality_id)
    if effort.version != version:
        if _same_state(effort, fields, goals, organisations, payments):
            return effort  # the same edit arrived twice (double click)
        raise EditConflict(effort)
    if _same_state(effort, fields, goals, organisations, payments):
        return effort  # nothing to save
    previous_unit_id = effort.responsible_unit_id
    for name, value in fields.items():
        setattr(effort, name, value)
    if effort.responsible_unit_id != previous_unit_id:
        require_edit_in(actor, effort.responsible_unit.municipality_id)
    _check_unit(effort, previous_unit_id=previous_unit_id)
    if payments is not None:
        payments = list(payments)
        effort.amount_paid = _paid(payments)
        _check_payments(effort, payments)
    effort.full_clean(validate_unique=False)
    _validate_links(effort, goals, organisations)
    # The version check again, in the database: no other save can slip in between.
    save_version(effort, started_from=version)
    effort._history_user = actor
    effort.save()
    _sync_goals(effort, goals, actor)
    _sync_organisations(effort, organisations, actor)
    if payments is not None:
        _sync_payments(effort, payments, actor)
    return effort


# --- Follow-up notes -----------------------------------------------------------------------


def note_add(
    *,
    actor,
    effort: Effort,
    idempotency_key: uuid.UUID,
    date: datetime.date,
    kind: str,
    text: str,
) -> NoteResult:
    """Write a dated follow-up note on an effort."""

    def create() -> FollowUpNote:
        require_edit_in(actor, effort.responsible_unit.municipality_id)
        note = FollowUpNote(
            effort=effort,
            date=date,
            kind=kind,
            text=text,
            author=actor,
            idempotency_key=idempotency_key,
        )
        note.full_clean(validate_unique=False)
        note._history_user = actor
        note.save()
        return note

    note, created = create_once(
        FollowUpNote, key_field="idempotency_key", key=idempotency_key, create=create
    )
    return NoteResult(note, created=created)


@transaction.atomic
def note_update(
    *,
    actor,
    note_id: int,
    version: int,
    date: datetime.date,
    kind: str,
    text: str,
) -> FollowUpNote:
    """Save an edit of a note made from ``version``; ``EditConflict`` if it is stale."""
    note = (
        FollowUpNote.objects.select_for_update(of=("self",))
        .select_related("effort__responsible_unit")
        .get(pk=note_id)
    )
    require_edit_in(actor, note.effort.responsible_unit.municipality_id)
    unchanged = (note.date, note.kind, note.text) == (date, kind, text)
    if unchanged:
        return note
    if note.version != version:
        raise EditConflict(note)
    note.date, note.kind, note.text = date, kind, text
    note.full_clean(validate_unique=False)
    save_version(note, started_from=version)
    note._history_user = actor
    note.save()
    return note


# --- Reference data ------------------------------------------------------------------------


@transaction.atomic
def unit_save(*, actor, unit: MunicipalUnit) -> MunicipalUnit:
    """Create or update a municipal unit of one of the actor's municipalities. A unit
    keeps its municipality: its efforts belong to that municipality."""
    if unit.pk:
        original = MunicipalUnit.objects.select_for_update().get(pk=unit.pk)
        require_edit_in(actor, original.municipality_id)
        if unit.municipality_id != original.municipality_id:
            raise ValidationError(
                {"municipality": _("A unit cannot move to another municipality.")}
            )
    require_edit_in(actor, unit.municipality_id)
    unit.full_clean()
    unit._history_user = actor
    unit.save()
    return unit


def _require_document_editor(actor, document: PolicyDocument) -> None:
    from django.core.exceptions import PermissionDenied

    if not can_edit_document(actor, document):
        raise PermissionDenied(NOT_YOUR_MUNICIPALITY)


@transaction.atomic
def document_save(*, actor, document: PolicyDocument) -> PolicyDocument:
    """Create or update a policy document of the actor's municipality or region.

    A document's validity can only change so far that the efforts already linked to its
    goals stay within it."""
    if document.pk:
        _require_document_editor(actor, PolicyDocument.objects.get(pk=document.pk))
    _require_document_editor(actor, document)
    document.full_clean()
    if document.pk:
        in_force = Q(end_date__isnull=True) | Q(end_date__gte=document.valid_from)
        if document.valid_to:
            in_force &= Q(start_date__lte=document.valid_to)
        if document.municipality_id:
            applies = Q(responsible_unit__municipality_id=document.municipality_id)
        else:
            applies = Q(responsible_unit__municipality__county_id=document.county_id)
        outside = (
            Effort.objects.filter(goal_links__goal__document=document)
            .exclude(in_force & applies)
            .order_by("start_date", "id")
            .distinct()
        )
        count = outside.count()
        if count:
            raise ValidationError(
                ngettext(
                    "%(count)s logged effort, “%(title)s”, serves goals of this document "
                    "and would fall outside it. Change that effort first.",
                    "%(count)s logged efforts, for example “%(title)s”, serve goals of this "
                    "document and would fall outside it. Change those efforts first.",
                    count,
                )
                % {"count": count, "title": outside.first().title}
            )
    document._history_user = actor
    document.save()
    return document


@transaction.atomic
def goal_save(*, actor, goal: PolicyGoal) -> PolicyGoal:
    """Create or update a goal of a document the actor may edit."""
    if goal.pk:
        original = PolicyGoal.objects.select_related("document").get(pk=goal.pk)
        _require_document_editor(actor, original.document)
        if original.document_id != goal.document_id:
            raise ValidationError({"document": _("A goal cannot move to another document.")})
    _require_document_editor(actor, goal.document)
    goal.full_clean()
    if goal.pk and goal.retired_on:
        later = Effort.objects.filter(goal_links__goal=goal, start_date__gte=goal.retired_on)
        count = later.count()
        if count:
            raise ValidationError(
                {
                    "retired_on": ngettext(
                        "%(count)s effort that started on or after this date serves the goal. "
                        "Retire the goal later, or change that effort first.",
                        "%(count)s efforts that started on or after this date serve the goal. "
                        "Retire the goal later, or change those efforts first.",
                        count,
                    )
                    % {"count": count}
                }
            )
    goal._history_user = actor
    goal.save()
    return goal
