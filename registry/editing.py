"""Officers' writes to the register from the portal: entries created and edited,
contact persons kept, and bulk actions on the list.

Every function is atomic, validates with ``full_clean()``, and writes history with the
source OFFICER. Edits are optimistically locked (``locking.save_version``): a save
started from an older version raises ``EditConflict`` and writes nothing. A form that
creates (an entry, a bulk action) carries a key, so a double submit does the work once
(``idempotency.create_once`` on ``OfficerAction``).
"""

import uuid

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone

from registry import history, register, services
from registry.changes import serialise_changes
from registry.history import Source
from registry.idempotency import create_once
from registry.locking import save_version
from registry.models import ContactPerson, OfficerAction, Organisation

CHUNK = 500


class SelectionChanged(Exception):
    """What the action would change is not what the officer confirmed; nothing was done."""


@transaction.atomic
@history.source(Source.OFFICER)
def organisation_create(
    *, organisation: Organisation, m2m: dict, officer, key: uuid.UUID
) -> tuple[Organisation, bool]:
    """Enter a new organisation as the officer filled it in. Returns it and whether it
    was made now (False: the same form was sent before, and that entry is returned)."""

    def create() -> OfficerAction:
        organisation.slug = services.unique_slug(organisation.name)
        organisation.full_clean()
        organisation.save()
        _set_m2m(organisation, m2m)
        action = OfficerAction(
            key=key, kind=OfficerAction.Kind.CREATE, officer=officer, organisation=organisation
        )
        action.full_clean(validate_unique=False)  # the key's uniqueness: create_once
        action.save()
        return action

    action, created = create_once(OfficerAction, key_field="key", key=key, create=create)
    return action.organisation, created


@transaction.atomic
@history.source(Source.OFFICER)
def organisation_update(*, organisation: Organisation, m2m: dict, started_from: int) -> None:
    """Save the officer's edit of an entry (``organisation`` holds the new values).
    ``EditConflict`` if someone saved the entry after ``started_from``."""
    save_version(organisation, started_from=started_from)
    organisation.full_clean()
    organisation.save()
    _set_m2m(organisation, m2m)


def _set_m2m(organisation: Organisation, m2m: dict) -> None:
    """The form's many-to-many values, and the home municipality among those it
    operates in (``Organisation.ensure_home_municipality``)."""
    for name, value in serialise_changes(m2m).items():
        getattr(organisation, name).set(value)
    organisation.ensure_home_municipality()


@transaction.atomic
@history.source(Source.OFFICER)
def contact_save(*, contact: ContactPerson, started_from: int | None = None) -> ContactPerson:
    """Add a contact person (``started_from`` None) or save an edit of one, under the
    model's consent rule (``ContactPerson.clean`` and its check constraint)."""
    if started_from is not None:
        save_version(contact, started_from=started_from)
    contact.full_clean()
    contact.save()
    return contact


def contact_remove(*, contact: ContactPerson) -> None:
    """Erase the person, their history rows included (``services.contact_remove``)."""
    services.contact_remove(contact=contact)


# --- bulk actions -----------------------------------------------------------------------


@transaction.atomic
@history.source(Source.OFFICER)
def organisations_bulk_apply(
    *, kind: str, chosen, officer, key: uuid.UUID, expected: int, language: str
) -> tuple[OfficerAction, bool]:
    """Publish, hide or ask to verify the chosen organisations (a queryset) that the
    officer may edit and that the action changes (``register.selection``); the others
    are left as they are. One transaction; a key used before returns that action's
    record and does nothing. ``SelectionChanged`` if the action would now change another
    number of entries than the ``expected`` the officer confirmed."""

    def create() -> OfficerAction:
        picked = register.selection(chosen, kind=kind, user=officer)
        counts = picked.counts()
        if counts["changed"] != expected:
            raise SelectionChanged
        touched = 0
        rows = picked.changed.select_for_update(of=("self",)).order_by("pk")
        if kind == OfficerAction.Kind.VERIFY:
            rows = rows.prefetch_related(
                Prefetch(
                    "contacts",
                    queryset=ContactPerson.objects.exclude(email="").only(
                        "organisation_id", "email"
                    ),
                    to_attr="contacts_with_email",
                )
            )
        for organisation in rows.iterator(chunk_size=CHUNK):
            _apply(kind, organisation, language=language)
            touched += 1
        action = OfficerAction(
            key=key,
            kind=kind,
            officer=officer,
            touched=touched,
            skipped=counts["unchanged"] + counts["outside"],
        )
        action.full_clean(validate_unique=False)  # the key's uniqueness: create_once
        action.save()
        return action

    return create_once(OfficerAction, key_field="key", key=key, create=create)


def _apply(kind: str, organisation: Organisation, *, language: str) -> None:
    state = Organisation.PublicationState
    if kind == OfficerAction.Kind.PUBLISH:
        organisation.publication_state = state.PUBLISHED
    elif kind == OfficerAction.Kind.HIDE:
        organisation.publication_state = state.HIDDEN
    else:
        services.verification_request_send(organisation=organisation, language=language)
        return
    organisation.updated_at = timezone.now()
    organisation.save(update_fields=["publication_state", "updated_at"])
