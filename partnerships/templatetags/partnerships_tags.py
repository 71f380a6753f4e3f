"""Template filters for amounts in kronor."""

from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sek(value) -> str:
    """12500 → "12 500 kr" (Swedish) or "SEK 12,500" (English); öre only when there are any."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    amount = formats.number_format(value, places, use_l10n=True, force_grouping=True)
    return _("SEK %(amount)s") % {"amount": amount}


@register.filter
def amount(value) -> str:
    """An amount without the currency, grouped: for table cells under a "SEK" heading."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return formats.number_format(value, places, use_l10n=True, force_grouping=True)


@register.filter
def number(value) -> str:
    if value in (None, ""):
        return ""
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


@register.filter
def cell(value) -> str:
    """A cell of an indicator table (``indicators.Table``): whole numbers grouped,
    shares with one decimal, kronor with öre only when there are any, a dash for none."""
    if value is None:
        return "\u2013"
    if isinstance(value, bool | str):
        return str(value)
    if isinstance(value, float):
        return formats.number_format(value, 1, use_l10n=True, force_grouping=True)
    if isinstance(value, Decimal):
        return amount(value)
    return number(value)


@register.filter
def is_number(value) -> bool:
    return isinstance(value, int | float | Decimal) and not isinstance(value, bool)


# --- Reports -------------------------------------------------------------------------------


@register.filter
def cell_is_number(row, index) -> bool:
    """Whether the row's cell at ``index`` is a number (its column is right-aligned)."""
    try:
        return is_number(row[index])
    except (IndexError, TypeError):
        return False


@register.simple_tag
def join_id(*parts) -> str:
    """An id made of parts: ``{% join_id "q" 1 "b" 2 as id %}`` → ``q-1-b-2``."""
    return "-".join(str(part) for part in parts)
