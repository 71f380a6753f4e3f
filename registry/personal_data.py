"""A person's data by e-mail address: find it, export it, erase it; and how long the
portal keeps what it no longer needs (GDPR articles 15, 17 and 5(1)(e)).

Every place that can hold an address is one ``Place`` in ``PLACES``, below: what to look
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

import datetime
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, ProtectedError, Q, QuerySet
from django.db.models.functions import Cast, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import display, history, ratelimit
from registry.access import organisation_scope
from registry.history import Source
from registry.idempotency import create_once
from registry.locking import Versioned
from registry.models import (
    AccessLink,
    ContactPerson,
    Erasure,
    ImportJob,
    Organisation,
    OutboxMessage,
    ProblemReport,
    RateLimitHit,
    Submission,
)

logger = logging.getLogger(__name__)

ERASED = "[raderad]"  # what replaces an address or a name in free text that is kept
SHOWN_ROWS = 50  # rows per place on the officer's page; the export has them all
MIN_NAME_LENGTH = 3  # shorter "names" would wipe ordinary words from free text


def normalise(email: str) -> str:
    return email.strip().lower()


def _icontains(*names: str) -> Callable[[str], Q]:
    """Any of the text fields ``names`` contains the address."""

    def match(email: str) -> Q:
        q = Q()
        for name in names:
            q |= Q(**{f"{name}__icontains": email})
        return q

    return match


def _text(name: str):
    """A JSON field as text, to look for the address anywhere inside it."""
    return Cast(name, models.TextField())


# --- Places -------------------------------------------------------------------------


@dataclass
class Context:
    """What an erasure knows as it goes: the address, the names to replace, who erases."""

    email: str
    names: list[str]
    user: Any
    now: Any = field(default_factory=timezone.now)


@dataclass(frozen=True)
class Place:
    """One place that can hold an address.

    ``model`` is ``"app_label.ModelName"``; ``match`` gives the rows that hold the address
    (a Q, or a queryset function for what a Q cannot say); ``fields`` are shown and
    exported; ``outcome`` says in words what erasure does; ``erase`` does it and returns
    nothing (the count recorded is the rows found before)."""

    key: str
    label: Any
    model: str
    fields: tuple[str, ...]
    outcome: Any
    match: Callable[[str], Q] | None = None
    rows_for: Callable[[str], QuerySet] | None = None
    erase: Callable[[QuerySet, Context], None] | None = None
    related: tuple[str, ...] = ()
    order_by: tuple[str, ...] = ("pk",)

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def rows(self, email: str) -> QuerySet:
        if self.rows_for is not None:
            queryset = self.rows_for(email)
        else:
            queryset = self.model_class()._default_manager.filter(self.match(email))
        if self.related:
            queryset = queryset.select_related(*self.related)
        return queryset.order_by(*self.order_by)

    def model_fields(self) -> list[models.Field]:
        meta = self.model_class()._meta
        return [meta.get_field(name) for name in self.fields]


# Erasure: the functions each place's ``erase`` is made of.


def _delete(rows: QuerySet, ctx: Context) -> None:
    rows.model._default_manager.filter(pk__in=list(rows.values_list("pk", flat=True))).delete()


def scrub_text(text: str, ctx: Context) -> str:
    """``text`` with the address and the person's names replaced by ``ERASED``."""
    if not text:
        return text
    for needle in [ctx.email, *ctx.names]:
        text = re.sub(re.escape(needle), ERASED, text, flags=re.IGNORECASE)
    return text


def scrub_json(value, ctx: Context):
    """``value`` with the address and names replaced; a value that is the address alone
    (a proposed e-mail field) becomes empty, so that it stays a valid value."""
    if isinstance(value, str):
        if normalise(value) == ctx.email:
            return ""
        return scrub_text(value, ctx)
    if isinstance(value, list):
        return [scrub_json(item, ctx) for item in value]
    if isinstance(value, dict):
        return {key: scrub_json(item, ctx) for key, item in value.items()}
    return value


def _scrubbing(*names: str, blank: tuple[str, ...] = (), erased: tuple[str, ...] = ()):
    """Replace the address and names in the text and JSON fields ``names``, empty the
    fields ``blank`` and write ``ERASED`` into ``erased``, row by row, without writing
    history (a history table is a place of its own)."""

    def erase(rows: QuerySet, ctx: Context) -> None:
        manager = rows.model._default_manager
        for row in rows.iterator():
            values = {}
            for name in names:
                value = getattr(row, name)
                values[name] = (
                    scrub_json(value, ctx)
                    if isinstance(value, dict | list)
                    else scrub_text(value, ctx)
                )
            values.update(dict.fromkeys(blank, ""))
            values.update(dict.fromkeys(erased, ERASED))
            if isinstance(row, Versioned):  # an edit form opened before must not save over it
                values["version"] = F("version") + 1
            manager.filter(pk=row.pk).update(**values)

    return erase


