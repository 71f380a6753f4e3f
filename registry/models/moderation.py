"""Self-registration, moderation and self-service: submissions, e-mailed links, problem
reports and rate limits."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.models.organisation import Organisation

# --- Self-registration, moderation and self-service ---------------------------------


class Submission(models.Model):
    """A registration of a new organisation, or a change to an entry, awaiting an officer.

    A registration's organisation is created as a draft and reaches the queue (pending)
    when the submitter confirms their e-mail address. A change request leaves the public
    entry as it is: the proposed values live in ``data`` until an officer approves them.
    """

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("New registration")
        CHANGE = "change", _("Change request")

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Awaiting e-mail confirmation")
        PENDING = "pending", _("Awaiting review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    DECIDED = (Status.APPROVED, Status.REJECTED, Status.CHANGES_REQUESTED)

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="submissions",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.UNCONFIRMED
    )
    data = models.JSONField(_("proposed values"), default=dict, blank=True)
    base_version = models.PositiveIntegerField(
        _("entry's version when the change was made"), null=True, blank=True
    )
    submitter_name = models.CharField(_("submitter's name"), max_length=200)
    submitter_email = models.EmailField(_("submitter's e-mail"), max_length=254)
    language = models.CharField(_("language"), max_length=8, default="sv")
    submission_key = models.UUIDField(
        _("submission key"),
        unique=True,
        help_text=_("One per form shown, so that a double submission creates one entry."),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_message = models.TextField(_("message to the submitter"), blank=True, max_length=4000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        permissions = [("moderate_submission", _("Can moderate registrations and changes"))]
        indexes = [models.Index(fields=["status", "created_at"], name="submission_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "unconfirmed",
                        "pending",
                        "approved",
                        "rejected",
                        "changes_requested",
                    ]
                ),
                name="submission_status_known",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["registration", "change"]), name="submission_kind_known"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["approved", "rejected", "changes_requested"])
                | (Q(decided_at__isnull=False) & Q(decided_by__isnull=False)),
                name="submission_decision_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=Q(status="unconfirmed") | Q(confirmed_at__isnull=False),
                name="submission_reviewed_only_when_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.organisation}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def reference(self) -> str:
        """The number people quote about it: ``REG-2026-000123`` (the year it was made and
        its key, so it is unique, never changes and needs no column of its own)."""
        prefix = "REG" if self.kind == self.Kind.REGISTRATION else "CHG"
        year = timezone.localtime(self.created_at).year
        return f"{prefix}-{year}-{self.pk:06d}"

    @property
    def submitter(self) -> str:
        """Who sent it: "Name <address>", or the address alone when that is all there is
        (a self-service change request knows its sender only by the address)."""
        name = " ".join(self.submitter_name.split())
        if not self.submitter_email:  # erased (``registry.personal_data``)
            return name
        if not name or name.casefold() == self.submitter_email.casefold():
            return self.submitter_email
        return f"{name} <{self.submitter_email}>"


class AccessLink(models.Model):
    """A signed, expiring, single-use link sent by e-mail. The token in the link is
    signed with the site's key and names this row; the row makes it single-use."""

    class Purpose(models.TextChoices):
        CONFIRM_EMAIL = "confirm", _("Confirm e-mail address")
        EDIT = "edit", _("Edit the entry")
        VERIFY = "verify", _("Confirm the entry is still right")

    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="access_links"
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, null=True, blank=True, related_name="access_links"
    )
    email = models.EmailField(_("sent to"), max_length=254)
    nonce = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access link")
        verbose_name_plural = _("access links")
        indexes = [models.Index(fields=["purpose", "organisation", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return timezone.now() >= self.expires_at

    @property
    def is_used(self) -> bool:
        return self.used_at is not None


class ProblemReport(models.Model):
    """Anyone may report a problem with a public entry; officers resolve the reports."""

    class Category(models.TextChoices):
        WRONG_DETAILS = "wrong_details", _("Wrong or outdated details")
        CEASED = "ceased", _("The organisation has ceased")
        DUPLICATE = "duplicate", _("The organisation is listed twice")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="problem_reports",
        verbose_name=_("organisation"),
    )
    category = models.CharField(_("what is wrong"), max_length=20, choices=Category.choices)
    message = models.TextField(_("description"), max_length=2000)
    reporter_email = models.EmailField(_("your e-mail (optional)"), max_length=254, blank=True)
    submission_key = models.UUIDField(unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        "auth.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolution_note = models.TextField(_("how it was resolved"), blank=True, max_length=2000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("problem report")
        verbose_name_plural = _("problem reports")
        indexes = [models.Index(fields=["status", "created_at"], name="problem_queue_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open")
                | (Q(resolved_at__isnull=False) & Q(resolved_by__isnull=False)),
                name="problem_resolution_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.organisation}"


class RateLimitHit(models.Model):
    """One attempt at a rate-limited action, keyed by a hash of the action and the
    client's address (the address itself is not stored). Shared by every app server."""

    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["key", "created_at"], name="ratelimit_key_time_idx"),
            models.Index(fields=["created_at"], name="ratelimit_time_idx"),
        ]

    def __str__(self) -> str:
        return self.key
