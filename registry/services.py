"""Writes to the register: registration, moderation, self-service and problem reports.

Every function is atomic, validates with ``full_clean()`` before saving, records who
did what (history tables and the decision fields), and sends e-mail only after commit.
"""

import datetime
import uuid
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from registry import emails, history, personal_data, tokens, verification
from registry.changes import M2M_FIELDS, changed_values, serialise_changes
from registry.history import Source
from registry.idempotency import create_once
from registry.models import (
    AccessLink,
    ContactPerson,
    Organisation,
    OrganisationRedirect,
    ProblemReport,
    Submission,
)


class AlreadyDecided(Exception):
    """Another officer decided this first; nothing was changed."""

    def __init__(self, decided: Submission | ProblemReport):
        super().__init__(str(decided))
        self.decided = decided


class NothingChanged(Exception):
    """A change request that proposes the entry exactly as it is."""


@dataclass
class ContactData:
    name: str
    email: str
    role: str = ""
    phone: str = ""
    show_publicly: bool = False


@dataclass
class RegistrationResult:
    submission: Submission
    created: bool = True


# --- helpers -------------------------------------------------------------------------


# Paths under organisationer/ that are not organisations (registry/urls.py): an
# organisation with such a slug could never show its page.
RESERVED_SLUGS = frozenset({"forslag", "karta", "kommuner"})


def unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = (slugify(name) or "organisation")[:200]
    slug, number = base, 1
    taken = Organisation.objects.exclude(pk=exclude_pk)
    # The address of a merged entry stays a redirect to the entry it was merged into.
    while (
        slug in RESERVED_SLUGS
        or taken.filter(slug=slug).exists()
        or OrganisationRedirect.objects.filter(old_slug=slug).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    return slug


def _apply_scalar_changes(organisation: Organisation, data: dict) -> None:
    for name, value in data.items():
        if name in M2M_FIELDS:
            continue
        model_field = Organisation._meta.get_field(name)
        if model_field.is_relation:
            setattr(organisation, model_field.attname, value)
        elif name == "ceased_on" and value:
            organisation.ceased_on = datetime.date.fromisoformat(value)
        else:
            setattr(organisation, name, model_field.to_python(value))


def _set_m2m(organisation: Organisation, data: dict) -> None:
    for name in M2M_FIELDS & data.keys():
        getattr(organisation, name).set(data[name])
    if "municipalities" in data or "home_municipality" in data:
        organisation.ensure_home_municipality()


def _email_link(
    *,
    purpose: str,
    organisation: Organisation,
    to: str,
    template: str,
    url_name: str,
    language: str,
    context: dict,
    submission: Submission | None = None,
) -> None:
    """Create a single-use link and e-mail it (after commit), its address in ``url``."""
    _, token = tokens.access_link_create(
        purpose=purpose, organisation=organisation, email=to, submission=submission
    )
    url = emails.absolute_url(url_name, language=language, token=token)
    emails.send(to=to, template=template, context={**context, "url": url}, language=language)


# --- registration ------------------------------------------------------------------


@transaction.atomic
@history.source(Source.REGISTRATION)
def registration_submit(
    *,
    organisation: Organisation,
    m2m: dict,
    contacts: list[ContactData],
    submission_key: uuid.UUID,
    language: str,
) -> RegistrationResult:
    """Save a new organisation as a draft with its contacts, and e-mail the first
    contact a link to confirm their address. A repeated ``submission_key`` (double
    click, back and resubmit) returns the first submission and creates nothing."""
    submitter = contacts[0]

    def create() -> Submission:
        organisation.publication_state = Organisation.PublicationState.DRAFT
        organisation.status = Organisation.Status.ACTIVE
        organisation.slug = unique_slug(organisation.name)
        organisation.full_clean()
        organisation.save()
        submission = Submission(
            organisation=organisation,
            kind=Submission.Kind.REGISTRATION,
            status=Submission.Status.UNCONFIRMED,
            submitter_name=submitter.name,
            submitter_email=submitter.email,
            language=language,
            submission_key=submission_key,
        )
        submission.full_clean(exclude=["organisation"], validate_unique=False)
        submission.save()
        return submission

    submission, created = create_once(
        Submission, key_field="submission_key", key=submission_key, create=create
    )
    if not created:
        return RegistrationResult(submission=submission, created=False)
    _set_m2m(organisation, serialise_changes(m2m))
    now = timezone.now()
    for contact in contacts:
        person = ContactPerson(
            organisation=organisation,
            name=contact.name,
            role=contact.role,
            email=contact.email,
            phone=contact.phone,
            show_publicly=contact.show_publicly,
            legal_basis=ContactPerson.LegalBasis.CONSENT,
            consent_given_at=now,
        )
        person.full_clean()
        person.save()
    _send_confirmation(submission, to=submitter.email, language=language)
    return RegistrationResult(submission=submission)


def _send_confirmation(submission: Submission, *, to: str, language: str) -> None:
    """The registration's confirmation link, by e-mail to the one who registered."""
    _email_link(
        purpose=AccessLink.Purpose.CONFIRM_EMAIL,
        organisation=submission.organisation,
        to=to,
        template="confirm_email",
        url_name="registry:registration-confirm",
        language=language,
        context={"submission": submission, "organisation_name": submission.organisation.name},
        submission=submission,
    )


@transaction.atomic
@history.source(Source.REGISTRATION)
def registration_confirm_email(*, token: str) -> Submission:
    """The submitter proved their address: the submission joins the moderation queue."""
    link = tokens.access_link_spend(purpose=AccessLink.Purpose.CONFIRM_EMAIL, token=token)
    submission = Submission.objects.select_for_update().get(pk=link.submission_id)
    if submission.status == Submission.Status.UNCONFIRMED:
        submission.status = Submission.Status.PENDING
        submission.confirmed_at = link.used_at
        submission.save(update_fields=["status", "confirmed_at"])
        organisation = submission.organisation
        organisation.publication_state = Organisation.PublicationState.PENDING
        organisation.save(update_fields=["publication_state", "updated_at"])
    return submission


def registration_confirmation_resend(*, email: str, language: str) -> int:
    """E-mail a new confirmation link for every registration from ``email`` that still
    awaits its confirmation; the links sent before stop working (a new link replaces the
    old one). Confirmed or decided registrations get nothing. Returns how many were
    sent; the caller must not reveal it (it would tell who has registered)."""
    submissions = Submission.objects.filter(
        kind=Submission.Kind.REGISTRATION,
        status=Submission.Status.UNCONFIRMED,
        submitter_email__iexact=email.strip(),
    ).select_related("organisation")
    sent = 0
    with transaction.atomic():
        for submission in submissions.select_for_update(of=("self",)):
            AccessLink.objects.filter(
                purpose=AccessLink.Purpose.CONFIRM_EMAIL, submission=submission, used_at=None
            ).update(expires_at=timezone.now())
            _send_confirmation(submission, to=submission.submitter_email, language=language)
            sent += 1
    return sent


# --- moderation ------------------------------------------------------------------------


def _lock_pending(submission_id: int) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("organisation")
        .get(pk=submission_id)
    )
    if submission.status != Submission.Status.PENDING:
        raise AlreadyDecided(submission)
    return submission