def _anonymising(owner: str, *names: str, blank: tuple[str, ...] = (), erased=()):
    """Like ``_scrubbing``, but the person's own rows (``owner`` is their address) also
    lose the fields ``blank`` and ``erased``; others' rows that mention the address keep
    their sender."""
    own_rows = _scrubbing(*names, blank=blank, erased=erased)
    others = _scrubbing(*names)

    def erase(rows: QuerySet, ctx: Context) -> None:
        own = Q(**{f"{owner}__iexact": ctx.email})
        own_rows(rows.filter(own), ctx)
        others(rows.exclude(own), ctx)

    return erase


def contacts_erase(contact_ids) -> int:
    """Delete contact persons and every history row of them (the deletion's own row
    too): GDPR erasure, the one way a contact person is removed."""
    contact_ids = list(contact_ids)
    deleted, _ = ContactPerson.objects.filter(pk__in=contact_ids).delete()
    ContactPerson.history.filter(id__in=contact_ids).delete()
    return deleted


def _erase_contacts(rows: QuerySet, ctx: Context) -> None:
    contacts_erase(rows.values_list("pk", flat=True))


def _contact_history(email: str) -> QuerySet:
    """Every version of a contact person that ever had the address."""
    model = ContactPerson.history.model
    ever = model.objects.filter(email__iexact=email).values("id")
    return model.objects.filter(Q(id__in=ever) | Q(email__iexact=email))


def _erase_organisation_address(rows: QuerySet, ctx: Context) -> None:
    for organisation in Organisation.objects.filter(pk__in=rows.values("pk")).select_for_update():
        organisation.email = ""
        organisation.save(update_fields=["email", "updated_at"])  # history: source ERASURE


def _submissions(email: str) -> Q:
    return Q(submitter_email__iexact=email) | Q(data_text__icontains=email)


def _submission_rows(model: type[models.Model]) -> Callable[[str], QuerySet]:
    def rows(email: str) -> QuerySet:
        return model._default_manager.alias(data_text=_text("data")).filter(_submissions(email))

    return rows


def _outbox_erase(rows: QuerySet, ctx: Context) -> None:
    rows.filter(to__iexact=ctx.email).delete()
    _scrubbing("subject", "text", "html")(rows.exclude(to__iexact=ctx.email), ctx)


def _task_rows(email: str) -> QuerySet:
    model = apps.get_model("django_tasks_database", "DBTaskResult")
    messages = list(OutboxMessage.objects.filter(to__iexact=email).values_list("pk", flat=True))
    return model.objects.alias(
        arguments=_text("args_kwargs"), returned=_text("return_value")
    ).filter(
        Q(arguments__icontains=email)
        | Q(returned__icontains=email)
        | Q(traceback__icontains=email)
        | Q(task_path="registry.outbox.deliver", args_kwargs__args__0__in=messages)
    )


def _admin_log_rows(email: str) -> QuerySet:
    """The admin's log of changes: entries about a contact person who ever had the
    address (their name is the entry's description), and entries that mention it."""
    from django.contrib.admin.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    contact_ids = [str(pk) for pk in _contact_history(email).values_list("id", flat=True)]
    about_contact = Q(
        content_type=ContentType.objects.get_for_model(ContactPerson), object_id__in=contact_ids
    )
    return LogEntry.objects.filter(
        about_contact | Q(object_repr__icontains=email) | Q(change_message__icontains=email)
    )


def _ratelimit_rows(email: str) -> QuerySet:
    scopes = [scope for scope in ratelimit.LIMITS if scope.startswith(("mail:", "signin-account"))]
    return RateLimitHit.objects.filter(key__in=[ratelimit.key(scope, email) for scope in scopes])


def _session_rows(email: str) -> QuerySet:
    """Live sessions whose data holds the address (it is signed, not searchable in SQL)."""
    holding = []
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        data = json.dumps(session.get_decoded(), cls=DjangoJSONEncoder, ensure_ascii=False)
        if email in data.lower():
            holding.append(session.pk)
    return Session.objects.filter(pk__in=holding)


