"""A person's data by e-mail address: find it, export it, erase it; and how long the
portal keeps what it no longer needs (GDPR articles 15, 17 and 5(1)(e)).

Every place that can hold an address is one ``Place`` in ``PLACES`` (``places.py``): what to look
for, what to show and export, and what erasure does there. Find, export, erasure and
their pages all read that one list; an app built on the register adds its own places
with ``register_place`` from its ``AppConfig.ready()`` (partnerships does). A new model
that stores addresses or free text gets a place here, and the test that searches every
table after an erasure (``tests/registry/test_personal_data.py``) fails until it has one.

The address is matched without regard to case. Erasure also removes the person's names:
those the matched contact persons and submissions give, replaced by ``ERASED`` wherever
the matched rows have free text.

What each place holds, and the decision for it:

- contact persons (``ContactPerson``) and every history row of a contact person that
  ever had the address: deleted, history included (``contacts_erase``, also what
  self-service removal uses);
- organisations whose public address is the person's (``Organisation.email``) and their
  history rows: the address is blanked; the live row gets a history row of source
  ERASURE (the organisation's entry is public information; only the address goes);
- submissions sent from the address, or with it among the proposed values (``data``),
  and their history rows: anonymised (submitter's name and address, the address and
  names inside ``data`` and the decision message). An unconfirmed registration (never
  seen by an officer) is deleted with its draft organisation; one awaiting review or
  changes is closed as rejected by the administrator who erases, without e-mail;
- e-mailed links (``AccessLink``): deleted;
- problem reports and their history rows: the reporter's address blanked, the address
  and names in the description replaced;
- outgoing e-mail (``OutboxMessage``): messages to the address deleted; the address in
  the text of other messages replaced;
- the task queue (``django_tasks_db``): the outbox's task carries only a message's id,
  so the address reaches a task row only through an error's traceback; the tasks of the
  deleted messages and any row with the address are deleted;
- sign-in attempts (django-axes' attempts, logs and failure logs, by user name): deleted;
- rate limits (``RateLimitHit``): keys are keyed hashes (``registry.ratelimit``), never
  the address in clear; the rows of the address's per-recipient and per-account keys
  are deleted, so nothing links the address to the times they were made;
- sessions (``django_session``): signed and expire within ``SESSION_COOKIE_AGE``; a live
  session whose data has the address (a registration in progress) is deleted;
- the admin's log (``django_admin_log``): an entry about a contact person is described
  by their name; the address and names in entries are replaced, the entries kept;
- uploaded imports (``ImportJob``): the address and names replaced in the file's rows,
  its dry run and its error; pruned ``RETENTION_IMPORT_DAYS`` after they finish;
- user accounts (officers, administrators): found and exported but kept; an employee's
  account is closed in the administration, not by this erasure;
- partnerships' follow-up notes, efforts and their history (registered by that app):
  free text; the address and names replaced.

``Erasure`` records each erasure without personal data: a number, when, by whom and how
many rows each place had. No address, name or hash of either is kept.
"""

import json
import logging
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import display, history
from registry.history import Source
from registry.idempotency import create_once
from registry.models import (
    ContactPerson,
    Erasure,
    Organisation,
    Submission,
)
from registry.personal_data.places import (
    ERASED,
    MIN_NAME_LENGTH,
    PLACES,
    SHOWN_ROWS,
    Context,
    Place,
    _contact_history,
    contacts_erase,
    normalise,
    place,
    places,
    register_place,
    text_place,
)
from registry.personal_data.retention import Pruned, _organisation_delete, retention_prune
from registry.personal_data.review import (
    REVIEW_MONTHS,
    Confirmation,
    contacts_with_confirmation,
    review_cutoff,
    review_rows,
    stale_contacts,
)

__all__ = [  # what the rest of the portal uses
    "ERASED",
    "PLACES",
    "REVIEW_MONTHS",
    "Confirmation",
    "Found",
    "Place",
    "Pruned",
    "contacts_erase",
    "contacts_with_confirmation",
    "counts_display",
    "erase",
    "export",
    "find",
    "normalise",
    "place",
    "places",
    "register_place",
    "retention_prune",
    "review_cutoff",
    "review_rows",
    "stale_contacts",
    "text_place",
]

logger = logging.getLogger(__name__)


# --- Find and export -----------------------------------------------------------------


@dataclass
class Found:
    place: Place
    count: int
    rows: list

    @property
    def headers(self) -> list[str]:
        return [str(model_field.verbose_name) for model_field in self.place.model_fields()]

    def display_rows(self) -> list[list[str]]:
        """The rows as an officer reads them (``display.display_value``)."""
        model_fields = self.place.model_fields()
        return [
            [
                _display(
                    model_field,
                    getattr(
                        row, model_field.name if model_field.is_relation else model_field.attname
                    ),
                )
                for model_field in model_fields
            ]
            for row in self.rows[:SHOWN_ROWS]
        ]

    @property
    def more(self) -> int:
        return max(self.count - SHOWN_ROWS, 0)


def _display(model_field: models.Field, value) -> str:
    if isinstance(value, dict | list) and not model_field.many_to_many:
        return (
            json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder) if value else display.EMPTY
        )
    return display.display_value(model_field, value)