def _record_decision(submission: Submission, *, status: str, officer, message: str) -> None:
    submission.status = status
    submission.decided_by = officer
    submission.decided_at = timezone.now()
    submission.decision_message = message
    submission.full_clean(exclude=["organisation"])
    submission.save()


def _notify(submission: Submission, template: str, **context) -> None:
    emails.send(
        to=submission.submitter_email,
        template=template,
        context={
            "submission": submission,
            "organisation_name": submission.organisation.name,
            **context,
        },
        language=submission.language,
    )


@transaction.atomic
def submission_approve(*, submission_id: int, officer, message: str = "") -> Submission:
    """Publish a registration, or apply a change request to the public entry."""
    submission = _lock_pending(submission_id)
    organisation = Organisation.objects.select_for_update().get(pk=submission.organisation_id)
    change = submission.kind == Submission.Kind.CHANGE
    with history.source(Source.CHANGE_REQUEST if change else Source.REGISTRATION):
        if change:
            _apply_scalar_changes(organisation, submission.data)
        organisation.publication_state = Organisation.PublicationState.PUBLISHED
        organisation.last_verified_on = timezone.localdate()
        organisation.full_clean()
        organisation.save()
        if change:
            _set_m2m(organisation, submission.data)
    submission.organisation = organisation
    _record_decision(
        submission, status=Submission.Status.APPROVED, officer=officer, message=message
    )
    _notify(
        submission,
        "submission_approved",
        url=emails.absolute_url(
            "registry:organisation-detail", language=submission.language, slug=organisation.slug
        ),
    )
    return submission