def _axes(model: str, key: str, label, *, data: bool = False) -> Place:
    """django-axes' rows by user name (an attempt also keeps what the form sent)."""
    in_data = _icontains("get_data", "post_data")

    def match(email: str) -> Q:
        q = Q(username__iexact=email)
        return q | in_data(email) if data else q

    return Place(
        key=key,
        label=label,
        model=model,
        fields=("username", "ip_address", "attempt_time", "path_info"),
        outcome=_("deleted"),
        match=match,
        erase=_delete,
    )


def text_place(*, key: str, label, model: str, text_fields: tuple[str, ...], fields) -> Place:
    """A place of free text (notes, descriptions): the address and names are replaced."""
    return Place(
        key=key,
        label=label,
        model=model,
        fields=tuple(fields),
        outcome=_("the address and names replaced"),
        match=_icontains(*text_fields),
        erase=_scrubbing(*text_fields),
    )


def _history(model: str) -> str:
    app_label, name = model.split(".")
    return f"{app_label}.Historical{name}"


HISTORY_FIELDS = ("history_id", "id", "history_date", "history_type")

PLACES: list[Place] = [
    # Erasure goes through the list in order: the admin's log finds its entries by the
    # contact persons' ids, and the tasks by the outbox messages, so each comes first.
    Place(
        key="admin_log",
        label=_("Administration log"),
        model="admin.LogEntry",
        fields=("action_time", "object_repr", "action_flag"),
        outcome=_("the address and names replaced"),
        rows_for=_admin_log_rows,
        erase=_scrubbing("object_repr", "change_message"),
    ),
    Place(
        key="contact_persons",
        label=_("Contact persons"),
        model="registry.ContactPerson",
        fields=(
            "id",
            "organisation",
            "name",
            "role",
            "email",
            "phone",
            "show_publicly",
            "legal_basis",
            "consent_given_at",
            "created_at",
            "updated_at",
        ),
        outcome=_("deleted, with their history"),
        match=lambda email: Q(email__iexact=email),
        erase=_erase_contacts,
        related=("organisation",),
    ),
    Place(
        key="contact_person_history",
        label=_("Contact persons: history"),
        model="registry.HistoricalContactPerson",
        fields=(*HISTORY_FIELDS, "source", "name", "role", "email", "phone", "show_publicly"),
        outcome=_("deleted"),
        rows_for=_contact_history,
        erase=_delete,
        order_by=("id", "history_date"),
    ),
    Place(
        key="organisations",
        label=_("Organisations with this public e-mail address"),
        model="registry.Organisation",
        fields=("id", "name", "email", "publication_state"),
        outcome=_("the address removed from the entry"),
        match=lambda email: Q(email__iexact=email),
        erase=_erase_organisation_address,
    ),
    Place(
        key="organisation_history",
        label=_("Organisations: history"),
        model="registry.HistoricalOrganisation",
        fields=(*HISTORY_FIELDS, "source", "name", "email"),
        outcome=_("the address removed"),
        match=lambda email: Q(email__iexact=email),
        erase=_scrubbing(blank=("email",)),
        order_by=("id", "history_date"),
    ),
    Place(
        key="submissions",
        label=_("Registrations and change requests"),
        model="registry.Submission",
        fields=(
            "id",
            "kind",
            "status",
            "organisation",
            "submitter_name",
            "submitter_email",
            "data",
            "created_at",
            "confirmed_at",
            "decided_at",
            "decision_message",
        ),
        outcome=_("anonymised"),
        rows_for=_submission_rows(Submission),
        erase=_anonymising(
            "submitter_email",
            "data",
            "decision_message",
            blank=("submitter_email",),
            erased=("submitter_name",),
        ),
        related=("organisation",),
    ),
    Place(
        key="submission_history",
        label=_("Registrations and change requests: history"),
        model="registry.HistoricalSubmission",
        fields=(*HISTORY_FIELDS, "kind", "status", "submitter_name", "submitter_email", "data"),
        outcome=_("anonymised"),
        rows_for=_submission_rows(Submission.history.model),
        erase=_anonymising(
            "submitter_email",
            "data",
            "decision_message",
            blank=("submitter_email",),
            erased=("submitter_name",),
        ),
        order_by=("id", "history_date"),
    ),
    Place(
        key="access_links",
        label=_("E-mailed links"),
        model="registry.AccessLink",
        fields=("id", "purpose", "organisation", "email", "created_at", "expires_at", "used_at"),
        outcome=_("deleted"),
        match=lambda email: Q(email__iexact=email),
        erase=_delete,
        related=("organisation",),
    ),
    Place(
        key="problem_reports",
        label=_("Problem reports"),
        model="registry.ProblemReport",
        fields=("id", "organisation", "category", "message", "reporter_email", "created_at"),
        outcome=_("the reporter's address removed"),
        match=lambda email: Q(reporter_email__iexact=email) | Q(message__icontains=email),
        erase=_anonymising(
            "reporter_email", "message", "resolution_note", blank=("reporter_email",)
        ),
        related=("organisation",),
    ),
    Place(
        key="problem_report_history",
        label=_("Problem reports: history"),
        model="registry.HistoricalProblemReport",
        fields=(*HISTORY_FIELDS, "category", "message", "reporter_email"),
        outcome=_("the reporter's address removed"),
        match=lambda email: Q(reporter_email__iexact=email) | Q(message__icontains=email),
        erase=_anonymising(
            "reporter_email", "message", "resolution_note", blank=("reporter_email",)
        ),
        order_by=("id", "history_date"),
    ),
    Place(  # before the outbox: the outbox's tasks are found by its messages
        key="tasks",
        label=_("Background tasks"),
        model="django_tasks_database.DBTaskResult",
        fields=("id", "task_path", "status", "enqueued_at", "finished_at"),
        outcome=_("deleted"),
        rows_for=_task_rows,
        erase=_delete,
    ),
    Place(
        key="outbox",
        label=_("Outgoing e-mail"),
        model="registry.OutboxMessage",
        fields=("id", "to", "template", "subject", "status", "created_at", "sent_at"),
        outcome=_("deleted (mail to others: the address replaced)"),
        match=lambda email: (
            Q(to__iexact=email)
            | Q(subject__icontains=email)
            | Q(text__icontains=email)
            | Q(html__icontains=email)
        ),
        erase=_outbox_erase,
    ),
    _axes("axes.AccessAttempt", "signin_attempts", _("Sign-in attempts"), data=True),
    _axes("axes.AccessLog", "signin_log", _("Sign-ins")),
    _axes("axes.AccessFailureLog", "signin_failures", _("Failed sign-ins")),
    Place(
        key="rate_limits",
        label=_("Rate-limit records"),
        model="registry.RateLimitHit",
        fields=("id", "created_at"),
        outcome=_("deleted"),
        rows_for=_ratelimit_rows,
        erase=_delete,
    ),
    Place(
        key="sessions",
        label=_("Sessions in progress"),
        model="sessions.Session",
        fields=("expire_date",),
        outcome=_("deleted"),
        rows_for=_session_rows,
        erase=_delete,
        order_by=("expire_date",),
    ),
    Place(  # an uploaded spreadsheet's rows, kept until the import is done and pruned
        key="imports",
        label=_("Uploaded imports"),
        model="registry.ImportJob",
        fields=("id", "file_name", "status", "created_at", "finished_at"),
        outcome=_("the address and names replaced"),
        match=lambda email: (
            Q(rows__icontains=email) | Q(plan__icontains=email) | Q(error__icontains=email)
        ),
        erase=_scrubbing("rows", "plan", "error"),
    ),
    Place(
        key="user_accounts",
        label=_("User accounts"),
        model="auth.User",
        fields=("id", "username", "first_name", "last_name", "email", "date_joined", "last_login"),
        outcome=_("kept: an account is closed in the administration"),
        match=lambda email: Q(email__iexact=email) | Q(username__iexact=email),
    ),
]


