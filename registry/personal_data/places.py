"""Every place that can hold a person's e-mail address (``PLACES``): what to look for,
what to show and export, and what erasure does there (see ``registry.personal_data``)."""

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import F, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry import ratelimit
from registry.locking import Versioned
from registry.models import (
    ContactPerson,
    Organisation,
    OutboxMessage,
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