@transaction.atomic
@history.source(Source.REGISTRATION)
def submission_reject(*, submission_id: int, officer, reason: str) -> Submission:
    """Turn down a submission with a reason. A rejected registration stays hidden."""
    submission = _lock_pending(submission_id)
    if submission.kind == Submission.Kind.REGISTRATION:
        organisation = submission.organisation
        organisation.publication_state = Organisation.PublicationState.HIDDEN
        organisation.save(update_fields=["publication_state", "updated_at"])
    _record_decision(submission, status=Submission.Status.REJECTED, officer=officer, message=reason)
    _notify(submission, "submission_rejected", reason=reason)
    return submission


@transaction.atomic
def submission_request_changes(*, submission_id: int, officer, message: str) -> Submission:
    """Send the submission back with the officer's message and a link to the form."""
    submission = _lock_pending(submission_id)
    if submission.kind == Submission.Kind.REGISTRATION:
        organisation = submission.organisation
        organisation.publication_state = Organisation.PublicationState.DRAFT
        organisation.save(update_fields=["publication_state", "updated_at"])
    _record_decision(
        submission, status=Submission.Status.CHANGES_REQUESTED, officer=officer, message=message
    )
    _email_link(
        purpose=AccessLink.Purpose.EDIT,
        organisation=submission.organisation,
        to=submission.submitter_email,
        template="submission_changes_requested",
        url_name="registry:edit-link",
        language=submission.language,
        context={
            "submission": submission,
            "organisation_name": submission.organisation.name,
            "message": message,
        },
        submission=submission,
    )
    return submission


# --- self-service --------------------------------------------------------------------


def edit_link_request(*, email: str, language: str) -> int:
    """E-mail an edit link for every entry where ``email`` is a contact person.
    Returns how many were sent; the caller must not reveal it (it would leak who is
    registered)."""
    contacts = (
        ContactPerson.objects.filter(email__iexact=email.strip())
        .exclude(organisation__publication_state=Organisation.PublicationState.HIDDEN)
        .select_related("organisation")
    )
    sent = 0
    with transaction.atomic():
        for contact in contacts:
            _email_link(
                purpose=AccessLink.Purpose.EDIT,
                organisation=contact.organisation,
                to=contact.email,
                template="edit_link",
                url_name="registry:edit-link",
                language=language,
                context={"organisation_name": contact.organisation.name},
            )
            sent += 1
    return sent


@transaction.atomic
def edit_link_use(*, token: str) -> AccessLink:
    """Spend a single-use edit link; the caller then grants an editing session."""
    return tokens.access_link_spend(purpose=AccessLink.Purpose.EDIT, token=token)


