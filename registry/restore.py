"""An entry's history as officers read it, and restoring an earlier version.

django-simple-history keeps every version of an organisation and of a contact person
(the many-to-many fields of an organisation too, ``Organisation.history``). Here each
version is compared with the one before it, field by field, and shown as people read
values (``display.display_value``); a page of versions costs the same few queries
however many versions or fields changed. ``organisation_restore`` writes an earlier
version's values as a new change, itself in the history with source RESTORE;
``contact_restore`` does the same for a contact person.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.core.paginator import Page, Paginator
from django.db import models, transaction
from django.db.models import Max, OuterRef, Subquery
from django.shortcuts import get_object_or_404
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from registry import history
from registry.display import EMPTY, display_value
from registry.history import Source
from registry.locking import save_version
from registry.models import ContactPerson, Organisation, OrganisationRedirect

PAGE_SIZE = 20

# Bookkeeping, not content: never listed as a change.
_NOT_SHOWN = {"id", "version", "updated_at", "created_at", "organisation"}
# Restoring leaves the entry's identity and address as they are.
_NOT_RESTORED = _NOT_SHOWN | {"slug"}

# Sources where the change was the organisation's own, when no officer is named.
_OWN_SOURCES = {
    Source.REGISTRATION,
    Source.SELF_SERVICE,
    Source.CHANGE_REQUEST,
    Source.VERIFICATION,
}


@dataclass
class Change:
    label: str
    old: str
    new: str


@dataclass
class Version:
    record: models.Model
    who: str
    source: str
    changes: list[Change] = field(default_factory=list)
    entry_name: str = ""  # set when the version is of an entry merged into this one
    latest: bool = False  # the entry as it is now
    gone: bool = False  # a contact person who is no longer there

    @property
    def created(self) -> bool:
        return self.record.history_type == "+"

    @property
    def deleted(self) -> bool:
        return self.record.history_type == "-"

    @property
    def restorable(self) -> bool:
        return (
            self.record.history_type != "-"
            and not self.entry_name
            and not self.latest
            and not self.gone
        )


def _shown_fields(model) -> list[models.Field]:
    kept = set(getattr(model, "DATABASE_KEPT_FIELDS", ()))
    return [
        f for f in model._meta.concrete_fields if f.name not in _NOT_SHOWN and f.name not in kept
    ]


def _m2m_fields(model) -> list[models.Field]:
    """The many-to-many fields the history records (``HistoricalRecords(m2m_fields=…)``)."""
    return list(getattr(model.history.model, "_history_m2m_fields", []))


def _m2m_through(model, m2m_field):
    historical = model.history.model
    return historical._meta.get_field(
        f"{historical._meta.model_name}_{m2m_field.name}"
    ).related_model


class _Values:
    """Raw values of versions (a field's ``attname`` value; a many-to-many as a set of
    keys), and the related rows to show them by, each fetched once for a whole page."""

    def __init__(self, model, records, current=None):
        self.model = model
        self.fields = _shown_fields(model)
        self.m2m = _m2m_fields(model)
        self.m2m_keys: dict[tuple[int, str], set] = defaultdict(set)
        history_ids = [record.history_id for record in records]
        for m2m_field in self.m2m:
            through = _m2m_through(model, m2m_field)
            target = m2m_field.related_model._meta.model_name
            for history_id, key in through.objects.filter(history_id__in=history_ids).values_list(
                "history_id", f"{target}_id"
            ):
                self.m2m_keys[(history_id, m2m_field.name)].add(key)
        wanted: dict[type, set] = defaultdict(set)
        for f in self.fields:
            if f.is_relation:
                wanted[f.related_model] |= {getattr(r, f.attname) for r in records} - {None}
        for m2m_field in self.m2m:
            for (_id, name), keys in self.m2m_keys.items():
                if name == m2m_field.name:
                    wanted[m2m_field.related_model] |= keys
        if current is not None:
            for f in self.fields:
                if f.is_relation and getattr(current, f.attname) is not None:
                    wanted[f.related_model].add(getattr(current, f.attname))
            for m2m_field in self.m2m:
                wanted[m2m_field.related_model] |= set(
                    getattr(current, m2m_field.name).values_list("pk", flat=True)
                )
        self.rows = {
            related: related._default_manager.in_bulk(keys) for related, keys in wanted.items()
        }

    def of_record(self, record) -> dict:
        values = {f.name: getattr(record, f.attname) for f in self.fields}
        for m2m_field in self.m2m:
            values[m2m_field.name] = frozenset(self.m2m_keys[(record.history_id, m2m_field.name)])
        return values

    def of_instance(self, instance) -> dict:
        values = {f.name: getattr(instance, f.attname) for f in self.fields}
        for m2m_field in self.m2m:
            values[m2m_field.name] = frozenset(
                getattr(instance, m2m_field.name).values_list("pk", flat=True)
            )
        return values

    def show(self, name: str, value) -> str:
        model_field = self.model._meta.get_field(name)
        if model_field.many_to_many:
            rows = self.rows.get(model_field.related_model, {})
            return display_value(model_field, sorted(str(rows.get(k, k)) for k in value))
        if model_field.is_relation:
            if value is None:
                return EMPTY
            return str(self.rows.get(model_field.related_model, {}).get(value, value))
        return display_value(model_field, value)

    def changes(self, old: dict | None, new: dict) -> list[Change]:
        result = []
        for name, value in new.items():
            before = old.get(name) if old is not None else None
            if old is None and value in (None, "", frozenset(), False):
                continue  # a new entry: only what it was given
            if old is not None and before == value:
                continue
            model_field = self.model._meta.get_field(name)
            result.append(
                Change(
                    label=capfirst(str(model_field.verbose_name)),
                    old=EMPTY if old is None else self.show(name, before),
                    new=self.show(name, value),
                )
            )
        return result


def who(record) -> str:
    """Who made a change, as an officer reads it: the officer's name, or where it came
    from. Never the address of someone who is not an officer."""
    user = record.history_user
    if user is not None:
        return user.get_full_name() or user.username
    if record.source in _OWN_SOURCES:
        return _("The organisation itself")
    return str(Source(record.source).label)


def _versions(model, queryset, number: int, names: dict[int, str]) -> tuple[Page, list[Version]]:
    historical = model.history.model
    previous = (
        historical.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    queryset = (
        queryset.select_related("history_user")
        .annotate(previous_id=Subquery(previous))
        .order_by("-history_id")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(number)
    records = list(page.object_list)
    wanted = {r.previous_id for r in records if r.previous_id} - {r.history_id for r in records}
    before = {r.history_id: r for r in records}
    before.update(historical.objects.in_bulk(wanted, field_name="history_id"))
    values = _Values(model, list(before.values()))
    versions = []
    for record in records:
        prior = before.get(record.previous_id)
        new = values.of_record(record)
        changes = (
            ([] if record.history_type == "-" else values.changes(values.of_record(prior), new))
            if prior is not None
            else values.changes(None, new)
        )
        versions.append(
            Version(
                record=record,
                who=who(record),
                source=str(Source(record.source).label),
                changes=changes,
                entry_name=names.get(record.id, ""),
            )
        )
    return page, versions


def merged_ids(organisation: Organisation) -> list[int]:
    redirects = OrganisationRedirect.objects.filter(
        organisation=organisation, merged_id__isnull=False
    )
    return list(redirects.values_list("merged_id", flat=True))


def organisation_versions(organisation: Organisation, number: int) -> tuple[Page, list[Version]]:
    """A page of the organisation's versions, newest first, with those of the entries
    merged into it (named by their last name)."""
    absorbed = merged_ids(organisation)
    names = {}
    if absorbed:
        for pk, name in (
            Organisation.history.filter(id__in=absorbed)
            .order_by("id", "-history_id")
            .distinct("id")
            .values_list("id", "name")
        ):
            names[pk] = name
    queryset = Organisation.history.filter(id__in=[organisation.pk, *absorbed])
    page, versions = _versions(Organisation, queryset, number, names)
    latest = (
        Organisation.history.filter(id=organisation.pk)
        .order_by("-history_id")
        .values_list("history_id", flat=True)
        .first()
    )
    for version in versions:
        version.latest = version.record.history_id == latest
    return page, versions


def contact_versions(organisation: Organisation, number: int) -> tuple[Page, list[Version]]:
    """A page of the versions of every person who has been a contact of the organisation
    or of an entry merged into it."""
    ids = [organisation.pk, *merged_ids(organisation)]
    people = ContactPerson.history.filter(organisation_id__in=ids).values("id")
    page, versions = _versions(
        ContactPerson, ContactPerson.history.filter(id__in=people), number, {}
    )
    shown = {version.record.id for version in versions}
    latest = dict(
        ContactPerson.history.filter(id__in=shown)
        .values("id")
        .annotate(last=Max("history_id"))
        .values_list("id", "last")
    )
    present = set(
        ContactPerson.objects.filter(pk__in=shown, organisation=organisation).values_list(
            "pk", flat=True
        )
    )
    for version in versions:
        version.latest = version.record.history_id == latest.get(version.record.id)
        version.gone = version.record.id not in present
    return page, versions


# --- restoring ---------------------------------------------------------------------------


def version_for_restore(organisation: Organisation, history_id: int):
    return get_object_or_404(
        Organisation.history.exclude(history_type="-"), id=organisation.pk, history_id=history_id
    )


def contact_version_for_restore(organisation: Organisation, history_id: int):
    """A version of one of the organisation's contact persons who is still there (a
    removed person's history is erased with them), and the person as they are now."""
    record = get_object_or_404(
        ContactPerson.history.exclude(history_type="-"), history_id=history_id
    )
    contact = get_object_or_404(
        ContactPerson.objects.select_related("organisation"),
        pk=record.id,
        organisation=organisation,
    )
    return record, contact


