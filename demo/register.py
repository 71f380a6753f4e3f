"""Writing the demo register: through the register's services, or in bulk for benchmarks.

``seed_demo_organisations`` makes sure the first ``count`` organisations of a seed
(``demo.organisations``) are in the register; those already there (same slug or
organisation number) are skipped, so running it again adds nothing.

- Through the services (the default up to ``BULK_FROM``): each organisation is
  registered as a person would (``registration_submit``), its submitter confirms the
  e-mail link, and the demo officer approves it (``submission_approve``), rejects it or
  leaves it in the queue; one that has ceased is reported ceased and the report
  approved. Every rule of the register applies, and the entries have their submissions,
  decisions and history rows. Then the dates are set back (created, last verified),
  which no service can do, so the register looks kept for years. No e-mail leaves: the
  mail backend is Django's dummy one while it runs.
- In bulk (``bulk=True``, and automatically above ``BULK_FROM``): rows are written with
  ``bulk_create`` in batches, one transaction per batch, and the tables ANALYZEd. That
  bypasses ``save()`` and the services: no history rows, submissions or e-mail. The
  services write one row after another, and 300 000 organisations through them take
  hours; in bulk they take minutes.
"""

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection, transaction
from django.test import override_settings
from django.utils import timezone

from demo.officer import demo_officer
from demo.organisations import DEFAULT_SEED, DemoOrganisation, DemoRegister, Reference
from demo.texts import DataMissing, load
from registry import services, tokens
from registry.models import (
    AccessLink,
    ActivityArea,
    ContactPerson,
    GlobalGoal,
    Municipality,
    OfferCategory,
    Organisation,
    Submission,
)

DEFAULT_BATCH_SIZE = 2000
BULK_FROM = 1000  # more organisations than this are written in bulk
NAMESPACE = uuid.UUID("5d0c3a51-8f2e-4b7a-9c1d-058318142015")
NO_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}

State = Organisation.PublicationState


@dataclass(frozen=True)
class SeedResult:
    created: int
    skipped: int
    bulk: bool


Progress = Callable[[int, int, int], None]  # (generated so far, asked for, created so far)


def seed_demo_organisations(
    *,
    count: int,
    seed: int = DEFAULT_SEED,
    all_published: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    bulk: bool | None = None,
    progress: Progress | None = None,
) -> SeedResult:
    """Add the first ``count`` demo organisations of ``seed`` that are not there yet,
    through the services, or in bulk when ``bulk`` (``None``: above ``BULK_FROM``)."""
    reference = Reference.load()
    if not reference.is_complete:
        raise DataMissing("Reference data is missing: run migrate first.")
    if bulk is None:
        bulk = count > BULK_FROM
    register = DemoRegister(seed=seed, reference=reference, all_published=all_published)
    writer = bulk_insert if bulk else Registrar(register=register, seed=seed)
    created = done = 0
    with override_settings(MAILERS=NO_MAIL):
        for batch in batched(register.generate(count), batch_size):
            new = without_existing(batch)
            if new:
                with transaction.atomic():
                    writer(new)
            created += len(new)
            done += len(batch)
            if progress:
                progress(done, count, created)
    if created and bulk:
        analyze()
    return SeedResult(created=created, skipped=count - created, bulk=bulk)


