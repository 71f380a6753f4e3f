"""Forms for officers: an effort (with its goals and organisations), notes, reference data
and the period of the follow-up pages. Drawn like every form of the portal
(``socialeconomy.forms``: ``{{ form }}`` with the form's ``fieldsets``); the
``<form>`` element, the CSRF token and the error summary are in the templates, so several
forms can share one page and one summary. Every query they need is in
``partnerships.selectors``.

- ``common``: fields for dates, kronor, units and officers; the error list.
- ``effort``: the effort's own form, its goals, its organisations.
- ``bundle``: the three validated and summarised together.
- ``reference``: notes, units, policy documents, goals.
- ``followup``: the period of the follow-up pages.
"""

from partnerships.forms.bundle import EffortFormBundle
from partnerships.forms.common import (
    DateInput,
    OfficerChoiceField,
    SEKField,
    UnitChoiceField,
)
from partnerships.forms.effort import (
    EffortForm,
    GoalLinksForm,
    OrganisationLinkForm,
    OrganisationLinkFormSet,
)
from partnerships.forms.followup import PageChoiceForm, YearRangeForm, year_choices
from partnerships.forms.reference import DocumentForm, GoalForm, NoteForm, UnitForm

__all__ = [
    "DateInput",
    "DocumentForm",
    "EffortForm",
    "EffortFormBundle",
    "GoalForm",
    "GoalLinksForm",
    "NoteForm",
    "OfficerChoiceField",
    "OrganisationLinkForm",
    "OrganisationLinkFormSet",
    "PageChoiceForm",
    "SEKField",
    "UnitChoiceField",
    "UnitForm",
    "YearRangeForm",
    "year_choices",
]
