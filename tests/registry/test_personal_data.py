"""Personal data (GDPR): finding a person's data by e-mail address, exporting it,
erasing it so that no copy remains in any table, and the retention rules."""

import datetime
import io
import json
import uuid

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from partnerships.models import FollowUpNote
from registry import history, personal_data, services, tokens
from registry.history import Source
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
from tests.factories import ContactPersonFactory, OrganisationFactory
from tests.mail import run_worker
from tests.partnerships.factories import FollowUpNoteFactory
from tests.registry.helpers import make_officer

EMAIL = "Ingegerd.Wahlqvist@Kvarnbacken.example.se"
NAME = "Ingegerd Wahlqvist"
OTHER = "bo.berg@example.se"

pytestmark = pytest.mark.django_db

TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb", "tsvector", "ARRAY")


def tables_holding(needle: str) -> dict[str, int]:
    """Every table and text-like column of the database (found by introspection, so the
    models of every app count) with the rows that hold ``needle``, any case."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND data_type = ANY(%s) "
            "AND table_name IN (SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE')",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        found = {}
        quote = connection.ops.quote_name
        for table, column in columns:
            cursor.execute(
                f"SELECT count(*) FROM {quote(table)} WHERE {quote(column)}::text ILIKE %s",
                [f"%{needle}%"],
            )
            count = cursor.fetchone()[0]
            if count:
                found[f"{table}.{column}"] = count
    return found


@pytest.fixture
def officer():
    return make_officer()


@pytest.fixture
def admin():
    return User.objects.create_superuser("admin", "admin@kommun.example.se", "ett-langt-losenord")


def register(*, email: str, name: str, key=None) -> Submission:
    organisation = Organisation(
        name=f"Kvarnbackens Arbetskooperativ {uuid.uuid4().hex[:6]}",
        legal_form_id="51",
        kind=Organisation.Kind.COOPERATIVE,
        home_municipality_id="1814",
        email=email.lower(),
    )
    result = services.registration_submit(
        organisation=organisation,
        m2m={},
        contacts=[services.ContactData(name=name, email=email, role="Verksamhetsledare")],
        submission_key=key or uuid.uuid4(),
        language="sv",
    )
    return result.submission


def confirm(submission: Submission) -> None:
    link = AccessLink.objects.get(submission=submission, purpose=AccessLink.Purpose.CONFIRM_EMAIL)
    services.registration_confirm_email(token=tokens.access_link_token(link))


@pytest.fixture
def person(officer):
    """Everything a person leaves behind: a registration (confirmed and approved), a
    second one rejected with their name in the message, a change request, a problem
    report, an edit link, the e-mails sent, a contact person edited twice, a sign-in
    attempt, a session with a registration in progress and an officer's note."""
    approved = register(email=EMAIL, name=NAME)
    confirm(approved)
    services.submission_approve(submission_id=approved.pk, officer=officer)
    rejected = register(email=EMAIL, name=NAME)
    confirm(rejected)
    services.submission_reject(
        submission_id=rejected.pk, officer=officer, reason=f"Hej {NAME}, vi finns redan."
    )
    organisation = approved.organisation
    contact = organisation.contacts.get()
    with history.source(Source.SELF_SERVICE):
        contact.phone = "070-123 45 67"
        contact.save()
        contact.role = "Ordförande"
        contact.save()
    LogEntry.objects.create(  # an administrator corrected the contact in the admin
        user=officer,
        content_type=ContentType.objects.get_for_model(ContactPerson),
        object_id=str(contact.pk),
        object_repr=str(contact),
        action_flag=CHANGE,
        change_message='[{"changed": {"fields": ["Phone"]}}]',
    )
    services.edit_link_request(email=EMAIL, language="sv")
    services.change_request_submit(
        organisation=organisation,
        data={"presentation": f"Kontakta {NAME} på {EMAIL}."},
        submitter_email=EMAIL,
        submitter_name=NAME,
        submission_key=uuid.uuid4(),
        language="sv",
    )
    elsewhere = OrganisationFactory()
    services.problem_report_submit(
        organisation=elsewhere,
        category=ProblemReport.Category.WRONG_DETAILS,
        message=f"Fel telefonnummer. /{NAME}",
        reporter_email=EMAIL,
        submission_key=uuid.uuid4(),
    )
    AccessAttempt.objects.create(
        username=EMAIL.lower(),
        ip_address="192.0.2.1",
        user_agent="test",
        http_accept="*/*",
        path_info="/inloggning/",
        get_data="",
        post_data=f"username={EMAIL}",
        failures_since_start=1,
    )
    AccessLog.objects.create(
        username=EMAIL, ip_address="192.0.2.1", user_agent="t", http_accept="*/*", path_info="/"
    )
    session = SessionStore()
    session["registry_registration"] = {"contacts-0-email": EMAIL, "contacts-0-name": NAME}
    session.create()
    FollowUpNoteFactory(text=f"Möte med {NAME} ({EMAIL}) om lokaler.")
    ImportJob.objects.create(  # an officer's spreadsheet that names the person
        created_by=officer,
        municipality_id="1814",
        file_name="foreningar.csv",
        headers=["Namn", "E-post", "Kontaktperson"],
        rows=[["Byalaget", EMAIL, NAME], ["Annat", OTHER, "Bo Berg"]],
    )
    # Someone else, who must keep everything.
    ContactPersonFactory(organisation=organisation, name="Bo Berg", email=OTHER)
    run_worker()  # the e-mails are sent: the outbox and the task rows have them
    return organisation


