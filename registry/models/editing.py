"""What officers do to the register under a form's key: the one row that makes a double
submit of a bulk action or of a new entry do the work once (``registry.idempotency``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.organisation import Organisation


class OfficerActionKind(models.TextChoices):
    CREATE = "create", _("Create an entry")
    PUBLISH = "publish", _("Publish")
    HIDE = "hide", _("Hide")
    VERIFY = "verify", _("Send a verification request")


class OfficerAction(models.Model):
    Kind = OfficerActionKind

    key = models.UUIDField(
        _("key"),
        unique=True,
        help_text=_("One per form shown, so that a double submission does the work once."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    officer = models.ForeignKey(
        "auth.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation created"),
    )
    touched = models.PositiveIntegerField(_("organisations changed"), default=0)
    skipped = models.PositiveIntegerField(_("organisations left as they were"), default=0)
    created_at = models.DateTimeField(_("done"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("officer action")
        verbose_name_plural = _("officer actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OfficerActionKind.values), name="officer_action_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at.date().isoformat()})"
