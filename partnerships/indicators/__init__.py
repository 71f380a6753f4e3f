"""The indicators of the portal: one table of figures per indicator, computed live in the
database (aggregates, ``generate_series`` for the years), each with the definition of how
it is counted, shown beside it wherever it appears (README, "Indicators").

``table(key, ...)`` answers one indicator for a scope (municipalities, a county, or the
whole register) and a period of years; ``catalogue()`` lists them. The ``reports`` part of
the portal freezes tables with ``Table.as_dict()`` and reads them back with
``Table.from_dict()``.

The register counts published organisations (the register as the public sees it), each
entry on its own: an organisation that ceased and was registered again is two entries,
the old one ceased and the new one new from the year of its new registration.

The indicators themselves are in ``register`` (the register and survival) and
``efforts`` (the efforts, by ``partnerships.counting``'s rules); ``base`` has the
``Table``, the ``Scope`` and the charts. The catalogue is here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from partnerships.indicators.base import Indicator, Scope, Table
from partnerships.indicators.efforts import (
    effort_rules,
    efforts_by_kind,
    efforts_by_organisation_kind,
    efforts_by_unit,
    efforts_per_municipality,
    efforts_per_year,
    org_kind_definition,
    outcomes_definition,
    resource_equality,
    resource_equality_definition,
    work_training_and_new_enterprises,
)
from partnerships.indicators.register import (
    KINDS,
    _kind_label,
    _register_key,
    by_kind_definition,
    organisations_by_kind,
    register_by_municipality,
    register_definition,
    register_table,
    survival,
    survival_definition,
)

__all__ = [  # what the rest of the portal uses
    "KINDS",
    "Indicator",
    "Scope",
    "Table",
    "catalogue",
    "efforts_per_municipality",
    "table",
]

# --- The catalogue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    key: str
    title: Callable[[], str]
    definition: Callable[[], str]
    build: Callable[[Scope, int, int], Table]


def _entries() -> list[_Entry]:
    entries = [
        _Entry(
            _register_key(kind),
            lambda kind=kind: _("%(kind)s in the register per year") % {"kind": _kind_label(kind)},
            register_definition,
            register_table(kind),
        )
        for kind in [
            KINDS.SOCIAL_ENTERPRISE,
            *[k for k in KINDS.values if k != "social_enterprise"],
            None,
        ]
    ]
    entries += [
        _Entry(
            "register_by_municipality",
            lambda: _("Social enterprises per municipality"),
            register_definition,
            register_by_municipality,
        ),
        _Entry(
            "organisations_by_kind",
            lambda: _("Active organisations by kind at year end"),
            by_kind_definition,
            organisations_by_kind,
        ),
        _Entry(
            "survival",
            lambda: _("Survival of social enterprises (fortlever)"),
            survival_definition,
            survival,
        ),
        _Entry(
            "resource_equality",
            lambda: _("Resource equality by organisation kind (Motala goal 6)"),
            resource_equality_definition,
            resource_equality,
        ),
        _Entry(
            "efforts_per_year",
            lambda: _("Efforts, organisations reached and SEK per year"),
            effort_rules,
            efforts_per_year,
        ),
        _Entry("efforts_by_kind", lambda: _("Efforts by kind"), effort_rules, efforts_by_kind),
        _Entry(
            "efforts_by_unit",
            lambda: _("Efforts by responsible unit"),
            effort_rules,
            efforts_by_unit,
        ),
        _Entry(
            "efforts_by_organisation_kind",
            lambda: _("Efforts by organisation kind"),
            org_kind_definition,
            efforts_by_organisation_kind,
        ),
        _Entry(
            "work_training_and_new_enterprises",
            lambda: _("Work training and new enterprises"),
            outcomes_definition,
            work_training_and_new_enterprises,
        ),
    ]
    return entries


EFFORT_DEFINITIONS = (effort_rules, org_kind_definition, resource_equality_definition)
EFFORT_DEFINITIONS += (outcomes_definition,)


def catalogue() -> list[Indicator]:
    """Every indicator, in the order they are offered, translated."""
    return [Indicator(e.key, e.title(), e.definition()) for e in _entries()]


def table(
    key: str,
    *,
    municipality_codes: list[str] | None,
    county_code: str | None = None,
    first_year: int,
    last_year: int,
    public_only: bool = False,
) -> Table:
    """One indicator for a scope and a period (``None`` codes and county: the whole
    register). ``public_only``: count only the efforts published on the portal (the
    public statistics). Raises KeyError for an unknown key, ValueError for a backwards
    period."""
    if first_year > last_year:
        raise ValueError("first_year after last_year")
    entry = {e.key: e for e in _entries()}[key]
    scope = Scope(
        tuple(municipality_codes) if municipality_codes else None,
        None if municipality_codes else county_code,
        public_only,
    )
    result = entry.build(scope, first_year, last_year)
    if public_only and entry.definition in EFFORT_DEFINITIONS:
        result.definition += " " + _("Only the efforts published on the portal are counted.")
    return result
