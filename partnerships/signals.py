"""Every change to the effort log, however it is made (services, admin, shell), gives
the log a new version token, so cached follow-up figures are recomputed; and once the
change has committed, the policy documents' overviews are computed again at once, so
that the next reader finds them ready instead of waiting for them."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)
from registry.models import DataVersion

WATCHED = (Effort, EffortGoal, EffortOrganisation, MunicipalUnit, PolicyDocument, PolicyGoal)


def log_changed(sender, **kwargs) -> None:
    DataVersion.bump(DataVersion.EFFORT_LOG)
    # One transaction may register this many times; after the first has run, the
    # others find the reports in the cache and cost a cache look-up each.
    transaction.on_commit(warm_overviews, robust=True)


def warm_overviews() -> None:
    """Compute each policy document's overview (all years), the heaviest follow-up page,
    into this app server's cache under the log's new version."""
    from partnerships import followup

    for document in PolicyDocument.objects.all():
        followup.cached_document_report(document, followup.Years())


def connect() -> None:
    for model in WATCHED:
        post_save.connect(log_changed, sender=model, dispatch_uid=f"log-version-{model.__name__}")
        post_delete.connect(
            log_changed, sender=model, dispatch_uid=f"log-version-del-{model.__name__}"
        )
