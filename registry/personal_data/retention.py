"""Retention: what the portal no longer needs is pruned (``retention_prune``, run by
``manage.py prune_expired``)."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, ProtectedError, Q, QuerySet
from django.utils import timezone

from registry import history
from registry.history import Source
from registry.models import (
    AccessLink,
    ImportJob,
    Organisation,
    ProblemReport,
    Submission,
)
from registry.personal_data.places import contacts_erase

logger = logging.getLogger(__name__)


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
