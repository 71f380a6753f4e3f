"""Every change to the effort log, however it is made (services, admin, shell), gives
the log a new version token, so cached follow-up figures are recomputed."""

from django.db.models.signals import post_delete, post_save

from partnerships.models import (
    Effort,
    EffortGoal,
    EffortOrganisation,
    LogVersion,
    MunicipalUnit,
    PolicyDocument,
    PolicyGoal,
)

WATCHED = (Effort, EffortGoal, EffortOrganisation, MunicipalUnit, PolicyDocument, PolicyGoal)


def log_changed(sender, **kwargs) -> None:
    LogVersion.bump()


def connect() -> None:
    for model in WATCHED:
        post_save.connect(log_changed, sender=model, dispatch_uid=f"log-version-{model.__name__}")
        post_delete.connect(
            log_changed, sender=model, dispatch_uid=f"log-version-del-{model.__name__}"
        )
