"""What an organisation may change about itself, and change requests as JSON.

A change request stores the proposed values in ``Submission.data``: model instances by
primary key, sets as sorted key lists, dates as ISO strings. The same shape describes
the entry as it is, so the two can be compared field by field.
"""

import datetime

from registry.models import Organisation

# The fields an organisation edits about itself (the moderated part of an entry).
SELF_SERVICE_FIELDS = [
    "name",
    "alternate_names",
    "org_number",
    "legal_form",
    "kind",
    "work_integrating",
    "activity_areas",
    "global_goals",
    "home_municipality",
    "municipalities",
    "presentation",
    "description",
    "founded_year",
    "website",
    "email",
    "phone",
    "street_address",
    "postal_code",
    "city",
    "employees",
    "people_in_work_integration",
    "offers",
    "offer_categories",
    "sells_to_public_sector",
    "sells_to_business",
]
M2M_FIELDS = {"activity_areas", "global_goals", "municipalities", "offer_categories"}


def serialise_changes(cleaned: dict) -> dict:
    """Form data as JSON: model instances by key, sets as sorted key lists, dates as ISO."""
    data = {}
    for name, value in cleaned.items():
        if name in M2M_FIELDS:
            data[name] = sorted(item.pk for item in value)
        elif hasattr(value, "pk"):
            data[name] = value.pk
        elif isinstance(value, datetime.date | datetime.datetime):
            data[name] = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | str):
            data[name] = str(value)
        else:
            data[name] = value
    return data


def organisation_values(organisation: Organisation, fields: list[str]) -> dict:
    """The entry's current values, serialised like ``serialise_changes``."""
    values = {}
    for name in fields:
        if name in M2M_FIELDS:
            values[name] = getattr(organisation, name).all()
        else:
            values[name] = getattr(organisation, Organisation._meta.get_field(name).attname)
    return serialise_changes(values)


def changed_values(organisation: Organisation, proposed: dict) -> dict:
    """Only the proposed values that differ from the entry as it is."""
    current = organisation_values(organisation, list(proposed))
    return {name: value for name, value in proposed.items() if current.get(name) != value}
