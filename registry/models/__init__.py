"""The register of social-economy organisations and its reference data.

The model fields that normalise on every write (``OrgNumberField``, ``PostalCodeField``)
are defined here, in ``registry.models`` itself, because migrations name them by that
path; the models live in the modules below and are all importable from here.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from registry import orgnr

POSTAL_CODE_RE = re.compile(r"^\d{3} \d{2}$")
postal_code_validator = RegexValidator(
    POSTAL_CODE_RE, _("A postal code is five digits written as NNN NN, for example 591 86.")
)


class OrgNumberField(models.CharField):
    """An organisation number, normalised to ``NNNNNN-NNNN`` on the way in (see ``orgnr``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 11)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": orgnr.OrgNumberFormField, **kwargs})

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None if self.null else ""
        return orgnr.normalise_org_number(value)


class PostalCodeField(models.CharField):
    """A Swedish postal code, normalised to ``NNN NN`` ("59186" and "591 86" are the same)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 6)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return ""
        digits = re.sub(r"\s+", "", value)
        if not re.fullmatch(r"\d{5}", digits):
            raise ValidationError(postal_code_validator.message, code="invalid_postal_code")
        return f"{digits[:3]} {digits[3:]}"


from registry.models.counts import RegisterCount  # noqa: E402
from registry.models.duplicates import (  # noqa: E402
    DuplicateDismissal,
    OrganisationRedirect,
)
from registry.models.editing import OfficerAction  # noqa: E402
from registry.models.imports import ImportJob, ImportMapping  # noqa: E402
from registry.models.moderation import (  # noqa: E402 - after the fields they use
    AccessLink,
    ProblemReport,
    RateLimitHit,
    Submission,
)
from registry.models.organisation import (  # noqa: E402
    ContactPerson,
    Organisation,
    OrganisationManager,
    SearchWord,
)
from registry.models.outbox import OutboxMessage  # noqa: E402
from registry.models.personal_data import Erasure  # noqa: E402
from registry.models.reference import (  # noqa: E402
    ActivityArea,
    County,
    GlobalGoal,
    LegalForm,
    Municipality,
    OfferCategory,
    TranslatedNameMixin,
)
from registry.models.versions import DataVersion  # noqa: E402

__all__ = [
    "POSTAL_CODE_RE",
    "AccessLink",
    "ActivityArea",
    "ContactPerson",
    "County",
    "DataVersion",
    "DuplicateDismissal",
    "Erasure",
    "GlobalGoal",
    "ImportJob",
    "ImportMapping",
    "LegalForm",
    "Municipality",
    "OfferCategory",
    "OfficerAction",
    "OrgNumberField",
    "Organisation",
    "OrganisationManager",
    "OrganisationRedirect",
    "OutboxMessage",
    "PostalCodeField",
    "ProblemReport",
    "RateLimitHit",
    "RegisterCount",
    "SearchWord",
    "Submission",
    "TranslatedNameMixin",
    "postal_code_validator",
]