@transaction.atomic
def change_request_submit(
    *,
    organisation: Organisation,
    data: dict,
    submitter_email: str,
    submitter_name: str,
    submission_key: uuid.UUID,
    language: str,
) -> Submission:
    """Propose changes to an entry. A published entry stays as it is until an officer
    approves; a registration sent back for changes is corrected in place and returns to
    the queue."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    data = changed_values(organisation, data)
    returned = (
        organisation.submissions.select_for_update()
        .filter(kind=Submission.Kind.REGISTRATION, status=Submission.Status.CHANGES_REQUESTED)
        .first()
    )
    if returned and not organisation.is_published:
        _apply_scalar_changes(organisation, data)
        organisation.publication_state = Organisation.PublicationState.PENDING
        organisation.full_clean()
        organisation.save()
        _set_m2m(organisation, data)
        returned.status = Submission.Status.PENDING
        returned.save(update_fields=["status"])
        return returned
    if not data:
        raise NothingChanged
    submission = Submission(
        organisation=organisation,
        kind=Submission.Kind.CHANGE,
        status=Submission.Status.PENDING,
        data=data,
        base_version=organisation.version,
        submitter_name=submitter_name,
        submitter_email=submitter_email,
        language=language,
        submission_key=submission_key,
        confirmed_at=timezone.now(),  # the edit link proved the address
    )

    def create() -> Submission:
        submission.full_clean(validate_unique=False)  # the key's uniqueness: create_once
        submission.save()
        return submission

    return create_once(Submission, key_field="submission_key", key=submission_key, create=create)[0]


@transaction.atomic
@history.source(Source.SELF_SERVICE)
def contact_withdraw_consent(*, contact: ContactPerson) -> ContactPerson:
    """Stop showing the person publicly, at once."""
    contact = ContactPerson.objects.select_for_update().get(pk=contact.pk)
    contact.show_publicly = False
    contact.save(update_fields=["show_publicly", "updated_at"])
    return contact


@transaction.atomic
@history.source(Source.SELF_SERVICE)
def contact_remove(*, contact: ContactPerson) -> None:
    """Erase a contact person, their history rows included (GDPR erasure)."""
    personal_data.contacts_erase([contact.pk])


@transaction.atomic
@history.source(Source.SELF_SERVICE)
def contact_add(*, organisation: Organisation, contact: ContactData) -> ContactPerson:
    person = ContactPerson(
        organisation=organisation,
        name=contact.name,
        role=contact.role,
        email=contact.email,
        phone=contact.phone,
        show_publicly=contact.show_publicly,
        legal_basis=ContactPerson.LegalBasis.CONSENT,
        consent_given_at=timezone.now(),
    )
    person.full_clean()
    person.save()
    return person


# --- "Is this still right?" ---------------------------------------------------------------


def verification_requests_send(*, language: str = "sv", scope: Q | None = None) -> int:
    """Ask every entry of ``verification.due_for_verification(scope)`` (active,
    published, not verified for 12 months, not asked in the last 30 days, with an
    address; an officer's own municipalities' through ``access.organisation_scope``)
    whether it is still right, at each of ``verification.recipients()``. Returns how
    many were asked."""
    asked = 0
    organisations = verification.due_for_verification(scope)
    for organisation in organisations.iterator(chunk_size=500):
        verification_request_send(organisation=organisation, language=language)
        asked += 1
    return asked


@transaction.atomic
def verification_request_send(*, organisation: Organisation, language: str = "sv") -> int:
    """Ask one organisation whether its entry is still right, at each of
    ``verification.recipients()``. Returns how many addresses were written to."""
    recipients = verification.recipients(organisation)
    for email in recipients:
        _email_link(
            purpose=AccessLink.Purpose.VERIFY,
            organisation=organisation,
            to=email,
            template=verification.TEMPLATE,
            url_name="registry:verify",
            language=language,
            context=verification.email_context(organisation, url=""),
        )
    return len(recipients)


@transaction.atomic
@history.source(Source.VERIFICATION)
def verification_confirm(*, token: str) -> Organisation:
    """The organisation says its entry is still right: set "last verified" to today."""
    link = tokens.access_link_spend(purpose=AccessLink.Purpose.VERIFY, token=token)
    organisation = Organisation.objects.select_for_update().get(pk=link.organisation_id)
    organisation.last_verified_on = timezone.localdate()
    organisation.save(update_fields=["last_verified_on", "updated_at"])
    return organisation


@transaction.atomic
def verification_wants_changes(*, token: str) -> AccessLink:
    """The entry is no longer right: spend the link and let the caller open editing."""
    return tokens.access_link_spend(purpose=AccessLink.Purpose.VERIFY, token=token)


# --- problem reports -----------------------------------------------------------------


@transaction.atomic
def problem_report_submit(
    *,
    organisation: Organisation,
    category: str,
    message: str,
    reporter_email: str,
    submission_key: uuid.UUID,
) -> ProblemReport:
    def create() -> ProblemReport:
        report = ProblemReport(
            organisation=organisation,
            category=category,
            message=message,
            reporter_email=reporter_email,
            submission_key=submission_key,
        )
        report.full_clean(validate_unique=False)  # the key's uniqueness: create_once
        report.save()
        return report

    return create_once(
        ProblemReport, key_field="submission_key", key=submission_key, create=create
    )[0]


@transaction.atomic
def problem_report_resolve(*, report_id: int, officer, note: str) -> ProblemReport:
    report = ProblemReport.objects.select_for_update().get(pk=report_id)
    if report.status == ProblemReport.Status.RESOLVED:
        raise AlreadyDecided(report)
    report.status = ProblemReport.Status.RESOLVED
    report.resolved_by = officer
    report.resolved_at = timezone.now()
    report.resolution_note = note
    report.full_clean()
    report.save()
    return report
