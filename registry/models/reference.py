"""Reference data of the register, loaded by data migrations."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class TranslatedNameMixin:
    """Reference data carries a Swedish and an English name; show the one in use."""

    @property
    def name(self) -> str:
        if (get_language() or "sv").startswith("en") and self.name_en:
            return self.name_en
        return self.name_sv

    def __str__(self) -> str:
        return self.name


# --- Reference data (loaded by data migrations) --------------------------------------


class County(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    code = models.CharField(_("code"), max_length=4, primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class LegalForm(TranslatedNameMixin, models.Model):
    """SCB's legal forms, plus "ej registrerad" (code ``00``) for an unregistered association."""

    UNREGISTERED = "00"

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")


class ActivityArea(TranslatedNameMixin, models.Model):
    """A managed list of what organisations work with."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_sv"]
        verbose_name = _("activity area")
        verbose_name_plural = _("activity areas")


class GlobalGoal(TranslatedNameMixin, models.Model):
    """The 17 Sustainable Development Goals of Agenda 2030."""

    number = models.PositiveSmallIntegerField(
        _("number"), primary_key=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("global goal")
        verbose_name_plural = _("global goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="globalgoal_number_1_to_17"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class OfferCategory(TranslatedNameMixin, models.Model):
    """What an organisation sells to the public sector and business."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name_sv = models.CharField(_("name (Swedish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "name_sv"]
        verbose_name = _("offer category")
        verbose_name_plural = _("offer categories")