def register_place(place: Place) -> None:
    """Add an app's place (from its ``AppConfig.ready()``); once per key."""
    if all(existing.key != place.key for existing in PLACES):
        PLACES.append(place)


def places() -> list[Place]:
    return list(PLACES)


def place(key: str) -> Place | None:
    return next((candidate for candidate in PLACES if candidate.key == key), None)


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


# --- Contact data to review --------------------------------------------------------------

REVIEW_MONTHS = 24


def review_cutoff(now=None):
    """The moment 24 months ago (29 February counts back to 28 February)."""
    now = now or timezone.now()
    years = REVIEW_MONTHS // 12
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


class Confirmation(models.TextChoices):
    CONSENT = "consent", _("consent given")
    CHANGE = "change", _("details changed")
    VERIFICATION = "verification", _("entry verified")


def contacts_with_confirmation() -> QuerySet[ContactPerson]:
    """Contact persons with ``confirmed_on``: the latest of the consent, the row's last
    change (``updated_at``, which is never before its creation) and the organisation's
    last verification."""
    last_verified = Cast(F("organisation__last_verified_on"), models.DateTimeField())
    return ContactPerson.objects.annotate(
        verified_on=last_verified,
        confirmed_on=Greatest("updated_at", "consent_given_at", last_verified),
    ).select_related("organisation", "organisation__home_municipality")


