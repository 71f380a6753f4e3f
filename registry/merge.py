"""Merging two entries that are the same organisation.

``organisation_merge`` keeps one entry (the survivor) with the values the officer chose
field by field, moves everything that points at the other entry to it, deletes the
other and leaves a redirect from its public address: all in one transaction, written to
the survivor's history as one change with source MERGE. The other entry's history stays
and is read from the survivor's history page (``OrganisationRedirect.merged_id``).
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import models, transaction
from django.utils.text import Truncator

from registry import extensions, history
from registry.display import EMPTY, display_value
from registry.history import Source
from registry.locking import save_version
from registry.models import (
    DuplicateDismissal,
    Organisation,
    OrganisationRedirect,
)


@dataclass(frozen=True)
class MergeField:
    """A choice on the merge page: one field, or fields that go together."""

    name: str
    fields: tuple[str, ...]

    @property
    def label(self):
        return Organisation._meta.get_field(self.fields[0]).verbose_name


# The fields the officer chooses between, in the order the page shows them. Pairs a
# database constraint ties together are chosen together.
MERGE_FIELDS = [
    MergeField(name, (name,))
    for name in [
        "name",
        "org_number",
        "legal_form",
        "kind",
        "work_integrating",
        "home_municipality",
        "presentation",
        "description",
        "founded_year",
        "website",
        "email",
        "phone",
        "street_address",
        "postal_code",
        "city",
        "employees",
        "people_in_work_integration",
        "offers",
        "sells_to_public_sector",
        "sells_to_business",
        "publication_state",
        "last_verified_on",
    ]
] + [
    MergeField("coordinates", ("latitude", "longitude")),
    MergeField("status", ("status", "ceased_on")),
]
MERGE_FIELDS_BY_NAME = {field.name: field for field in MERGE_FIELDS}

# Joined, not chosen: the survivor keeps the union.
UNITED_M2M = ["activity_areas", "global_goals", "municipalities", "offer_categories"]

# Rows that name an organisation but are not moved: a dismissal of a pair with the other
# entry goes with it (a cascade); redirects are re-pointed on purpose, below.
_NOT_MOVED = {(DuplicateDismissal, "first"), (DuplicateDismissal, "second")}


def differing_fields(first: Organisation, second: Organisation) -> list[MergeField]:
    return [
        field
        for field in MERGE_FIELDS
        if any(getattr(first, name) != getattr(second, name) for name in field.fields)
    ]


def _alternate_names(survivor: Organisation, other: Organisation, name: str) -> str:
    """The survivor's alternate names, then the other's, then whichever name is not
    kept, without repeats (compared without case) and without the kept name."""
    names, seen = [], {name.casefold()}
    candidates = [
        *survivor.alternate_name_list,
        *other.alternate_name_list,
        survivor.name,
        other.name,
    ]
    for candidate in candidates:
        if candidate.casefold() not in seen:
            seen.add(candidate.casefold())
            names.append(candidate)
    return "\n".join(names)


def _move_related(survivor: Organisation, other: Organisation) -> None:
    """Every row that points at ``other`` through a foreign key, and that no app's merge
    handler moved, now points at ``survivor``. Contact persons are saved one by one so
    that each move is in their history."""
    for contact in other.contacts.all():
        contact.organisation = survivor
        contact.save()
    for relation in Organisation._meta.related_objects:
        if not relation.one_to_many or (relation.related_model, relation.field.name) in _NOT_MOVED:
            continue
        relation.related_model._base_manager.filter(**{relation.field.name: other}).update(
            **{relation.field.name: survivor}
        )


@history.source(Source.MERGE)
@transaction.atomic
def organisation_merge(
    *,
    survivor_id: int,
    other_id: int,
    survivor_version: int,
    other_version: int,
    take_from_other: set[str],
    officer: User,
) -> Organisation:
    """Merge ``other`` into ``survivor``: the survivor takes the other's value of each
    field named in ``take_from_other`` (names of ``MERGE_FIELDS``) and keeps its own
    for the rest. ``EditConflict`` if either was saved since the versions given;
    ``ValidationError`` if the values chosen do not fit together (nothing is written).
    """
    if survivor_id == other_id:
        raise ValueError("an entry cannot be merged with itself")
    rows = Organisation.objects.select_for_update().filter(pk__in=[survivor_id, other_id])
    by_pk = {row.pk: row for row in rows}
    survivor, other = by_pk[survivor_id], by_pk[other_id]
    save_version(survivor, started_from=survivor_version)
    save_version(other, started_from=other_version)

    for choice in take_from_other:
        for name in MERGE_FIELDS_BY_NAME[choice].fields:
            setattr(survivor, name, getattr(other, name))
    survivor.alternate_names = _alternate_names(survivor, other, survivor.name)
    survivor.full_clean(exclude=["org_number"] if "org_number" in take_from_other else None)

    # The survivor's many-to-many rows, the union of both; written without history rows
    # of their own, the survivor's one save below records them in its single change.
    survivor.skip_history_when_saving = True
    try:
        for name in UNITED_M2M:
            getattr(survivor, name).add(*getattr(other, name).all())
        survivor.ensure_home_municipality()
    finally:
        del survivor.skip_history_when_saving

    for handler in extensions.merge_handlers():
        handler(survivor, other)
    _move_related(survivor, other)  # earlier merges' redirects to the other too
    OrganisationRedirect.objects.create(
        old_slug=other.slug, organisation=survivor, merged_id=other.pk
    )

    other._history_user = officer
    other.delete()  # its number is free now for the survivor to take
    survivor._history_user = officer
    survivor.save()
    return survivor


def move_or_drop(rows: models.QuerySet, *, field: str, survivor, unique_with: str) -> None:
    """For merge handlers: move each row of ``rows`` to ``survivor`` through ``field``,
    or delete it where the survivor already has a row with the same ``unique_with``
    (which a unique constraint on the two would refuse). Saved row by row, so rows with
    history record the move."""
    taken = set(
        rows.model._base_manager.filter(**{field: survivor}).values_list(unique_with, flat=True)
    )
    for row in rows:
        if getattr(row, rows.model._meta.get_field(unique_with).attname) in taken:
            row.delete()
        else:
            setattr(row, field, survivor)
            row.save()


def shown_value(organisation: Organisation, merge_field: MergeField) -> str:
    """A field's value on the merge page, as people read it (long texts shortened)."""
    parts = []
    for name in merge_field.fields:
        value = getattr(organisation, name)
        if value is None or value == "":
            continue
        parts.append(display_value(Organisation._meta.get_field(name), value))
    return Truncator(", ".join(parts)).chars(200) if parts else EMPTY


def is_empty(organisation: Organisation, merge_field: MergeField) -> bool:
    return all(getattr(organisation, name) in (None, "") for name in merge_field.fields)