def find(email: str) -> list[Found]:
    """Every place, with the rows that hold ``email`` (the count and all rows)."""
    email = normalise(email)
    found = []
    for candidate in PLACES:
        rows = list(candidate.rows(email))
        found.append(Found(place=candidate, count=len(rows), rows=rows))
    return found


def _export_value(model_field: models.Field, row):
    if model_field.is_relation:
        related = getattr(row, model_field.name)
        return None if related is None else str(related)
    return getattr(row, model_field.attname)


def export(email: str, *, user) -> str:
    """Everything ``find`` finds, as a JSON document (dates ISO 8601): one key a place
    under ``places``, with when and by whom it was exported. The export is logged
    without the address."""
    found = find(email)
    document = {
        "exported_at": timezone.now(),
        "exported_by": user.get_username(),
        "email": normalise(email),
        "places": {
            item.place.key: [
                {
                    model_field.name: _export_value(model_field, row)
                    for model_field in item.place.model_fields()
                }
                for row in item.rows
            ]
            for item in found
        },
    }
    logger.info(
        "Personal data exported",
        extra={"user_id": user.pk, "rows": sum(item.count for item in found)},
    )
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


# --- Erasure -----------------------------------------------------------------------------


def _names(email: str) -> list[str]:
    """The person's names as the matched rows give them, longest first (so a full name
    is replaced before a part of it)."""
    names = set(_contact_history(email).values_list("name", flat=True))
    names |= set(ContactPerson.objects.filter(email__iexact=email).values_list("name", flat=True))
    for model in (Submission, Submission.history.model):
        names |= set(
            model.objects.filter(submitter_email__iexact=email).values_list(
                "submitter_name", flat=True
            )
        )
    cleaned = {" ".join(name.split()) for name in names}
    return sorted(
        (name for name in cleaned if len(name) >= MIN_NAME_LENGTH and name != ERASED),
        key=lambda name: (-len(name), name),
    )


def _close_open_submissions(email: str, ctx: Context) -> int:
    """An unconfirmed registration is deleted with its draft; one waiting for review or
    for changes is closed as rejected (nobody is left to answer). No e-mail is sent."""
    own = Submission.objects.select_for_update(of=("self",)).filter(submitter_email__iexact=email)
    closed = 0
    for submission in own.filter(status=Submission.Status.UNCONFIRMED):
        organisation = submission.organisation
        if (
            submission.kind == Submission.Kind.REGISTRATION
            and organisation.publication_state == Organisation.PublicationState.DRAFT
        ):
            _organisation_delete(organisation)
        else:
            Submission.objects.filter(pk=submission.pk).delete()
        closed += 1
    waiting = own.filter(
        status__in=[Submission.Status.PENDING, Submission.Status.CHANGES_REQUESTED]
    )
    for submission in waiting:
        if submission.kind == Submission.Kind.REGISTRATION:
            Organisation.objects.filter(pk=submission.organisation_id).exclude(
                publication_state=Organisation.PublicationState.PUBLISHED
            ).update(publication_state=Organisation.PublicationState.HIDDEN)
        Submission.objects.filter(pk=submission.pk).update(
            status=Submission.Status.REJECTED,
            decided_at=ctx.now,
            decided_by=ctx.user,
        )
        closed += 1
    return closed


@transaction.atomic
@history.source(Source.ERASURE)
def erase(*, email: str, user, submission_key) -> tuple[Erasure, bool]:
    """Erase the person with ``email`` from every place (``PLACES``), in one transaction,
    and record it (``Erasure``: counts, no personal data). A repeated ``submission_key``
    returns the first erasure and erases nothing again."""
    email = normalise(email)
    existing = Erasure.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return existing, False
    ctx = Context(email=email, names=_names(email), user=user)
    counts = {}
    closed = _close_open_submissions(email, ctx)
    if closed:
        counts["closed_submissions"] = closed
    for candidate in PLACES:
        rows = candidate.rows(email)
        count = rows.count()
        if count:
            counts[candidate.key] = count
            if candidate.erase is not None:
                candidate.erase(rows, ctx)

    def create() -> Erasure:
        return Erasure.objects.create(erased_by=user, counts=counts, submission_key=submission_key)

    erasure, created = create_once(
        Erasure, key_field="submission_key", key=submission_key, create=create
    )
    logger.info("Personal data erased", extra={"erasure": erasure.reference, "user_id": user.pk})
    return erasure, created


def counts_display(erasure: Erasure) -> list[tuple[str, int, str]]:
    """An erasure's counts as (place, rows, what was done), in the order of ``PLACES``."""
    rows = []
    if "closed_submissions" in erasure.counts:
        rows.append(
            (
                str(_("Open submissions closed")),
                erasure.counts["closed_submissions"],
                str(_("unconfirmed ones deleted, the others rejected")),
            )
        )
    known = {candidate.key for candidate in PLACES}
    for candidate in PLACES:
        if candidate.key in erasure.counts:
            rows.append(
                (str(candidate.label), erasure.counts[candidate.key], str(candidate.outcome))
            )
    for key, count in erasure.counts.items():
        if key not in known and key != "closed_submissions":
            rows.append((key, count, ""))
    return rows
