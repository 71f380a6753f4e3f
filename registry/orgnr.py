"""Swedish organisation numbers (organisationsnummer).

Ten digits written ``NNNNNN-NNNN``; the last digit is a Luhn check digit over the first
nine; the third digit is 2 or higher for a legal entity (a personnummer has a month
there, so 0 or 1, and must never be stored as an org number); the first digit tells the
group of legal entity. Input may come with or without the hyphen, with spaces, or in the
12-digit form prefixed ``16``.

People also type personnummer by mistake, in any of its forms (``900101-1234``,
``19900101-1234``, ``199001011234``, ``900101+1234`` for a person over 100): each gets
the personnummer message, never a misleading one about a check digit.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The longest org number people write: 12 digits and a hyphen ("16802002-4280"). Form
# fields take this many characters (spaces not counted); the column stores 11.
INPUT_MAX_LENGTH = 13

_DIGITS_ONLY = re.compile(r"^\d+$")
_NORMALISED = re.compile(r"^\d{6}-\d{4}$")
# Whitespace, hyphen-minus and the dashes a word processor puts in their place.
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013\u2014]+")
# A personnummer of someone who has turned 100 is written with a plus: 101231+1234.
_CENTENARIAN = re.compile(r"^\d{6}\+\d{4}$")
PERSONNUMMER_MESSAGE = _(
    "This looks like a personal identity number (personnummer). "
    "Enter the organisation's number instead; personal identity numbers "
    "are not stored in the register."
)

# First digit → the SCB legal-form codes that belong to that group.
GROUP_LEGAL_FORMS: dict[str, set[str]] = {
    "1": set(),  # dödsbon (estates): not a social-economy legal form
    "2": {"81", "82", "83", "84", "63"},
    "3": set(),  # foreign companies
    "5": {"49"},
    "6": {"21"},
    "7": {"51", "53", "54", "55"},
    "8": {"61", "62", "63", "71", "72", "93"},
    "9": {"31"},
}
# Legal forms that can carry any group digit (or none is known to us).
UNCHECKED_LEGAL_FORMS = {"98", "99"}


def luhn_check_digit(nine_digits: str) -> int:
    total = 0
    for index, char in enumerate(nine_digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def is_valid_luhn(ten_digits: str) -> bool:
    return luhn_check_digit(ten_digits[:9]) == int(ten_digits[9])


def normalise_org_number(value: str) -> str:
    """Return ``NNNNNN-NNNN`` or raise ``ValidationError`` with a message for a person."""
    raw = _SEPARATORS.sub("", (value or "").strip())
    if not raw:
        raise ValidationError(_("Enter an organisation number."), code="required")
    if _CENTENARIAN.match(raw):
        raise ValidationError(PERSONNUMMER_MESSAGE, code="personnummer")
    if not _DIGITS_ONLY.match(raw):
        raise ValidationError(
            _("An organisation number has only digits, written as NNNNNN-NNNN."),
            code="invalid_characters",
        )
    if len(raw) == 12:
        if raw.startswith(("18", "19", "20")):
            raise ValidationError(PERSONNUMMER_MESSAGE, code="personnummer")
        if not raw.startswith("16"):
            raise ValidationError(
                _("A 12-digit organisation number starts with 16."), code="invalid_prefix"
            )
        raw = raw[2:]
    if len(raw) != 10:
        raise ValidationError(
            _("An organisation number has 10 digits, written as NNNNNN-NNNN."),
            code="invalid_length",
        )
    if int(raw[2]) < 2:
        raise ValidationError(
            _(
                "This looks like a personal identity number (personnummer): in an "
                "organisation number the third digit is 2 or higher. Personal identity "
                "numbers are not stored in the register."
            ),
            code="personnummer",
        )
    if not is_valid_luhn(raw):
        raise ValidationError(
            _(
                "The organisation number is not valid: check the digits "
                "(the check digit does not match)."
            ),
            code="checksum",
        )
    if raw[0] not in GROUP_LEGAL_FORMS:
        raise ValidationError(
            _("No organisation number starts with %(digit)s."),
            code="invalid_group",
            params={"digit": raw[0]},
        )
    return f"{raw[:6]}-{raw[6:]}"


def is_normalised(value: str | None) -> bool:
    return bool(value) and bool(_NORMALISED.fullmatch(value))


def legal_form_matches_group(org_number: str, legal_form_code: str) -> bool:
    """Whether the org number's group digit fits the chosen SCB legal form."""
    if legal_form_code in UNCHECKED_LEGAL_FORMS:
        return True
    return legal_form_code in GROUP_LEGAL_FORMS.get(org_number[0], set())


# The org-id.guide list of Swedish organisation numbers (Bolagsverket): an organisation's
# open-data identifier is this scheme, a hyphen and the number, SE-ON-NNNNNN-NNNN.
ORG_ID_SCHEME = "SE-ON"


def org_id(org_number: str) -> str:
    """The open-data identifier (org-id.guide scheme SE-ON), the one way every page,
    file and API answer writes it (``Organisation.org_id``)."""
    return f"{ORG_ID_SCHEME}-{org_number}"


def vat_number(org_number: str) -> str:
    return "SE" + org_number.replace("-", "") + "01"


class OrgNumberFormField(forms.CharField):
    """What people type: up to 12 digits and a hyphen, spaces anywhere (not counted).

    The 12-digit forms must arrive whole: a personnummer typed by mistake
    ("19900101-1234") gets the personnummer message, and "16802002-4280" is accepted,
    instead of being cut at the column's 11 characters and reported as a wrong check
    digit. The browser's limit leaves room for spaces around and between the groups.
    """

    BROWSER_MAX_LENGTH = 20

    def __init__(self, **kwargs):
        kwargs["max_length"] = INPUT_MAX_LENGTH
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return re.sub(r"\s+", "", value) if isinstance(value, str) else value

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "maxlength" in attrs:
            attrs["maxlength"] = str(self.BROWSER_MAX_LENGTH)
        return attrs