def stale_contacts(user) -> QuerySet[ContactPerson]:
    """Contact persons of the organisations ``user`` may edit whose data nobody has
    confirmed for 24 months (``contacts_with_confirmation``). Oldest first."""
    scope = Organisation.objects.filter(organisation_scope(user))
    return (
        contacts_with_confirmation()
        .filter(organisation__in=scope, confirmed_on__lt=review_cutoff())
        .order_by("confirmed_on", "id")
    )


def review_rows(contacts) -> list[dict]:
    """The review list's rows: each contact with when and how their data was last
    confirmed."""
    rows = []
    for contact in contacts:
        if contact.verified_on is not None and contact.confirmed_on == contact.verified_on:
            how = Confirmation.VERIFICATION
        elif contact.consent_given_at and contact.confirmed_on == contact.consent_given_at:
            how = Confirmation.CONSENT
        else:
            how = Confirmation.CHANGE
        rows.append(
            {
                "contact": contact,
                "organisation": contact.organisation,
                "confirmed_on": contact.confirmed_on,
                "how": how.label,
            }
        )
    return rows


# --- Retention -----------------------------------------------------------------------------


def _organisation_delete(organisation: Organisation) -> bool:
    """Delete a never-published organisation with everything of it, history included.
    False (and only its contact persons erased) when something refers to it."""
    contact_ids = list(organisation.contacts.values_list("pk", flat=True))
    submission_ids = list(organisation.submissions.values_list("pk", flat=True))
    report_ids = list(organisation.problem_reports.values_list("pk", flat=True))
    contacts_erase(contact_ids)
    try:
        with transaction.atomic():
            Organisation.objects.filter(pk=organisation.pk).delete()
    except ProtectedError:
        return False
    Organisation.history.filter(id=organisation.pk).delete()
    Submission.history.filter(id__in=submission_ids).delete()
    ProblemReport.history.filter(id__in=report_ids).delete()
    return True


def _never_published(organisations: QuerySet) -> QuerySet:
    published = Organisation.history.filter(
        id=OuterRef("pk"), publication_state=Organisation.PublicationState.PUBLISHED
    )
    return organisations.exclude(publication_state=Organisation.PublicationState.PUBLISHED).exclude(
        Exists(published)
    )


@dataclass
class Pruned:
    links: int = 0
    submissions: int = 0
    organisations: int = 0
    imports: int = 0


@transaction.atomic
@history.source(Source.SYSTEM)
def retention_prune(*, now=None) -> Pruned:
    """Delete what the portal no longer needs: e-mailed links spent or expired more than
    ``RETENTION_SPENT_LINK_DAYS`` ago, and submissions rejected more than
    ``RETENTION_REJECTED_SUBMISSION_DAYS`` ago with their history; a rejected
    registration whose entry was never published goes with its organisation, contact
    persons and their history; uploaded imports finished (or abandoned) more than
    ``RETENTION_IMPORT_DAYS`` ago (``manage.py prune_expired``, daily from cron)."""
    now = now or timezone.now()
    link_cutoff = now - datetime.timedelta(days=settings.RETENTION_SPENT_LINK_DAYS)
    links, _ = AccessLink.objects.filter(
        Q(used_at__lt=link_cutoff) | Q(expires_at__lt=link_cutoff)
    ).delete()
    cutoff = now - datetime.timedelta(days=settings.RETENTION_REJECTED_SUBMISSION_DAYS)
    rejected = Submission.objects.filter(status=Submission.Status.REJECTED, decided_at__lt=cutoff)
    ids = list(rejected.values_list("pk", flat=True))
    pruned = Pruned(links=links, submissions=len(ids))
    registrations = rejected.filter(kind=Submission.Kind.REGISTRATION).values("organisation_id")
    for organisation in _never_published(Organisation.objects.filter(pk__in=registrations)):
        if _organisation_delete(organisation):
            pruned.organisations += 1
    Submission.objects.filter(pk__in=ids).delete()
    Submission.history.filter(id__in=ids).delete()
    # An uploaded file's rows (names, addresses) are needed only until it is imported.
    import_cutoff = now - datetime.timedelta(days=settings.RETENTION_IMPORT_DAYS)
    pruned.imports, _ = ImportJob.objects.filter(
        Q(finished_at__lt=import_cutoff) | Q(finished_at__isnull=True, created_at__lt=import_cutoff)
    ).delete()
    return pruned