def test_the_search_of_every_table_finds_the_person_before_erasure(person):
    """The check below can fail: before erasure it finds the address and the name in
    the registry's tables, their history, the outbox, the sign-in log and the notes."""
    holding = tables_holding(EMAIL)
    for table in (
        "registry_contactperson.email",
        "registry_historicalcontactperson.email",
        "registry_organisation.email",
        "registry_historicalorganisation.email",
        "registry_submission.submitter_email",
        "registry_submission.data",
        "registry_historicalsubmission.submitter_email",
        "registry_accesslink.email",
        "registry_problemreport.reporter_email",
        "registry_outboxmessage.to",
        "axes_accessattempt.username",
        "axes_accesslog.username",
        "partnerships_followupnote.text",
    ):
        assert table in holding, table
    names = tables_holding(NAME)
    assert "registry_submission.submitter_name" in names
    assert "django_admin_log.object_repr" in names


def test_find_counts_every_place_without_regard_to_case(person):
    found = {item.place.key: item.count for item in personal_data.find(EMAIL.upper())}
    assert found["contact_persons"] == 2  # one contact for each registration
    assert found["contact_person_history"] >= 4  # created twice, edited twice
    assert found["organisations"] == 2
    assert found["submissions"] == 3
    assert found["access_links"] == 3  # two confirmations, one edit link
    assert found["problem_reports"] == 1
    assert found["outbox"] >= 4
    assert found["tasks"] >= 4
    assert found["signin_attempts"] == 1
    assert found["signin_log"] == 1
    assert found["rate_limits"] >= 1  # the per-recipient limit of the e-mailed links
    assert found["sessions"] == 1
    assert found["followup_notes"] == 1
    assert found["admin_log"] == 1
    assert found["user_accounts"] == 0
    other = {item.place.key: item.count for item in personal_data.find(OTHER)}
    assert other["contact_persons"] == 1
    assert other["submissions"] == 0


def test_export_is_json_with_one_key_a_place_and_iso_dates(person, admin, caplog):
    document = json.loads(personal_data.export(EMAIL, user=admin))
    assert document["exported_by"] == "admin"
    datetime.datetime.fromisoformat(document["exported_at"])
    assert set(document["places"]) == {place.key for place in personal_data.places()}
    contacts = document["places"]["contact_persons"]
    assert {row["name"] for row in contacts} == {NAME}
    datetime.datetime.fromisoformat(contacts[0]["created_at"])
    assert all(
        OTHER not in json.dumps(rows) for rows in document["places"].values()
    )  # only this person
    assert "Personal data exported" in caplog.text
    assert EMAIL.lower() not in caplog.text.lower()


def test_erasure_leaves_no_copy_in_any_table(person, admin, officer):
    erasure, created = personal_data.erase(email=EMAIL, user=admin, submission_key=uuid.uuid4())
    assert created
    assert tables_holding(EMAIL) == {}
    assert tables_holding(NAME) == {}
    assert tables_holding("Wahlqvist") == {}
    # Nor in a session, which is signed rather than plain text.
    found = {item.place.key: item.count for item in personal_data.find(EMAIL)}
    assert sum(found.values()) == 0, found
    # The record: numbers only.
    assert erasure.counts["contact_persons"] == 2
    assert erasure.counts["access_links"] == 3
    assert EMAIL.lower() not in json.dumps(erasure.counts).lower()
    assert erasure.reference == f"RAD-{erasure.pk:06d}"
    # The other person and the public entry stay.
    assert ContactPerson.objects.filter(email=OTHER).exists()
    person.refresh_from_db()
    assert person.is_published and person.email == ""
    assert person.history.latest().source == Source.ERASURE
    # The submissions stay as anonymised records of the decisions.
    assert Submission.objects.filter(submitter_name=personal_data.ERASED).count() == 3
    assert ProblemReport.objects.get().reporter_email == ""
    assert FollowUpNote.objects.get().text == "Möte med [raderad] ([raderad]) om lokaler."


