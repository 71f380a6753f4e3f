"""Optimistic locking: the one way two people editing one record cannot silently
overwrite each other.

A record that people edit is ``Versioned``: its ``version`` is raised by one on every
save, whoever saves. An edit names the version it started from; ``save_version`` raises it with one
``UPDATE … WHERE version = <started from>``, so of two saves from the same version
exactly one succeeds and the other gets ``EditConflict``, with the record as it is now,
to show beside what was typed. ``VersionLockForm`` does the same for the Django admin.
"""

from django import forms
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class EditConflict(Exception):
    """Someone else saved the record after the editor opened it. Nothing was written."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


class Versioned(models.Model):
    """A record people edit: every save raises ``version`` by one (a save with
    ``update_fields`` too), so any form opened on an older version is refused."""

    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Raised on every save; stops silent overwrites."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            if getattr(self, "_version_claimed", False):
                self._version_claimed = False  # save_version raised it already
            else:
                self.version += 1
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


def version_constraint(model_name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=models.Q(version__gte=1), name=f"{model_name}_version_positive"
    )


def save_version(instance: models.Model, *, started_from: int) -> None:
    """Claim the next version for ``instance`` (call before saving it, in the same
    transaction); ``EditConflict`` if someone saved since ``started_from``."""
    manager = type(instance)._default_manager
    claimed = manager.filter(pk=instance.pk, version=started_from).update(version=F("version") + 1)
    if not claimed:
        raise EditConflict(manager.get(pk=instance.pk))
    instance.version = started_from + 1
    instance._version_claimed = True


class VersionLockForm(forms.ModelForm):
    """For the admin: refuses to save over a change someone else saved after this form
    was opened. The form keeps everything typed, so nothing is lost."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("loaded_version")
        if self.instance.pk and loaded is not None:
            # The admin validates and saves in one transaction: the row stays locked.
            current = (
                type(self.instance)
                ._default_manager.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current is not None and current != loaded:
                raise forms.ValidationError(
                    _(
                        "Someone else saved this record after you opened it. Open it again "
                        "in a new tab to see their changes; your changes are still here."
                    ),
                    code="stale",
                )
        return cleaned


class VersionLockAdminMixin:
    """Raises the version of every record saved in the admin (``VersionLockForm``)."""

    form = VersionLockForm

    def save_model(self, request, obj, form, change):
        if change:
            loaded = form.cleaned_data.get("loaded_version")
            save_version(obj, started_from=obj.version if loaded is None else loaded)
        super().save_model(request, obj, form, change)
