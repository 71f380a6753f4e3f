"""The effort's own form, its goals and its organisations. They are validated, shown and
summarised together by ``EffortFormBundle`` (``partnerships.forms.bundle``)."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from partnerships.forms.common import (
    DateInput,
    OfficerChoiceField,
    SEKField,
    UnitChoiceField,
)
from partnerships.models import Effort, EffortOrganisation, PolicyDocument
from partnerships.services import EFFORT_FIELDS, GoalLink, OrganisationLink, PaymentLine
from registry.models import Organisation
from socialeconomy.forms import KeyField, PortalForm, style_form


class EffortForm(PortalForm, forms.ModelForm):
    """The effort's own fields. Goals and organisations have their own forms below.

    ``units`` and ``officers`` are the querysets to choose from
    (``selectors.effort_units`` and ``selectors.effort_officers``)."""

    idempotency_key = KeyField()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    amount_applied = SEKField(label=_("Applied for (SEK)"), required=False)
    amount_awarded = SEKField(label=_("Awarded (SEK)"), required=False)
    in_kind_value = SEKField(
        label=_("In-kind value (SEK)"),
        required=False,
        help_text=_("The value of premises, staff time or other support in kind."),
    )

    required_messages = {"title": _("Enter the effort's title")}
    fieldsets = [
        (
            _("The effort"),
            [
                ("title",),
                ("kind", "status"),
                ("responsible_unit", "responsible_officer"),
                ("start_date", "end_date"),
                ("purpose",),
                ("description",),
            ],
        ),
        (
            _("Money"),
            [("amount_applied", "amount_awarded", "in_kind_value")],
        ),
        (_("Decision"), [("decision_diary_number", "decision_date", "decision_body")]),
        (
            _("Outcomes"),
            [("work_training_people", "participants", "new_enterprises"), ("outcome_notes",)],
        ),
        (_("Publication"), [("is_public",)]),
    ]

    class Meta:
        model = Effort
        fields = EFFORT_FIELDS
        field_classes = {
            "responsible_unit": UnitChoiceField,
            "responsible_officer": OfficerChoiceField,
        }
        widgets = {
            "start_date": DateInput,
            "end_date": DateInput,
            "decision_date": DateInput,
            "description": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "outcome_notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, units, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = units
        self.fields["responsible_unit"].empty_label = _("Choose a unit")
        self.fields["kind"].choices = [("", _("Choose a kind")), *Effort.Kind.choices]
        self.fields["responsible_officer"].queryset = officers
        self.fields["responsible_officer"].required = True
        self.fields["responsible_officer"].empty_label = _("Choose an officer")
        for name in ("decision_diary_number", "decision_date", "decision_body"):
            self.fields[name].label = {
                "decision_diary_number": _("Diary number of the decision"),
                "decision_date": _("Date of the decision"),
                "decision_body": _("Deciding body"),
            }[name]

    def clean_amount_applied(self):
        return self.cleaned_data["amount_applied"] or Decimal("0.00")

    def clean_amount_awarded(self):
        return self.cleaned_data["amount_awarded"] or Decimal("0.00")

    def clean_in_kind_value(self):
        return self.cleaned_data["in_kind_value"] or Decimal("0.00")

    def effort_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EFFORT_FIELDS}


def _iso(value) -> str:
    return value.isoformat() if value else ""


class GoalLinksForm(forms.Form):
    """One checkbox per goal the officer can choose, each with a note on how.

    Each checkbox carries what static/js/effort_form.js needs to tell whether the goal
    fits the chosen unit and dates: the codes of the municipalities its document applies
    to (``municipality_codes``: document id to codes), the document's validity and the
    goal's retirement date. The server checks the same rules (``services.goal_errors``).
    """

    summary_anchor = "goals"  # errors about the goals as a whole point at their fieldset

    def __init__(
        self,
        *args,
        goals,
        municipality_codes: dict[int, list[str]] | None = None,
        linked: dict[int, str] | None = None,
        **kwargs,
    ):
        kwargs.setdefault("prefix", "goals")
        super().__init__(*args, **kwargs)
        linked = linked or {}
        municipality_codes = municipality_codes or {}
        today = timezone.localdate()
        self.goals = [g for g in goals if g.pk in linked or not g.is_retired_on(today)]
        self.groups: list[tuple[PolicyDocument, list]] = []
        for goal in self.goals:
            document = goal.document
            check = forms.BooleanField(
                required=False, label=f"{goal.code} {goal.name}", initial=goal.pk in linked
            )
            check.widget.attrs.update(
                {
                    "data-goal-check": "",
                    "data-municipalities": " ".join(municipality_codes.get(document.pk, [])),
                    "data-valid-from": _iso(document.valid_from),
                    "data-valid-to": _iso(document.valid_to),
                    "data-retired-on": _iso(goal.retired_on),
                }
            )
            self.fields[f"goal_{goal.pk}"] = check
            self.fields[f"goal_{goal.pk}_note"] = forms.CharField(
                required=False,
                max_length=500,
                label=_("How the effort serves goal %(code)s") % {"code": goal.code},
                initial=linked.get(goal.pk, ""),
            )
            if not self.groups or self.groups[-1][0].pk != goal.document_id:
                self.groups.append((document, []))
            self.groups[-1][1].append((goal, self[f"goal_{goal.pk}"], self[f"goal_{goal.pk}_note"]))
        style_form(self)

    def clean(self):
        cleaned = super().clean()
        for goal in self.goals:
            if cleaned.get(f"goal_{goal.pk}_note") and not cleaned.get(f"goal_{goal.pk}"):
                self.add_error(
                    f"goal_{goal.pk}",
                    _(
                        "You wrote how the effort serves goal %(code)s: tick the goal too, or "
                        "clear the note."
                    )
                    % {"code": goal.code},
                )
        return cleaned

    def chosen_goals(self) -> list:
        """The goals ticked, whatever else is wrong with the form."""
        cleaned = getattr(self, "cleaned_data", {})
        return [goal for goal in self.goals if cleaned.get(f"goal_{goal.pk}")]

    def links(self) -> list[GoalLink]:
        return [
            GoalLink(goal=goal, note=self.cleaned_data.get(f"goal_{goal.pk}_note", "").strip())
            for goal in self.goals
            if self.cleaned_data.get(f"goal_{goal.pk}")
        ]


class OrganisationLinkForm(PortalForm, forms.Form):
    organisation = forms.TypedChoiceField(label=_("Organisation"), coerce=int, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *EffortOrganisation.Role.choices],
        required=False,
    )

    def __init__(self, *args, organisation_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisation_choices

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE"):
            return cleaned
        if cleaned.get("organisation") and not cleaned.get("role"):
            self.add_error("role", _("Choose the organisation's role in the effort."))
        if cleaned.get("role") and not cleaned.get("organisation"):
            self.add_error("organisation", _("Choose the organisation, or clear the role."))
        return cleaned


def organisation_choices(rows) -> list[tuple]:
    """Choices from ``selectors.effort_organisations``: "Name (org number)"."""
    choices = [("", _("Choose an organisation"))]
    choices += [(pk, f"{name} ({number})" if number else name) for pk, name, number in rows]
    return choices


class BaseOrganisationLinkFormSet(forms.BaseFormSet):
    item_label = _("Organisation %(number)s")
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "List at most %(num)d organisation.", "List at most %(num)d organisations.", "num"
        ),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove from the effort")
            form.fieldsets = [(None, [("organisation", "role", "DELETE")])]
        else:
            form.fieldsets = [(None, [("organisation", "role")])]
        style_form(form)

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            organisation = form.cleaned_data.get("organisation")
            if not organisation or form.cleaned_data.get("DELETE"):
                continue
            if organisation in seen:
                raise ValidationError(
                    _(
                        "An organisation is listed twice. "
                        "List each organisation once, with one role."
                    ),
                    code="duplicate",
                )
            seen.add(organisation)

    def links(self, organisations: dict[int, Organisation]) -> list[OrganisationLink]:
        return [
            OrganisationLink(
                organisations[form.cleaned_data["organisation"]], form.cleaned_data["role"]
            )
            for form in self.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        ]

    def chosen_ids(self) -> set[int]:
        return {
            form.cleaned_data["organisation"]
            for form in self.forms
            if form.cleaned_data.get("organisation") and not form.cleaned_data.get("DELETE")
        }


OrganisationLinkFormSet = forms.formset_factory(
    OrganisationLinkForm,
    formset=BaseOrganisationLinkFormSet,
    extra=2,
    can_delete=True,
    can_delete_extra=False,
    max_num=50,
    validate_max=True,
    absolute_max=50,  # a posted TOTAL_FORMS of 1 050 builds 50 rows, not 1 050
)


class PaymentForm(PortalForm, forms.Form):
    """One dated payment. A row left empty is ignored."""

    date = forms.DateField(label=_("Date paid"), required=False, widget=DateInput)
    amount = SEKField(label=_("Amount (SEK)"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or self.errors:
            return cleaned
        day, amount = cleaned.get("date"), cleaned.get("amount")
        if (amount or cleaned.get("note")) and not day:
            self.add_error("date", _("Give the day the money was paid."))
        typed = str(self.data.get(self.add_prefix("amount"), "")).strip()
        if (day or cleaned.get("note") or typed) and not amount:
            self.add_error("amount", _("Give the amount paid in kronor, more than 0."))
        return cleaned


class BasePaymentFormSet(forms.BaseFormSet):
    item_label = _("Payment %(number)s")
    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "List at most %(num)d payment.", "List at most %(num)d payments.", "num"
        ),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove the payment")
            form.fieldsets = [(None, [("date", "amount", "note", "DELETE")])]
        else:
            form.fieldsets = [(None, [("date", "amount", "note")])]
        style_form(form)

    def lines(self) -> list[PaymentLine]:
        """The payments given, whatever else is wrong with the form (valid rows only)."""
        result = []
        for form in self.forms:
            cleaned = getattr(form, "cleaned_data", {})
            if cleaned.get("DELETE") or not (cleaned.get("date") and cleaned.get("amount")):
                continue
            result.append(
                PaymentLine(cleaned["date"], cleaned["amount"], cleaned.get("note", "").strip())
            )
        return result


PaymentFormSet = forms.formset_factory(
    PaymentForm,
    formset=BasePaymentFormSet,
    extra=1,
    can_delete=True,
    can_delete_extra=False,
    max_num=200,
    validate_max=True,
    absolute_max=200,
)