def test_erasure_is_atomic(person, admin, monkeypatch):
    def fail(rows, ctx):
        raise RuntimeError("disk full")

    place = personal_data.place("outbox")
    failing = personal_data.Place(**{**place.__dict__, "erase": fail})
    monkeypatch.setattr(
        personal_data, "PLACES", [failing if p is place else p for p in personal_data.PLACES]
    )
    with pytest.raises(RuntimeError):
        personal_data.erase(email=EMAIL, user=admin, submission_key=uuid.uuid4())
    assert ContactPerson.objects.filter(email__iexact=EMAIL).count() == 2
    assert not Erasure.objects.exists()


def test_a_repeated_erasure_key_erases_once(person, admin):
    key = uuid.uuid4()
    first, _ = personal_data.erase(email=EMAIL, user=admin, submission_key=key)
    again, created = personal_data.erase(email=EMAIL, user=admin, submission_key=key)
    assert again == first and not created
    assert Erasure.objects.count() == 1


def test_open_submissions_are_closed_without_mail(officer, admin, mailoutbox):
    unconfirmed = register(email=EMAIL, name=NAME)
    waiting = register(email=EMAIL, name=NAME)
    confirm(waiting)
    run_worker()
    sent = len(mailoutbox)
    erasure, _ = personal_data.erase(email=EMAIL, user=admin, submission_key=uuid.uuid4())
    assert not Organisation.objects.filter(pk=unconfirmed.organisation_id).exists()
    waiting.refresh_from_db()
    assert waiting.status == Submission.Status.REJECTED and waiting.decided_by == admin
    assert waiting.organisation.publication_state == Organisation.PublicationState.HIDDEN
    assert erasure.counts["closed_submissions"] == 2
    run_worker()
    assert len(mailoutbox) == sent
    assert tables_holding(EMAIL) == {}


def test_self_service_removal_erases_the_contact_and_its_history(person):
    contact = ContactPerson.objects.filter(email=OTHER).get()
    services.contact_remove(contact=contact)
    assert not ContactPerson.history.filter(id=contact.pk).exists()


# --- Contact data to review ---------------------------------------------------------------


def _age(contact: ContactPerson, *, days: int, verified_days: int | None = None):
    then = timezone.now() - datetime.timedelta(days=days)
    ContactPerson.objects.filter(pk=contact.pk).update(updated_at=then, consent_given_at=None)
    Organisation.objects.filter(pk=contact.organisation_id).update(
        last_verified_on=None
        if verified_days is None
        else timezone.localdate() - datetime.timedelta(days=verified_days)
    )


def test_review_lists_contacts_not_confirmed_for_24_months_in_the_officers_scope():
    from tests.partnerships.factories import OfficerFactory

    officer = OfficerFactory(municipalities=["0583"])
    stale = ContactPersonFactory()
    _age(stale, days=800)
    fresh_by_verification = ContactPersonFactory()
    _age(fresh_by_verification, days=800, verified_days=10)
    recent = ContactPersonFactory()
    _age(recent, days=100)
    elsewhere = ContactPersonFactory(organisation=OrganisationFactory(home_municipality_id="1814"))
    _age(elsewhere, days=800)
    assert list(personal_data.stale_contacts(officer)) == [stale]
    row = personal_data.review_rows(personal_data.stale_contacts(officer))[0]
    assert row["how"] == personal_data.Confirmation.CHANGE.label


# --- Retention -----------------------------------------------------------------------------


def test_uploaded_imports_go_after_the_retention_time(settings, officer):
    settings.RETENTION_IMPORT_DAYS = 30
    now = timezone.now()

    def job(**when):
        return ImportJob.objects.create(
            created_by=officer, municipality_id="1814", file_name="a.csv", **when
        )

    old_done = job(finished_at=now - datetime.timedelta(days=31))
    old_abandoned = job(created_at=now - datetime.timedelta(days=40))
    recent = job(finished_at=now - datetime.timedelta(days=2))
    running = job()
    pruned = personal_data.retention_prune()
    assert pruned.imports == 2
    remaining = set(ImportJob.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, running.pk}
    assert not {old_done.pk, old_abandoned.pk} & remaining


