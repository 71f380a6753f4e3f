"""What the partnerships forms share: fields for dates, kronor, units and officers, the
and the error list for the shared error summary."""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%Y-%m-%d"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATE_FORMAT)


class SEKField(forms.DecimalField):
    """Kronor as typed by people: "12 500", "12 500,50", "12500.50 kr" are all fine."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", Decimal("0"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs.pop("min", None)
        attrs.pop("max", None)
        attrs.update({"inputmode": "decimal", "autocomplete": "off"})
        return attrs

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]+", "", value)
            value = re.sub(r"(?i)(kr|sek|:-)$", "", value).replace(",", ".")
            if value == "":
                return Decimal("0.00") if not self.required else None
            try:
                Decimal(value)
            except InvalidOperation:
                raise ValidationError(
                    _("Write an amount in kronor, for example 12 500 or 12 500,50."),
                    code="invalid",
                ) from None
        return super().to_python(value)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class UnitSelect(forms.Select):
    """Each unit's option says its municipality (``data-municipality``), so that
    static/js/effort_form.js can tell which goals fit the chosen unit."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        if unit is not None:
            option["attrs"]["data-municipality"] = unit.municipality_id
        return option


class UnitChoiceField(forms.ModelChoiceField):
    widget = UnitSelect

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.municipality.name})"
