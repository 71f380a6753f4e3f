"""Reads of the effort log: every queryset the pages use is built here, with the
``select_related`` / ``prefetch_related`` it needs. Report figures are in ``followup``."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    FollowUpNote,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)
from registry.display import EMPTY, display_value
from registry.models import County, Municipality, Organisation

PUBLISHED = Organisation.PublicationState.PUBLISHED


def _organisation_links(*, published_only: bool) -> Prefetch:
    links = EffortOrganisation.objects.select_related("organisation").order_by(
        "organisation__name", "id"
    )
    if published_only:
        links = links.filter(organisation__publication_state=PUBLISHED)
    return Prefetch("organisation_links", queryset=links)


def _goal_links() -> Prefetch:
    return Prefetch(
        "goal_links",
        queryset=EffortGoal.objects.select_related(
            "goal__document__municipality", "goal__document__county"
        ).order_by("goal__document_id", "goal__order", "goal__code"),
    )


# --- Public ------------------------------------------------------------------------------


def public_efforts() -> QuerySet[Effort]:
    """Published efforts. Organisations are shown only when their entry is published."""
    return (
        Effort.objects.filter(is_public=True)
        .select_related("responsible_unit__municipality")
        .prefetch_related(_organisation_links(published_only=True))
        .order_by("-start_date", "-id")
    )


def public_effort(pk: int) -> Effort:
    return get_object_or_404(public_efforts().prefetch_related(_goal_links()), pk=pk)


def public_municipalities() -> QuerySet[Municipality]:
    """Municipalities that have published efforts (the public list's filter)."""
    return Municipality.objects.filter(
        code__in=MunicipalUnit.objects.filter(efforts__is_public=True).values("municipality_id")
    )


def organisation_public_efforts(organisation: Organisation) -> list[EffortOrganisation]:
    """The organisation's published efforts, newest first: one query."""
    return list(
        EffortOrganisation.objects.filter(organisation=organisation, effort__is_public=True)
        .select_related("effort__responsible_unit__municipality")
        .order_by("-effort__start_date", "-effort_id")
    )


# --- Officers -----------------------------------------------------------------------------


def officer_efforts() -> QuerySet[Effort]:
    return (
        Effort.objects.select_related("responsible_unit__municipality", "responsible_officer")
        .prefetch_related(_organisation_links(published_only=False), _goal_links())
        .order_by("-start_date", "-id")
    )


def effort_for_officer(pk: int) -> Effort:
    notes = FollowUpNote.objects.select_related("author").order_by("-date", "-id")
    return get_object_or_404(
        officer_efforts().prefetch_related(Prefetch("notes", queryset=notes), "payments"),
        pk=pk,
    )


def efforts_for_edit() -> QuerySet[Effort]:
    return Effort.objects.select_related("responsible_unit__municipality").prefetch_related(
        _organisation_links(published_only=False), _goal_links(), "payments"
    )


def organisation_efforts(organisation: Organisation) -> QuerySet[Effort]:
    """Every effort with the organisation, in time order, with its notes: three queries."""
    notes = FollowUpNote.objects.select_related("author").order_by("date", "id")
    return (
        Effort.objects.filter(organisation_links__organisation=organisation)
        .select_related("responsible_unit__municipality", "responsible_officer")
        .prefetch_related(
            _organisation_links(published_only=False),
            _goal_links(),
            Prefetch("notes", queryset=notes),
            "payments",
        )
        .order_by("start_date", "id")
    )


def documents() -> QuerySet[PolicyDocument]:
    return (
        PolicyDocument.objects.select_related("municipality", "county")
        .prefetch_related(Prefetch("goals", queryset=PolicyGoal.objects.order_by("order", "code")))
        .order_by("-valid_from", "title")
    )


def followup_documents() -> list[PolicyDocument]:
    """The policy documents the goal overview can show, newest first."""
    return list(
        PolicyDocument.objects.select_related("municipality", "county").order_by(
            "-valid_from", "title"
        )
    )


def municipalities_with_units() -> list[Municipality]:
    """The municipalities whose units' contribution can be followed up."""
    return list(
        Municipality.objects.filter(
            code__in=MunicipalUnit.objects.values("municipality_id")
        ).order_by("name")
    )


def all_units() -> QuerySet[MunicipalUnit]:
    return (
        MunicipalUnit.objects.select_related("municipality")
        .annotate(effort_count=Count("efforts"))
        .order_by("municipality__name", "name")
    )


# --- The effort form's choices ------------------------------------------------------------


def _codes(municipalities: Iterable[Municipality]) -> list[str]:
    return [m.code for m in municipalities]


def effort_units(municipalities: Iterable[Municipality], *, current_id=None):
    """Units an effort can be given to: the active units of the officer's municipalities,
    and the effort's present unit even when it has closed since."""
    return (
        MunicipalUnit.objects.filter(municipality_id__in=_codes(municipalities))
        .filter(Q(is_active=True) | Q(pk=current_id))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def effort_officers(municipalities: Iterable[Municipality], *, current_id=None):
    """Officers who can be responsible: active members of the municipalities, and the
    effort's present officer."""
    return (
        get_user_model()
        .objects.filter(
            Q(is_active=True, municipality_memberships__municipality_id__in=_codes(municipalities))
            | Q(pk=current_id)
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def effort_goals(municipalities: Iterable[Municipality], *, extra_ids: Iterable[int] = ()):
    """Goals of the documents that apply to the municipalities (their own and their
    regions'), and the goals an effort already serves; newest document first."""
    municipalities = list(municipalities)
    counties = {m.county_id for m in municipalities}
    return (
        PolicyGoal.objects.filter(
            Q(document__municipality_id__in=_codes(municipalities))
            | Q(document__county_id__in=counties)
            | Q(pk__in=list(extra_ids))
        )
        .select_related("document__municipality", "document__county")
        .order_by("-document__valid_from", "document_id", "order", "code")
    )


def document_municipality_codes(documents: Iterable[PolicyDocument]) -> dict[int, list[str]]:
    """The codes of the municipalities each document applies to: its own municipality, or
    every municipality of its region. One query for the regional ones."""
    documents = {document.pk: document for document in documents}
    counties = {d.county_id for d in documents.values() if d.county_id}
    in_county: dict[str, list[str]] = {}
    if counties:
        rows = Municipality.objects.filter(county_id__in=counties).order_by("code")
        for code, county in rows.values_list("code", "county_id"):
            in_county.setdefault(county, []).append(code)
    return {
        pk: [d.municipality_id] if d.municipality_id else in_county.get(d.county_id, [])
        for pk, d in documents.items()
    }


def effort_organisations(municipalities: Iterable[Municipality], *, linked_ids=()) -> list[tuple]:
    """(pk, name, org number) of the organisations that work in the municipalities (home
    or operates in), and of those already in the effort. Drafts (unconfirmed
    registrations) are left out."""
    codes = _codes(municipalities)
    operates = Organisation.municipalities.through.objects.filter(
        organisation_id=OuterRef("pk"), municipality_id__in=codes
    )
    return list(
        Organisation.objects.filter(
            (Q(home_municipality_id__in=codes) | Exists(operates))
            & ~Q(publication_state=Organisation.PublicationState.DRAFT)
            | Q(pk__in=list(linked_ids))
        )
        .order_by("name", "id")
        .values_list("pk", "name", "org_number")
    )


def organisations_by_id(ids: Iterable[int]) -> dict[int, Organisation]:
    return Organisation.objects.in_bulk(list(ids))


def municipalities_by_code(codes: Iterable[str]) -> QuerySet[Municipality]:
    return Municipality.objects.filter(code__in=list(codes))


def counties_by_code(codes: Iterable[str]) -> QuerySet[County]:
    return County.objects.filter(code__in=list(codes))


# --- History ------------------------------------------------------------------------------

SKIPPED_HISTORY_FIELDS = {"id", "version", "updated_at", "created_at", "idempotency_key"}


@dataclass
class Change:
    label: str
    old: Any
    new: Any

    @property
    def was_empty(self) -> bool:
        return self.old == EMPTY


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    what: str
    changes: list[Change] = field(default_factory=list)


def _display(model, name: str, value, lookups: dict) -> str:
    """A history record's value as ``registry.display.display_value`` shows it; related
    rows (a record holds their keys) by the names looked up beforehand."""
    model_field = model._meta.get_field(name)
    if model_field.is_relation and value is not None:
        return lookups.get((model_field.related_model, value), str(value))
    return display_value(model_field, value)


def effort_history(effort: Effort) -> list[HistoryEntry]:
    """Who changed what and when: the effort, its organisations, goals and notes. Newest
    first. A handful of queries whatever the length of the history."""
    from django.contrib.auth import get_user_model

    effort_records = list(effort.history.select_related("history_user").order_by("history_id"))
    org_records = list(
        EffortOrganisation.history.filter(effort_id=effort.pk)
        .select_related("history_user", "organisation")
        .order_by("history_id")
    )
    goal_records = list(
        EffortGoal.history.filter(effort_id=effort.pk)
        .select_related("history_user", "goal")
        .order_by("history_id")
    )
    note_records = list(
        FollowUpNote.history.filter(effort_id=effort.pk)
        .select_related("history_user")
        .order_by("history_id")
    )
    unit_ids = {r.responsible_unit_id for r in effort_records}
    user_ids = {r.responsible_officer_id for r in effort_records} - {None}
    lookups: dict = {}
    for unit in MunicipalUnit.objects.filter(pk__in=unit_ids).select_related("municipality"):
        lookups[(MunicipalUnit, unit.pk)] = str(unit)
    user_model = get_user_model()
    for user in user_model.objects.filter(pk__in=user_ids):
        lookups[(user_model, user.pk)] = user.get_full_name() or user.get_username()

    entries: list[HistoryEntry] = []
    previous = None
    for record in effort_records:
        if record.history_type == "+":
            entry = HistoryEntry(record.history_date, record.history_user, _("Effort logged"))
        elif record.history_type == "-":
            entry = HistoryEntry(record.history_date, record.history_user, _("Effort deleted"))
        else:
            entry = HistoryEntry(record.history_date, record.history_user, _("Effort changed"))
            if previous is not None:
                delta = record.diff_against(previous)
                for change in delta.changes:
                    if change.field in SKIPPED_HISTORY_FIELDS:
                        continue
                    entry.changes.append(
                        Change(
                            label=Effort._meta.get_field(change.field).verbose_name,
                            old=_display(Effort, change.field, change.old, lookups),
                            new=_display(Effort, change.field, change.new, lookups),
                        )
                    )
            if not entry.changes:
                previous = record
                continue
        entries.append(entry)
        previous = record

    org_messages = {
        "+": _("Organisation added: %(name)s (%(role)s)"),
        "~": _("Organisation's role changed: %(name)s (%(role)s)"),
        "-": _("Organisation removed: %(name)s (%(role)s)"),
    }
    goal_messages = {
        "+": _("Goal added: %(goal)s"),
        "~": _("Note on goal changed: %(goal)s"),
        "-": _("Goal removed: %(goal)s"),
    }
    note_messages = {
        "+": _("Follow-up note written: %(kind)s, %(date)s"),
        "~": _("Follow-up note changed: %(kind)s, %(date)s"),
        "-": _("Follow-up note deleted: %(kind)s, %(date)s"),
    }
    note_label = EffortGoal._meta.get_field("note").verbose_name
    for record in org_records:
        message = org_messages[record.history_type] % {
            "name": record.organisation.name,
            "role": record.get_role_display(),
        }
        entries.append(HistoryEntry(record.history_date, record.history_user, message))
    for record in goal_records:
        message = goal_messages[record.history_type] % {"goal": record.goal}
        changes = []
        if record.note and record.history_type != "-":
            changes = [Change(note_label, "", record.note)]
        entries.append(HistoryEntry(record.history_date, record.history_user, message, changes))
    for record in note_records:
        message = note_messages[record.history_type] % {
            "kind": record.get_kind_display(),
            "date": formats.date_format(record.date, "DATE_FORMAT"),
        }
        entries.append(HistoryEntry(record.history_date, record.history_user, message))
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