def test_spent_and_expired_links_go_after_the_retention_time(settings):
    settings.RETENTION_SPENT_LINK_DAYS = 30
    organisation = OrganisationFactory()
    now = timezone.now()

    def link(**when):
        values = {"expires_at": now + datetime.timedelta(days=3), **when}
        return AccessLink.objects.create(
            purpose=AccessLink.Purpose.EDIT,
            organisation=organisation,
            email=OTHER,
            nonce="n",
            **values,
        )

    old_spent = link(used_at=now - datetime.timedelta(days=31))
    old_expired = link(expires_at=now - datetime.timedelta(days=31))
    recent_spent = link(used_at=now - datetime.timedelta(days=5))
    unused = link()
    pruned = personal_data.retention_prune()
    assert pruned.links == 2
    remaining = set(AccessLink.objects.values_list("pk", flat=True))
    assert remaining == {recent_spent.pk, unused.pk}
    assert old_spent.pk not in remaining and old_expired.pk not in remaining


def test_rejected_submissions_go_after_the_retention_time_with_a_never_published_entry(
    settings, officer
):
    settings.RETENTION_REJECTED_SUBMISSION_DAYS = 180
    old = register(email=EMAIL, name=NAME)
    confirm(old)
    services.submission_reject(submission_id=old.pk, officer=officer, reason="Finns redan.")
    recent = register(email=OTHER, name="Bo Berg")
    confirm(recent)
    services.submission_reject(submission_id=recent.pk, officer=officer, reason="Finns redan.")
    Submission.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=181)
    )
    pruned = personal_data.retention_prune()
    assert (pruned.submissions, pruned.organisations) == (1, 1)
    assert not Submission.objects.filter(pk=old.pk).exists()
    assert not Submission.history.filter(id=old.pk).exists()
    assert not Organisation.objects.filter(pk=old.organisation_id).exists()
    assert not Organisation.history.filter(id=old.organisation_id).exists()
    assert not ContactPerson.history.filter(name=NAME).exists()
    assert Submission.objects.filter(pk=recent.pk).exists()
    assert tables_holding(NAME) == {}


def test_a_rejected_change_request_goes_but_the_published_entry_stays(settings, officer):
    settings.RETENTION_REJECTED_SUBMISSION_DAYS = 180
    organisation = OrganisationFactory()
    change = services.change_request_submit(
        organisation=organisation,
        data={"presentation": "Ny text."},
        submitter_email=EMAIL,
        submitter_name=NAME,
        submission_key=uuid.uuid4(),
        language="sv",
    )
    services.submission_reject(submission_id=change.pk, officer=officer, reason="Nej.")
    Submission.objects.filter(pk=change.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=200)
    )
    out = io.StringIO()
    call_command("prune_expired", stdout=out)
    assert "1 rejected submissions" in out.getvalue()
    assert not Submission.objects.filter(pk=change.pk).exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_rate_limit_keys_never_hold_the_address(person):
    assert not RateLimitHit.objects.filter(key__icontains="example").exists()
    assert OutboxMessage.objects.filter(to__iexact=EMAIL).exists()
    assert DBTaskResult.objects.exists()


def test_every_model_with_an_email_field_is_a_place():
    """A new model that stores an address must be found and erased: give it a place in
    ``registry.personal_data.PLACES`` (or ``register_place`` from its app)."""
    from django.apps import apps
    from django.db.models import EmailField

    covered = {apps.get_model(place.model) for place in personal_data.places()}
    holding = {
        model
        for model in apps.get_models()
        if any(isinstance(field, EmailField) for field in model._meta.fields)
    }
    assert holding - covered == set()


def test_someone_elses_submission_that_mentions_the_address_keeps_its_sender(officer, admin):
    organisation = OrganisationFactory()
    change = services.change_request_submit(
        organisation=organisation,
        data={"email": EMAIL, "presentation": f"Fråga {EMAIL}."},
        submitter_email=OTHER,
        submitter_name="Bo Berg",
        submission_key=uuid.uuid4(),
        language="sv",
    )
    personal_data.erase(email=EMAIL, user=admin, submission_key=uuid.uuid4())
    change.refresh_from_db()
    assert (change.submitter_name, change.submitter_email) == ("Bo Berg", OTHER)
    assert change.status == Submission.Status.PENDING
    assert change.data == {"email": "", "presentation": "Fråga [raderad]."}
    # It can still be decided: the proposed address is empty, not an invalid value.
    services.submission_approve(submission_id=change.pk, officer=officer)
    assert tables_holding(EMAIL) == {}