def batched(items: Iterable[DemoOrganisation], size: int) -> Iterator[list[DemoOrganisation]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def without_existing(batch: list[DemoOrganisation]) -> list[DemoOrganisation]:
    """Drop organisations whose slug or org number the register already has."""
    slugs = [demo.organisation.slug for demo in batch]
    numbers = [demo.organisation.org_number for demo in batch if demo.organisation.org_number]
    taken_slugs = set(Organisation.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    taken_numbers = set(
        Organisation.objects.filter(org_number__in=numbers).values_list("org_number", flat=True)
    )
    return [
        demo
        for demo in batch
        if demo.organisation.slug not in taken_slugs
        and demo.organisation.org_number not in taken_numbers
    ]


# --- Through the services ------------------------------------------------------------------


def key(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, "/".join(str(part) for part in parts))


class Registrar:
    """Registers demo organisations as their submitters and the demo officer would."""

    def __init__(self, *, register: DemoRegister, seed: int) -> None:
        self.register = register
        self.seed = seed
        self.officer = demo_officer()
        self.reasons = load("organisations")["moderation"]["rejection_reasons"]
        self.instances = {
            "activity_areas": ActivityArea.objects.in_bulk(),
            "global_goals": GlobalGoal.objects.in_bulk(),
            "municipalities": Municipality.objects.in_bulk(),
            "offer_categories": OfferCategory.objects.in_bulk(),
        }

    def __call__(self, batch: list[DemoOrganisation]) -> None:
        for item in batch:
            self.register_one(item)

    def register_one(self, item: DemoOrganisation) -> None:
        organisation = item.organisation
        # What the generator wants; the services decide the rest as for anyone.
        wanted, ceased_on = organisation.publication_state, organisation.ceased_on
        created_at, verified_on = organisation.created_at, organisation.last_verified_on
        organisation.status, organisation.ceased_on = Organisation.Status.ACTIVE, None
        organisation.last_verified_on = None
        contacts = [
            self.contact_data(person)
            for person in (item.contacts or [self.register.submitter(item, self.seed)])
        ]
        result = services.registration_submit(
            organisation=organisation,
            m2m=self.m2m(item),
            contacts=contacts,
            submission_key=key("registration", self.seed, item.index),
            language="en" if item.index % 15 == 7 else "sv",
        )
        if not result.created:
            return
        submission = result.submission
        if wanted == State.DRAFT:
            return  # the submitter never opened the confirmation link
        confirm_email(submission)
        if wanted == State.PENDING:
            return  # waiting in the moderation queue
        if wanted == State.HIDDEN:
            services.submission_reject(
                submission_id=submission.pk,
                officer=self.officer,
                reason=self.reasons[item.index % len(self.reasons)],
            )
            return
        services.submission_approve(submission_id=submission.pk, officer=self.officer)
        if ceased_on:
            report = services.change_request_submit(
                organisation=organisation,
                data={"status": Organisation.Status.CEASED, "ceased_on": ceased_on.isoformat()},
                submitter_email=contacts[0].email,
                submitter_name=contacts[0].name,
                submission_key=key("ceased", self.seed, item.index),
                language=submission.language,
            )
            services.submission_approve(submission_id=report.pk, officer=self.officer)
        # Registered and verified in the past, as in a register kept for years.
        created_on = timezone.localdate(created_at)
        Organisation.objects.filter(pk=organisation.pk).update(
            created_at=created_at,
            last_verified_on=max(verified_on or created_on, created_on),
        )

    def m2m(self, item: DemoOrganisation) -> dict:
        ids = {
            "activity_areas": item.area_ids,
            "global_goals": item.goal_ids,
            "municipalities": item.municipality_codes,
            "offer_categories": item.offer_category_ids,
        }
        return {name: [self.instances[name][pk] for pk in pks] for name, pks in ids.items()}

    @staticmethod
    def contact_data(person: ContactPerson) -> services.ContactData:
        return services.ContactData(
            name=person.name,
            email=person.email,
            role=person.role,
            phone=person.phone,
            show_publicly=person.show_publicly,
        )


def confirm_email(submission: Submission) -> Submission:
    """What the submitter does with the e-mail: open the link and press the button."""
    link = AccessLink.objects.get(submission=submission, purpose=AccessLink.Purpose.CONFIRM_EMAIL)
    return services.registration_confirm_email(token=tokens.access_link_token(link))


# --- In bulk, for benchmarks ---------------------------------------------------------------


def bulk_insert(batch: list[DemoOrganisation]) -> None:
    """The organisations, their many-to-many rows and their contacts, with bulk_create
    (in the caller's transaction). No history rows, submissions or e-mail."""
    Organisation.objects.bulk_create([demo.organisation for demo in batch])
    links = (
        (Organisation.activity_areas.through, "activityarea_id", "area_ids"),
        (Organisation.global_goals.through, "globalgoal_id", "goal_ids"),
        (Organisation.municipalities.through, "municipality_id", "municipality_codes"),
        (Organisation.offer_categories.through, "offercategory_id", "offer_category_ids"),
    )
    for through, column, attribute in links:
        through.objects.bulk_create(
            through(organisation_id=demo.organisation.pk, **{column: value})
            for demo in batch
            for value in getattr(demo, attribute)
        )
    contacts = []
    for demo in batch:
        for contact in demo.contacts:
            contact.organisation_id = demo.organisation.pk
            contacts.append(contact)
    ContactPerson.objects.bulk_create(contacts)


def analyze() -> None:
    """Give PostgreSQL's planner statistics for the tables that just grew."""
    tables = [
        Organisation._meta.db_table,
        Organisation.activity_areas.through._meta.db_table,
        Organisation.global_goals.through._meta.db_table,
        Organisation.municipalities.through._meta.db_table,
        Organisation.offer_categories.through._meta.db_table,
        ContactPerson._meta.db_table,
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