def restore_preview(instance: Organisation | ContactPerson, record) -> list[Change]:
    """What restoring ``record`` would change: the entry (or contact person) as it is
    now, and as it was."""
    model = type(instance)
    values = _Values(model, [record], current=instance)
    now = values.of_instance(instance)
    then = values.of_record(record)
    names = _restored_names(model)
    return values.changes({name: now[name] for name in names}, {name: then[name] for name in names})


def _restored_names(model=Organisation) -> list[str]:
    return [
        f.name for f in [*_shown_fields(model), *_m2m_fields(model)] if f.name not in _NOT_RESTORED
    ]


@history.source(Source.RESTORE)
@transaction.atomic
def organisation_restore(
    *, organisation_id: int, history_id: int, started_from: int, officer: User
) -> Organisation:
    """Write the values of an earlier version (its many-to-many too) as a new change.
    ``EditConflict`` if the entry was saved since ``started_from``; ``ValidationError``
    if the old values no longer fit (an organisation number another entry has taken)."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation_id)
    record = Organisation.history.exclude(history_type="-").get(
        id=organisation_id, history_id=history_id
    )
    save_version(organisation, started_from=started_from)
    values = _Values(Organisation, [record])
    then = values.of_record(record)
    m2m_names = {f.name for f in values.m2m}
    for f in values.fields:
        if f.name not in _NOT_RESTORED:
            setattr(organisation, f.attname, then[f.name])
    organisation.full_clean()
    organisation.skip_history_when_saving = True
    try:
        for name in m2m_names:
            getattr(organisation, name).set(then[name])
        organisation.ensure_home_municipality()
    finally:
        del organisation.skip_history_when_saving
    organisation._history_user = officer
    organisation.save()
    return organisation


@history.source(Source.RESTORE)
@transaction.atomic
def contact_restore(
    *, contact_id: int, history_id: int, started_from: int, officer: User
) -> ContactPerson:
    """Write an earlier version of a contact person as a new change. ``EditConflict``
    if the person was saved since ``started_from``; ``ValidationError`` if the old
    values no longer fit (shown publicly without recorded consent)."""
    contact = ContactPerson.objects.select_for_update().get(pk=contact_id)
    record = ContactPerson.history.exclude(history_type="-").get(
        id=contact_id, history_id=history_id
    )
    save_version(contact, started_from=started_from)
    values = _Values(ContactPerson, [record])
    then = values.of_record(record)
    for f in values.fields:
        if f.name not in _NOT_RESTORED:
            setattr(contact, f.attname, then[f.name])
    contact.full_clean()
    contact._history_user = officer
    contact.save()
    return contact
